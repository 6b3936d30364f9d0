import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

/**
 * Errors that mean "the database cannot be reached or cannot take the work now", as opposed to a
 * bad statement or a broken rule: the request answers 503 with Retry-After, and a client may retry
 * (a write sent with an Idempotency-Key is then answered from its record if it did commit).
 */

/** Node socket errors and PostgreSQL SQLSTATEs (class 08 connection, 57P0x shutdown, 53 resources). */
const CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EAI_AGAIN',
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
  '57P01', // admin_shutdown (pg_ctl stop/restart -m fast, pg_terminate_backend)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, in recovery)
  '53300', // too_many_connections
  '53100', // disk_full
  '53200', // out_of_memory
  '25006', // read_only_sql_transaction (a standby during failover)
]);

/** better-sqlite3 codes: another process holds the lock, or the file cannot be read or written. */
const SQLITE_PREFIXES = [
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
];

/** node-postgres and pg-pool errors that carry no code, by their fixed texts. */
const MESSAGES = [
  /^Connection terminated/, // "... unexpectedly", "... due to connection timeout"
  /^timeout exceeded when trying to connect$/, // pg-pool: no connection within connectionTimeoutMillis
  /^timeout expired$/, // pg Client connect timeout
  /is not queryable$/, // a client whose connection already failed
  /^Query read timeout$/,
  /^Client network socket disconnected/,
];

function codeOf(error: object): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = e.driverError?.code ?? e.code;
  return typeof code === 'string' ? code : undefined;
}

function messagesOf(error: object): string[] {
  const e = error as { message?: unknown; driverError?: { message?: unknown } };
  return [e.message, e.driverError?.message].filter((m): m is string => typeof m === 'string');
}

export function isDatabaseUnavailable(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  // A connection that fails between two statements of a unit of work: TypeORM releases the query
  // runner on the connection's error event, and the unit's next statement meets this instead of
  // the connection error (units of work never use a runner after releasing it themselves). Which of
  // the two it meets depends on the statement (a query runner's own or an entity manager's).
  if (
    error instanceof QueryRunnerAlreadyReleasedError ||
    error instanceof QueryRunnerProviderAlreadyReleasedError
  )
    return true;
  const code = codeOf(error);
  if (code && (CODES.has(code) || SQLITE_PREFIXES.some((p) => code.startsWith(p)))) return true;
  // An AggregateError (a host name resolving to several addresses, all refused) holds the codes.
  const inner = (error as { errors?: unknown }).errors;
  if (Array.isArray(inner) && inner.some(isDatabaseUnavailable)) return true;
  return messagesOf(error).some((m) => MESSAGES.some((pattern) => pattern.test(m)));
}

/** Seconds a client is asked to wait before retrying (the pool reconnects on the next request). */
export const RETRY_AFTER_SECONDS = 2;
