import { Client, type ClientConfig } from 'pg';

/** The error a statement fails with when its connection gave no answer in time. */
export class DatabaseTimeoutError extends Error {
  /** Classed with the connection failures (see isDatabaseUnavailable): the request answers 503. */
  readonly code = 'ETIMEDOUT';

  constructor(ms: number) {
    super(`The database gave no answer within ${ms} ms; the connection was closed`);
    this.name = 'DatabaseTimeoutError';
  }
}

interface WithSocket {
  connection?: { stream?: { destroy(error?: Error): void } };
}

/**
 * A pg Client that connects within `connectMs` (pg-pool gives every client its own, longer, wait
 * for a free connection) and whose promise-returning queries cannot hang on a dead connection (a
 * peer that went away without closing the socket): after `queryMs` with no answer the socket is
 * destroyed, so the statement, and any queued behind it, fail at once with a connection error and
 * the pool drops the client (pg's own `query_timeout` leaves the dead socket in the pool). A
 * statement that is merely slow and finishes in time is never touched.
 */
export function boundedPgClient({
  connectMs,
  queryMs,
}: {
  connectMs: number;
  queryMs: number;
}): typeof Client {
  return class BoundedClient extends Client {
    constructor(config?: string | ClientConfig) {
      super(
        typeof config === 'string'
          ? { connectionString: config, connectionTimeoutMillis: connectMs }
          : { ...config, connectionTimeoutMillis: connectMs },
      );
      const query = this.query.bind(this) as (...args: unknown[]) => unknown;
      const bounded = (...args: unknown[]): unknown => {
        const result = query(...args);
        // Callback and stream forms (pg-pool's own checks) are left as they are.
        if (!(result instanceof Promise)) return result;
        const timer = setTimeout(() => {
          (this as WithSocket).connection?.stream?.destroy(new DatabaseTimeoutError(queryMs));
        }, queryMs);
        timer.unref();
        return result.finally(() => clearTimeout(timer));
      };
      Object.defineProperty(this, 'query', { value: bounded, writable: true, configurable: true });
    }
  };
}
