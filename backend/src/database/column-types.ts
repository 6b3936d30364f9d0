/**
 * Column types that differ between the two databases. The same entities and migrations run on
 * SQLite and PostgreSQL; only these physical types change (timestamps are timestamptz on
 * PostgreSQL, TypeORM's UTC "datetime" text on SQLite).
 */
import type { ColumnType } from 'typeorm';
import { databaseKindFromEnv } from '../config/config';

const postgres = databaseKindFromEnv() === 'postgres';

export const TIMESTAMP: ColumnType = postgres ? 'timestamptz' : 'datetime';
export const UUID: ColumnType = postgres ? 'uuid' : 'varchar';
export const FLOAT: ColumnType = 'double precision';
export const isPostgres = postgres;
