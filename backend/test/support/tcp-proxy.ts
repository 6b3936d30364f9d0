import net from 'node:net';

/**
 * A TCP proxy between the application and PostgreSQL, so a test can take "the database" away and
 * give it back without touching the shared server:
 *   - `cut()`: every open connection is reset and the port refuses new ones (a server that is down);
 *   - `freeze()`: open connections stop carrying bytes and new ones are accepted but never answered
 *     (a black hole: a host that went away without closing anything);
 *   - `loseCommitReply(marker)`: the next COMMIT of a transaction whose statements contained
 *     `marker` reaches the server, the server's answer is swallowed and the connection is then
 *     reset (a commit whose outcome the application cannot know);
 *   - `restore()`: back to normal.
 */
export interface TcpProxy {
  /** The port the application connects to. */
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string;
  cut(): Promise<void>;
  freeze(options?: { dropOpen?: boolean }): void;
  /** Resolves once the COMMIT was forwarded and the server answered it (the answer never arrives). */
  loseCommitReply(marker: string): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket | null;
  /** The last bytes sent by the client, so a marker split across two chunks is still seen. */
  tail: Buffer;
  sawMarker: boolean;
}

const COMMIT = Buffer.from('COMMIT\0');

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let mode: 'open' | 'frozen' | 'down' = 'open';
  let commitTrap: { marker: Buffer; hit: () => void } | null = null;

  const drop = (pair: Pair): void => {
    pairs.delete(pair);
    pair.client.resetAndDestroy();
    pair.upstream?.resetAndDestroy();
  };

  const server = net.createServer((client) => {
    const pair: Pair = { client, upstream: null, tail: Buffer.alloc(0), sawMarker: false };
    pairs.add(pair);
    client.on('error', () => drop(pair));
    client.on('close', () => drop(pair));
    if (mode !== 'open') return; // frozen: accepted, never answered
    const upstream = net.connect(targetPort, targetHost);
    pair.upstream = upstream;
    upstream.on('error', () => drop(pair));
    upstream.on('close', () => drop(pair));
    let swallowing = false;
    client.on('data', (chunk: Buffer) => {
      if (mode === 'frozen') return;
      const seen = Buffer.concat([pair.tail, chunk]);
      pair.tail = seen.subarray(Math.max(0, seen.length - 256));
      if (commitTrap) {
        if (seen.includes(commitTrap.marker)) pair.sawMarker = true;
        if (pair.sawMarker && seen.includes(COMMIT)) {
          // Forward the COMMIT, swallow the server's answer, then reset the client's connection.
          const { hit } = commitTrap;
          commitTrap = null;
          swallowing = true;
          upstream.once('data', () => {
            drop(pair);
            hit();
          });
        }
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (mode === 'frozen' || swallowing) return;
      client.write(chunk);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const pair of [...pairs]) drop(pair);
    });

  return {
    port,
    urlFor(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    async cut() {
      mode = 'down';
      await stopListening();
    },
    freeze(options = {}) {
      mode = 'frozen';
      if (options.dropOpen) for (const pair of [...pairs]) drop(pair);
    },
    loseCommitReply(marker) {
      return new Promise<void>((resolve) => {
        commitTrap = { marker: Buffer.from(marker), hit: resolve };
      });
    },
    async restore() {
      // Connections opened while frozen are ended; the application's pool opens new ones.
      for (const pair of [...pairs]) if (mode !== 'open') drop(pair);
      if (mode === 'down') await listen();
      mode = 'open';
    },
    async close() {
      commitTrap = null;
      if (mode !== 'down') await stopListening();
    },
  };
}
