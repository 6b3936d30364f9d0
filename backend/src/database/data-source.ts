import fs from 'node:fs';
import path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/config';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { boundedPgClient } from './bounded-pg-client';

/**
 * How long the application waits on the database before it answers 503 instead (fail fast on an
 * outage, never hang). The defaults suit production; tests pass shorter ones.
 */
export interface DatabaseLimits {
  /** PostgreSQL: a new connection must be established within this (down or unreachable server). */
  connectMs: number;
  /**
   * PostgreSQL: a request waits at most this long for a free pooled connection (all of them busy:
   * a burst of load). Longer than connectMs, so that load queues instead of failing, while an
   * outage still fails at once (a dead server's connections error out and free their slots).
   */
  acquireMs: number;
  /**
   * PostgreSQL: a statement with no answer for this long is taken as a dead connection: its socket
   * is destroyed (the pool then drops it). Above the slowest legitimate statement (the whole
   * network's outcomes).
   */
  queryMs: number;
  /** PostgreSQL: the server ends a session left idle inside a transaction (frees its locks). */
  idleInTransactionMs: number;
  /** PostgreSQL: connections in the pool. */
  poolSize: number;
  /** SQLite: how long a write waits for another process's lock before SQLITE_BUSY. */
  sqliteBusyMs: number;
}

export const DEFAULT_DATABASE_LIMITS: DatabaseLimits = {
  connectMs: 3_000,
  acquireMs: 10_000,
  queryMs: 60_000,
  idleInTransactionMs: 30_000,
  poolSize: 10,
  sqliteBusyMs: 5_000,
};

/** An entity class: each feature module lists its own (`static readonly entities`). */
export type EntityClass = new (...args: never[]) => object;

/** A database setting with limits other than the defaults (the API tests' outage checks). */
export type LimitedDatabaseConfig = DatabaseConfig & { limits?: Partial<DatabaseLimits> };

/**
 * TypeORM options for either database. Schema changes only ever come from MIGRATIONS. The entities
 * are the features' (each feature module registers its own; src/features.ts composes them), so that
 * database/ knows no feature.
 */
export function dataSourceOptions(
  db: LimitedDatabaseConfig,
  entities: readonly EntityClass[],
): DataSourceOptions {
  const limits = { ...DEFAULT_DATABASE_LIMITS, ...db.limits };
  const common = {
    entities: [...entities] as EntityClass[],
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    logging: false,
  } as const;
  if (db.kind === 'sqlite') {
    if (db.location !== ':memory:') fs.mkdirSync(path.dirname(db.location), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: db.location,
      enableWAL: true,
      timeout: limits.sqliteBusyMs,
      // FULL: a committed write survives power loss, which NORMAL does not promise in WAL mode.
      prepareDatabase: (connection: { pragma(source: string): unknown }) => {
        connection.pragma('synchronous = FULL');
      },
    };
  }
  return {
    ...common,
    type: 'postgres',
    url: db.location,
    extra: {
      max: limits.poolSize,
      // pg-pool: the wait for a pooled connection (free or new); each new connection's own
      // connect limit is the shorter connectMs (set by boundedPgClient).
      connectionTimeoutMillis: limits.acquireMs,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      idle_in_transaction_session_timeout: limits.idleInTransactionMs,
      Client: boundedPgClient(limits),
    },
  };
}
