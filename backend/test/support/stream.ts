import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';

export interface OpenStream {
  status: number;
  contentType: string | undefined;
  /** Resolves with the body received so far once `predicate` holds (or the timeout passes). */
  waitFor: (predicate: (body: string) => boolean, timeoutMs?: number) => Promise<string>;
  close: () => void;
}

/** Opens a long-lived (SSE) request against the app on an ephemeral port, returning as soon as headers arrive. */
export async function openStream(
  app: INestApplication,
  path: string,
  headers: Record<string, string> = {},
): Promise<OpenStream> {
  const server = app.getHttpServer() as http.Server;
  if (!server.listening)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      const waiters: (() => void)[] = [];
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        for (const w of waiters.splice(0)) w();
      });
      resolve({
        status: res.statusCode ?? 0,
        contentType: res.headers['content-type'],
        waitFor: (predicate, timeoutMs = 2000) =>
          new Promise((done) => {
            const deadline = setTimeout(() => done(body), timeoutMs);
            const check = () => {
              if (predicate(body)) {
                clearTimeout(deadline);
                done(body);
              } else waiters.push(check);
            };
            check();
          }),
        close: () => req.destroy(),
      });
    });
    req.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
    });
  });
}
