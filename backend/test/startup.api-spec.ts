/**
 * Several API instances starting together against one new database (docker/docker-compose.yml runs
 * two): each migrates and bootstraps under the start-up lock, so all start and the work is done once.
 */
import type { DataSource } from 'typeorm';
import { openDatabase } from '../src/app.factory';
import { type AppConfig, loadConfig } from '../src/config/config';
import { bootstrapAdmin } from '../src/users/bootstrap-admin';
import { withStartupLock } from '../src/database/startup-lock';
import { MIGRATIONS } from '../src/database/migrations';
import { User } from '../src/users/user.entity';
import { freshDatabase, type FreshDatabase } from './support/fresh-database';

describe('instances starting together', () => {
  let fresh: FreshDatabase;
  const opened: DataSource[] = [];
  let config: AppConfig;

  beforeAll(async () => {
    fresh = await freshDatabase('startup');
    config = {
      ...loadConfig({ ...process.env, NODE_ENV: 'test', SEED_DEMO: 'false' }),
      database: fresh.database,
      adminEmail: 'First.Admin@test.example',
      adminPassword: 'a-long-enough-unlisted-passphrase',
    };
  });

  afterAll(async () => {
    for (const ds of opened) if (ds.isInitialized) await ds.destroy();
    await fresh.drop();
  });

  it('migrate a new database once and each start (PostgreSQL: three at once; SQLite: one instance by design, one after another)', async () => {
    const count = 3;
    const open = (): Promise<DataSource> =>
      openDatabase(config).then((ds) => {
        opened.push(ds);
        return ds;
      });
    if (fresh.database.kind === 'postgres') {
      await Promise.all(Array.from({ length: count }, open));
    } else {
      for (let i = 0; i < count; i++) await open();
    }
    expect(opened).toHaveLength(count);
    for (const ds of opened) expect(await ds.showMigrations()).toBe(false);
    const applied = await opened[0].query<{ name: string }[]>('SELECT name FROM migrations');
    expect(applied.map((m) => m.name).sort()).toEqual(MIGRATIONS.map((m) => m.name).sort());
  });

  it('create the configured administrator once', async () => {
    const results = await Promise.all(
      opened.map((ds) => withStartupLock(ds, () => bootstrapAdmin(ds, config))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const admins = await opened[0].getRepository(User).findBy({ role: 'admin' });
    expect(admins.map((u) => u.email)).toEqual(['first.admin@test.example']);
  });
});
