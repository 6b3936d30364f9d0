import 'reflect-metadata';
import { type AppConfig, ConfigError, loadConfig, maskDatabaseUrl } from './config/config';
import { createApp, openDatabase } from './app.factory';
import { bootstrapAdmin } from './users/bootstrap-admin';
import { DEMO_CLINICS, seedDemoData } from './demo/demo-seed';
import { withStartupLock } from './database/startup-lock';
import { SignalsService } from './signals/signals.service';
import { User } from './users/user.entity';

function fail(message: string): never {
  process.stderr.write(`Cannot start: ${message}\n`);
  process.exit(1);
}

function describeDatabaseError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const first = (e.message ?? String(error)).split('\n')[0] ?? '';
  return e.code ? `${e.code} ${first}` : first;
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }

  const dataSource = await openDatabase(config).catch((error: unknown) =>
    fail(
      `the database at ${config.database.displayUrl} cannot be used (${describeDatabaseError(error)})`,
    ),
  );

  // Demo data first (it seeds only into an empty database), then the configured administrator.
  // Under the start-up lock: instances starting together seed and create the administrator once.
  const now = new Date();
  const seeded = await withStartupLock(dataSource, async () => {
    const result = config.seedDemo
      ? await seedDemoData(dataSource, config.demoPassword, now)
      : null;
    await bootstrapAdmin(dataSource, config);
    return result;
  });
  if (config.nodeEnv === 'production' && !(await dataSource.getRepository(User).exists())) {
    fail(
      'NODE_ENV=production and the database has no users: set ADMIN_EMAIL and ADMIN_PASSWORD to create the first administrator',
    );
  }

  const app = await createApp(config, dataSource);
  // The signals engine runs over freshly seeded demo data once, so its flags are there from the start.
  const flagsRaised = seeded ? await app.get(SignalsService).evaluateAllPatients(now) : 0;
  app.enableShutdownHooks();
  await app.listen(config.port);
  const url = `http://localhost:${config.port}`;
  const lines = [
    `Ketamine clinic dashboard on ${url}  (API ${url}/api/v1, OpenAPI ${url}/api/docs)`,
    `Database: ${config.database.kind} ${config.database.displayUrl}`,
    config.redisUrl
      ? `Live events: across instances through Redis ${maskDatabaseUrl(config.redisUrl)} (channel ${config.redisChannel})`
      : 'Live events: this instance only (REDIS_URL not set)',
  ];
  if (config.seedDemo) {
    if (seeded)
      lines.push(
        `Demo data seeded: ${seeded.patients} synthetic patients, ${seeded.sessions} sessions, ${flagsRaised} flags raised.`,
      );
    lines.push(
      `Demo logins (password "${config.demoPassword === 'demo-password' ? 'demo-password' : 'DEMO_PASSWORD'}"):`,
    );
    lines.push('  admin@demo.clinic');
    for (const clinic of DEMO_CLINICS) {
      for (const role of ['psychiatrist', 'nurse', 'manager'])
        lines.push(`  ${role}@${clinic.domain}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  fail(
    error instanceof Error
      ? (error.message.split('\n')[0] ?? 'unexpected error')
      : 'unexpected error',
  );
});
