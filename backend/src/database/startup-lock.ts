import type { DataSource } from 'typeorm';

/** PostgreSQL advisory lock key held while an instance migrates and bootstraps (the audit chain uses 7270001). */
export const STARTUP_LOCK_KEY = 7_270_002;

/**
 * Runs `work` while holding the start-up lock, so several API instances starting together against one
 * PostgreSQL database migrate and create the first administrator one after the other: the first does
 * the work, the others find it done. A session-level advisory lock on a connection of its own, released
 * in every case (and by the server if the process dies). SQLite is one instance by design: no lock.
 */
export async function withStartupLock<T>(
  dataSource: DataSource,
  work: () => Promise<T>,
): Promise<T> {
  if (dataSource.options.type !== 'postgres') return work();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
