import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { DatabaseTimeoutError } from './bounded-pg-client';
import { isDatabaseUnavailable } from './database-errors';

const withCode = (code: string, message = 'x'): Error =>
  Object.assign(new Error(message), { code });
const queryFailed = (driverError: Error): QueryFailedError =>
  new QueryFailedError('SELECT 1', [], driverError);

describe('isDatabaseUnavailable', () => {
  it.each([
    ['socket refused', withCode('ECONNREFUSED')],
    ['socket reset', withCode('ECONNRESET')],
    [
      'server shutting down (pg_ctl -m fast)',
      queryFailed(withCode('57P01', 'terminating connection due to administrator command')),
    ],
    ['server starting up', withCode('57P03', 'the database system is starting up')],
    ['connection failure', queryFailed(withCode('08006'))],
    ['too many connections', withCode('53300')],
    [
      'connection dropped mid-statement',
      queryFailed(new Error('Connection terminated unexpectedly')),
    ],
    ['pool wait or connect over the limit', new Error('timeout exceeded when trying to connect')],
    [
      'a client whose connection failed',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    ['a statement on a dead connection', queryFailed(new DatabaseTimeoutError(2_000))],
    [
      'a connection that failed between two statements of a transaction',
      new QueryRunnerAlreadyReleasedError(),
    ],
    ['the same, met through an entity manager', new QueryRunnerProviderAlreadyReleasedError()],
    ['SQLite lock held elsewhere', queryFailed(withCode('SQLITE_BUSY', 'database is locked'))],
    ['SQLite stale snapshot', queryFailed(withCode('SQLITE_BUSY_SNAPSHOT'))],
    ['SQLite I/O error', queryFailed(withCode('SQLITE_IOERR_WRITE'))],
    ['SQLite disk full', queryFailed(withCode('SQLITE_FULL'))],
    ['every address refused', Object.assign(new AggregateError([withCode('ECONNREFUSED')]), {})],
  ])('%s: yes', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['unique violation', queryFailed(withCode('23505'))],
    ['SQLite unique violation', queryFailed(withCode('SQLITE_CONSTRAINT_UNIQUE'))],
    ['syntax error', queryFailed(withCode('42601'))],
    ['a statement cancelled by statement_timeout', queryFailed(withCode('57014'))],
    ['any other error', new Error('Cannot read properties of undefined')],
    ['not an error', 'ECONNREFUSED'],
    ['nothing', null],
  ])('%s: no', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
