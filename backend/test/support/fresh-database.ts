import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { type DatabaseConfig, parseDatabaseUrl } from '../../src/config/config';

export interface FreshDatabase {
  /** The database to open (pass it to startApi as `database`). */
  database: DatabaseConfig;
  /** Removes the database; call it after every connection to it is closed. */
  drop: () => Promise<void>;
}

/**
 * A new, empty database of the same kind as DATABASE_URL, for a test that needs one of its own
 * (the database the test runner gives is shared by every API test file): SQLite, a file in a new
 * temporary directory; PostgreSQL, a database created next to the one DATABASE_URL names (the role
 * needs CREATEDB), dropped again by `drop`.
 */
export async function freshDatabase(label: string): Promise<FreshDatabase> {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('API tests need DATABASE_URL');
  const current = parseDatabaseUrl(url);
  const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

  if (current.kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`));
    return {
      database: parseDatabaseUrl(`sqlite:${path.join(dir, `${label}.sqlite`)}`),
      drop: async () => fs.promises.rm(dir, { recursive: true, force: true }),
    };
  }

  // Identifiers cannot be bound as parameters: the name is built from [a-z0-9_] only.
  const name = `${label.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_${suffix}`;
  const admin = async (sql: string): Promise<void> => {
    const client = new Client({ connectionString: current.location });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const fresh = new URL(current.location);
  fresh.pathname = `/${name}`;
  return {
    database: parseDatabaseUrl(fresh.toString()),
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
