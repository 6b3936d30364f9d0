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
 *   - `terminateAfter(marker)`: the server's answer to the next statement containing `marker` (inside
 *     a transaction) is delivered together with a FATAL 57P01 "terminating connection due to
 *     administrator command" in the same packet, then the connection is reset: what a client
 *     between two statements of a transaction sees when the server shuts down (pg_ctl -m fast);
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
  /** Resolves once the answer and the FATAL were delivered and the connection reset. */
  terminateAfter(marker: string): Promise<void>;
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
/** ReadyForQuery, in a transaction block: the end of the server's answer to a statement. */
const READY_IN_TRANSACTION = Buffer.from([0x5a, 0, 0, 0, 5, 0x54]);

/** A PostgreSQL ErrorResponse message: FATAL 57P01 admin_shutdown. */
function adminShutdownMessage(): Buffer {
  const fields = Buffer.concat([
    Buffer.from('SFATAL\0VFATAL\0C57P01\0'),
    Buffer.from('Mterminating connection due to administrator command\0'),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let mode: 'open' | 'frozen' | 'down' = 'open';
  let commitTrap: { marker: Buffer; hit: () => void } | null = null;
  let terminateTrap: { marker: Buffer; hit: () => void } | null = null;

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
    let terminating: (() => void) | null = null;
    client.on('data', (chunk: Buffer) => {
      if (mode === 'frozen') return;
      const seen = Buffer.concat([pair.tail, chunk]);
      pair.tail = seen.subarray(Math.max(0, seen.length - 256));
      if (terminateTrap && seen.includes(terminateTrap.marker)) {
        terminating = terminateTrap.hit;
        terminateTrap = null;
      }
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
    let answer = Buffer.alloc(0);
    upstream.on('data', (chunk: Buffer) => {
      if (mode === 'frozen' || swallowing) return;
      if (terminating) {
        // Hold the answer until it is complete, then send it and the FATAL as one packet.
        answer = Buffer.concat([answer, chunk]);
        if (!answer.subarray(-6).equals(READY_IN_TRANSACTION)) return;
        const hit = terminating;
        terminating = null;
        client.write(Buffer.concat([answer, adminShutdownMessage()]), () => {
          drop(pair);
          hit();
        });
        return;
      }
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
    terminateAfter(marker) {
      return new Promise<void>((resolve) => {
        terminateTrap = { marker: Buffer.from(marker), hit: resolve };
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
      terminateTrap = null;
      if (mode !== 'down') await stopListening();
    },
  };
}
