import { startServer } from './server';

export default async function globalSetup(): Promise<void> {
  const { process: child } = await startServer();
  // Keep the server running after setup returns; teardown stops it by pid.
  child.unref();
  child.stdout?.destroy();
  child.stderr?.destroy();
}
