import { stopServer } from './server';

export default function globalTeardown(): void {
  stopServer();
}
