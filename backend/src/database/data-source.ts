import fs from 'node:fs';
import path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** TypeORM options for either database. Schema changes only ever come from MIGRATIONS. */
export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
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
      timeout: 10_000,
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
    extra: { max: 10, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 },
  };
}
