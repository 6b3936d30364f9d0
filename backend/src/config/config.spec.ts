import path from 'node:path';
import { ConfigError, loadConfig, maskDatabaseUrl, parseDatabaseUrl } from './config';

describe('parseDatabaseUrl', () => {
  it.each([
    [undefined, 'sqlite', path.resolve('/srv/app', 'data/clinic.sqlite')],
    ['', 'sqlite', path.resolve('/srv/app', 'data/clinic.sqlite')],
    ['sqlite:./x/y.sqlite', 'sqlite', path.resolve('/srv/app', 'x/y.sqlite')],
    ['sqlite:/abs/db.sqlite', 'sqlite', '/abs/db.sqlite'],
    ['sqlite::memory:', 'sqlite', ':memory:'],
    ['postgres://u:p@db:5432/clinic', 'postgres', 'postgres://u:p@db:5432/clinic'],
    ['postgresql://u@db/clinic', 'postgres', 'postgresql://u@db/clinic'],
  ])('%s -> %s', (raw, kind, location) => {
    expect(parseDatabaseUrl(raw, '/srv/app')).toMatchObject({ kind, location });
  });

  it.each([
    ['mysql://u:secret@db/clinic', /not supported/],
    ['postgres://u:secret@db', /must name a host and a database/],
    ['sqlite:', /names no SQLite file/],
    ['clinic.sqlite', /not supported/],
  ])('refuses %s with one line that never shows the password', (raw, message) => {
    let error: unknown;
    try {
      parseDatabaseUrl(raw, '/srv/app');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as Error).message;
    expect(text).toMatch(message);
    expect(text).not.toContain('secret');
    expect(text).not.toContain('\n');
  });
});

describe('maskDatabaseUrl', () => {
  it('masks the password only', () => {
    expect(maskDatabaseUrl('postgres://app:s3cr3t@db:5432/clinic')).toBe(
      'postgres://app:***@db:5432/clinic',
    );
    expect(maskDatabaseUrl('postgres://app@db/clinic')).toBe('postgres://app@db/clinic');
    expect(maskDatabaseUrl('sqlite:./data/clinic.sqlite')).toBe('sqlite:./data/clinic.sqlite');
  });
});

describe('loadConfig', () => {
  it('has the defaults of API.md', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      nodeEnv: 'development',
      seedDemo: true,
      demoPassword: 'demo-password',
      sessionIdleMinutes: 15,
      sessionAbsoluteHours: 12,
      adminEmail: null,
      redisUrl: null,
    });
    expect(config.database.kind).toBe('sqlite');
  });

  it('turns demo seeding off in production and refuses to turn it on', () => {
    const secret = { LINK_SECRET: 'x'.repeat(32), PUBLIC_URL: 'https://clinic.example.org' };
    expect(loadConfig({ NODE_ENV: 'production', ...secret }).seedDemo).toBe(false);
    expect(() => loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'true', ...secret })).toThrow(
      ConfigError,
    );
  });

  it('refuses a production start without LINK_SECRET (the link-signing secret never lives in the database there)', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/LINK_SECRET must be set/);
    expect(() => loadConfig({ NODE_ENV: 'production', LINK_SECRET: '' })).toThrow(/LINK_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', LINK_SECRET: 'short' })).toThrow(
      /at least 32/,
    );
    const secret = 'a-long-random-link-signing-secret-0123456789';
    expect(
      loadConfig({
        NODE_ENV: 'production',
        LINK_SECRET: secret,
        PUBLIC_URL: 'https://clinic.example.org',
      }).linkSecret,
    ).toBe(secret);
    // development and tests may still generate one (kept in the database)
    expect(loadConfig({}).linkSecret).toBeNull();
    expect(loadConfig({ NODE_ENV: 'test' }).linkSecret).toBeNull();
  });

  it('throttles sign-in with the documented defaults, each a setting', () => {
    expect(loadConfig({})).toMatchObject({
      loginMaxFailuresPerPair: 5,
      loginMaxFailuresPerAccount: 20,
      loginMaxFailuresPerAddress: 100,
      loginWindowMinutes: 60,
      loginMaxDelaySeconds: 900,
      loginKnownAddressDays: 30,
    });
    expect(
      loadConfig({
        LOGIN_MAX_FAILURES_PER_PAIR: '3',
        LOGIN_MAX_FAILURES_PER_ACCOUNT: '50',
        LOGIN_MAX_FAILURES_PER_ADDRESS: '500',
        LOGIN_WINDOW_MINUTES: '30',
        LOGIN_MAX_DELAY_SECONDS: '60',
        LOGIN_KNOWN_ADDRESS_DAYS: '0',
      }),
    ).toMatchObject({
      loginMaxFailuresPerPair: 3,
      loginMaxFailuresPerAccount: 50,
      loginMaxFailuresPerAddress: 500,
      loginWindowMinutes: 30,
      loginMaxDelaySeconds: 60,
      loginKnownAddressDays: 0,
    });
  });

  it.each([
    [{ PORT: 'abc' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
    [{ SEED_DEMO: 'maybe' }, /SEED_DEMO/],
    [{ ADMIN_EMAIL: 'a@b.c' }, /set together/],
    [{ ADMIN_EMAIL: 'a@b.c', ADMIN_PASSWORD: 'short' }, /at least 12/],
    [{ ADMIN_EMAIL: 'a@b.c', ADMIN_PASSWORD: '123qweasdzxc' }, /breached/],
    [{ SESSION_IDLE_MINUTES: '0' }, /SESSION_IDLE_MINUTES/],
    [{ LOGIN_MAX_FAILURES_PER_PAIR: '0' }, /LOGIN_MAX_FAILURES_PER_PAIR/],
    [{ LOGIN_MAX_DELAY_SECONDS: 'soon' }, /LOGIN_MAX_DELAY_SECONDS/],
    [{ LOGIN_KNOWN_ADDRESS_DAYS: '-1' }, /LOGIN_KNOWN_ADDRESS_DAYS/],
  ])('refuses %p', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('REDIS_URL and REDIS_CHANNEL', () => {
  it('are optional: no Redis, and the default channel', () => {
    expect(loadConfig({})).toMatchObject({ redisUrl: null, redisChannel: 'ketamine:board-events' });
    expect(loadConfig({ REDIS_URL: '  ' }).redisUrl).toBeNull();
  });

  it.each([
    'redis://127.0.0.1:6379',
    'redis://:s3cret@cache.internal:6380/2',
    'rediss://app:s3cret@cache.example.com',
  ])('accepts %s', (url) => {
    expect(loadConfig({ REDIS_URL: url, REDIS_CHANNEL: 'clinic-a:board.events_1' })).toMatchObject({
      redisUrl: url,
      redisChannel: 'clinic-a:board.events_1',
    });
  });

  it.each([
    'http://:s3cret@cache:6379',
    'redis://:s3cret@',
    'redis://:s3cret@cache:6379/queue/x',
    'cache:6379',
  ])('refuses %s in one line that never shows the password', (url) => {
    let error: unknown;
    try {
      loadConfig({ REDIS_URL: url });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^REDIS_URL /);
    expect((error as Error).message).not.toContain('s3cret');
    expect((error as Error).message).not.toContain('\n');
  });

  it.each(['has space', 'x'.repeat(101), 'semi;colon'])('refuses the channel %p', (channel) => {
    expect(() => loadConfig({ REDIS_CHANNEL: channel })).toThrow(/REDIS_CHANNEL/);
  });

  describe('PUBLIC_URL (the address follow-up links are built on)', () => {
    const production = { NODE_ENV: 'production', LINK_SECRET: 'x'.repeat(32) };

    it.each([
      [{}, 'http://localhost:3000'],
      [{ PORT: '8080' }, 'http://localhost:8080'],
      [{ PUBLIC_URL: 'https://clinic.example.org/' }, 'https://clinic.example.org'],
      [
        { PUBLIC_URL: ' https://clinic.example.org/ketamine// ' },
        'https://clinic.example.org/ketamine',
      ],
      [{ PUBLIC_URL: 'http://192.168.1.20:3000' }, 'http://192.168.1.20:3000'],
    ])('outside production %j gives %s', (env, expected) => {
      expect(loadConfig(env).publicUrl).toBe(expected);
    });

    it.each([
      'clinic.example.org',
      'ftp://clinic.example.org',
      'https://',
      'https://user:pw@clinic.example.org',
      'https://clinic.example.org/?a=1',
      'https://clinic.example.org/#x',
      'javascript:alert(1)',
    ])('refuses %j anywhere, naming the setting', (value) => {
      expect(() => loadConfig({ PUBLIC_URL: value })).toThrow(/^PUBLIC_URL must be an absolute/);
    });

    it('is required in production, over https, on an address patients can reach', () => {
      expect(() => loadConfig(production)).toThrow(
        /PUBLIC_URL must be set when NODE_ENV=production/,
      );
      expect(() => loadConfig({ ...production, PUBLIC_URL: 'http://clinic.example.org' })).toThrow(
        /must use https/,
      );
      for (const internal of [
        'https://localhost',
        'https://127.0.0.1:3000',
        'https://10.0.0.5',
        'https://172.20.1.1',
        'https://192.168.1.20',
        'https://169.254.1.1',
        'https://[::1]',
        'https://[fd00::1]',
        'https://api-1:3000',
        'https://clinic.internal',
        'https://server.local',
      ]) {
        expect(() => loadConfig({ ...production, PUBLIC_URL: internal })).toThrow(/internal/);
      }
      expect(
        loadConfig({ ...production, PUBLIC_URL: 'https://clinic.example.org' }).publicUrl,
      ).toBe('https://clinic.example.org');
    });
  });
});
