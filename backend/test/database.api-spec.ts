import { startApi, type TestApi } from './support/api';

describe('database layer', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('has run every migration, and schema changes come only from migrations', async () => {
    expect(api.ds.options.synchronize).toBe(false);
    expect(await api.ds.showMigrations()).toBe(false); // nothing pending
    const applied = await api.ds.query<{ name: string }[]>('SELECT name FROM migrations');
    expect(applied.map((m) => m.name)).toContain('InitialSchema1764547200000');
  });

  /** The leading column of the table's primary-key index, as the database built it. */
  async function primaryKeyLeader(table: string): Promise<string[]> {
    if (api.config.database.kind === 'postgres') {
      const rows = await api.ds.query<{ attname: string }[]>(
        `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
          WHERE i.indrelid = $1::regclass AND i.indisprimary`,
        [table],
      );
      return rows.map((r) => r.attname);
    }
    const rows = await api.ds.query<{ name: string; pk: number }[]>(
      `PRAGMA table_info("${table}")`,
    );
    return rows.filter((r) => r.pk === 1).map((r) => r.name);
  }

  it('indexes every foreign key (an index whose leading column is the key)', async () => {
    const runner = api.ds.createQueryRunner();
    try {
      const tables = await runner.getTables(api.ds.entityMetadatas.map((m) => m.tableName));
      const missing: string[] = [];
      for (const table of tables) {
        for (const fk of table.foreignKeys) {
          const column = fk.columnNames[0];
          const leading = [
            ...table.indices.map((i) => i.columnNames[0]),
            ...table.uniques.map((u) => u.columnNames[0]),
            ...(await primaryKeyLeader(table.name)),
          ];
          if (!leading.includes(column)) missing.push(`${table.name}.${column}`);
        }
      }
      expect(missing).toEqual([]);
      expect(tables.reduce((n, t) => n + t.foreignKeys.length, 0)).toBeGreaterThan(20);
    } finally {
      await runner.release();
    }
  });

  it('runs SQLite in WAL mode with synchronous=FULL (or is PostgreSQL)', async () => {
    if (api.config.database.kind !== 'sqlite') {
      const [row] = await api.ds.query<{ server_version: string }[]>('SHOW server_version');
      expect(row?.server_version).toMatch(/^\d+/);
      return;
    }
    const [journal] = await api.ds.query<{ journal_mode: string }[]>('PRAGMA journal_mode');
    const [sync] = await api.ds.query<{ synchronous: number }[]>('PRAGMA synchronous');
    const [fk] = await api.ds.query<{ foreign_keys: number }[]>('PRAGMA foreign_keys');
    expect(journal?.journal_mode).toBe('wal');
    expect(sync?.synchronous).toBe(2); // FULL
    expect(fk?.foreign_keys).toBe(1);
  });
});
