/**
 * The one place that reads process.env. Every setting of ../shared/API.md "Configuration" is parsed and
 * validated here; a bad value stops the start with one line (ConfigError), never a stack trace.
 */
import path from 'node:path';
import { isBreachedPassword } from './breached-passwords';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface DatabaseConfig {
  kind: DatabaseKind;
  /** The URL as given, with any password masked: safe to print. */
  displayUrl: string;
  /** sqlite: absolute file path (or ':memory:'); postgres: the connection URL. */
  location: string;
}

export interface AppConfig {
  port: number;
  nodeEnv: 'development' | 'production' | 'test';
  database: DatabaseConfig;
  /** Redis for live-board events across API instances; null: events stay in this instance. */
  redisUrl: string | null;
  /** The Redis pub/sub channel of live-board events (instances of one deployment share it). */
  redisChannel: string;
  seedDemo: boolean;
  demoPassword: string;
  adminEmail: string | null;
  adminPassword: string | null;
  /** Sliding idle timeout of a sign-in session. */
  sessionIdleMinutes: number;
  /** Absolute lifetime of a sign-in session. */
  sessionAbsoluteHours: number;
  /**
   * Sign-in throttling (README "Sign-in throttling"; nothing is ever locked): failures of one
   * account from one address (the pair) within loginWindowMinutes before that pair waits a delay
   * that doubles with each further failure (1 s, 2 s, 4 s ... up to loginMaxDelaySeconds).
   */
  loginMaxFailuresPerPair: number;
  /** Failures of one account from every address; past it, addresses the account has not signed in from recently are slowed the same way. */
  loginMaxFailuresPerAccount: number;
  /** Failures from one address across accounts (a clinic's NAT); past it, accounts that have not signed in from there recently are slowed. */
  loginMaxFailuresPerAddress: number;
  /** Failures older than this are forgotten. */
  loginWindowMinutes: number;
  /** The longest a throttled attempt is asked to wait (Retry-After). */
  loginMaxDelaySeconds: number;
  /** A pair with a successful sign-in this recent is exempt from the account and address ceilings (0: no exemption). */
  loginKnownAddressDays: number;
  /** Where the built dashboard is served from; null when it is not built. */
  staticDir: string;
  /** Base URL of the dashboard as patients reach it (follow-up links are built on it). */
  publicUrl: string;
  /**
   * Secret that signs follow-up links (>= 32 characters). Required when NODE_ENV=production; in
   * development and tests, unset means one is generated and kept in the database (app_settings).
   */
  linkSecret: string | null;
  /** SMTP server for follow-up emails (unset: logged, not delivered). */
  smtpUrl: string | null;
  /** Sender address of follow-up emails. */
  mailFrom: string;
  /** How often the outbox is delivered (0: never; tests deliver by hand). */
  outboxIntervalSeconds: number;
  /** How often the time-based rules run (0: never; reads still run them when stale). */
  signalsIntervalSeconds: number;
  /** Express "trust proxy" setting, so the audit records the client address behind a reverse proxy. */
  trustProxy: boolean;
}

export class ConfigError extends Error {}

export function maskDatabaseUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@]*@/i, '$1:***@');
}

export function parseDatabaseUrl(raw: string | undefined, cwd = process.cwd()): DatabaseConfig {
  const url = raw && raw.trim() !== '' ? raw.trim() : 'sqlite:./data/clinic.sqlite';
  const displayUrl = maskDatabaseUrl(url);
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file === '') {
      throw new ConfigError(
        `DATABASE_URL "${displayUrl}" names no SQLite file (use sqlite:./data/clinic.sqlite)`,
      );
    }
    return {
      kind: 'sqlite',
      displayUrl,
      location: file === ':memory:' ? file : path.resolve(cwd, file),
    };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigError(`DATABASE_URL "${displayUrl}" is not a valid postgres:// URL`);
    }
    if (!parsed.hostname || parsed.pathname.length <= 1) {
      throw new ConfigError(
        `DATABASE_URL "${displayUrl}" must name a host and a database (postgres://user:pass@host:5432/db)`,
      );
    }
    return { kind: 'postgres', displayUrl, location: url };
  }
  throw new ConfigError(
    `DATABASE_URL "${displayUrl}" is not supported: use sqlite:<file> or postgres://user:pass@host:port/db`,
  );
}

function intSetting(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function boolSetting(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

function redisUrlSetting(env: NodeJS.ProcessEnv): string | null {
  const raw = env['REDIS_URL']?.trim();
  if (!raw) return null;
  const display = maskDatabaseUrl(raw);
  let parsed: URL | null = null;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = null;
  }
  if (!parsed || !/^rediss?:$/.test(parsed.protocol) || !parsed.hostname) {
    throw new ConfigError(
      `REDIS_URL "${display}" must be a redis:// or rediss:// URL with a host (redis://host:6379)`,
    );
  }
  if (!/^(\/\d{0,2})?$/.test(parsed.pathname)) {
    throw new ConfigError(
      `REDIS_URL "${display}" may only name a database number (redis://host:6379/0)`,
    );
  }
  return raw;
}

function redisChannelSetting(env: NodeJS.ProcessEnv): string {
  const raw = env['REDIS_CHANNEL']?.trim();
  if (!raw) return 'ketamine:board-events';
  if (!/^[A-Za-z0-9:._-]{1,100}$/.test(raw)) {
    throw new ConfigError(
      `REDIS_CHANNEL must be 1-100 letters, digits or ":._-" (got "${raw.slice(0, 100)}")`,
    );
  }
  return raw;
}

/**
 * A host patients cannot reach from their own phone or computer: loopback, private, link-local or
 * unspecified addresses, and names that only resolve inside a network (single labels such as a
 * compose service, `localhost`, `.local`, `.internal`, `.lan`, `.home.arpa`).
 */
export function isInternalHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168)
    );
  }
  if (host.includes(':')) {
    // IPv6: loopback, unspecified, unique-local (fc00::/7), link-local (fe80::/10), mapped IPv4.
    return (
      host === '::1' ||
      host === '::' ||
      /^f[cd][0-9a-f]{0,2}:/.test(host) ||
      /^fe[89ab][0-9a-f]?:/.test(host) ||
      host.startsWith('::ffff:')
    );
  }
  return (
    !host.includes('.') ||
    host === 'localhost' ||
    /\.(localhost|local|internal|intranet|lan|home\.arpa|localdomain|corp)$/.test(host)
  );
}

/**
 * Where patients reach the dashboard; every follow-up link is built on it. An absolute http(s) URL
 * without credentials, query or fragment. In production it is required and must be https on a
 * public name: a link to the server's own or an internal address would not open on a patient's
 * phone, and an http link would carry its secret in clear. Elsewhere it defaults to this server.
 */
function publicUrlSetting(env: NodeJS.ProcessEnv, production: boolean): string {
  const raw = env['PUBLIC_URL']?.trim();
  if (!raw) {
    if (production) {
      throw new ConfigError(
        'PUBLIC_URL must be set when NODE_ENV=production (the https address patients open, e.g. https://clinic.example.org): follow-up links are built on it',
      );
    }
    return `http://localhost:${env['PORT'] || '3000'}`;
  }
  let url: URL | null = null;
  try {
    url = /^https?:\/\//i.test(raw) ? new URL(raw) : null;
  } catch {
    url = null;
  }
  if (!url || !url.hostname || url.username || url.password || url.search || url.hash) {
    throw new ConfigError(
      `PUBLIC_URL must be an absolute http(s) URL without credentials, query or fragment (got "${raw.slice(0, 200)}")`,
    );
  }
  if (production && url.protocol !== 'https:') {
    throw new ConfigError(
      `PUBLIC_URL must use https when NODE_ENV=production (got "${raw.slice(0, 200)}"): the link is the patient's key`,
    );
  }
  if (production && isInternalHost(url.hostname)) {
    throw new ConfigError(
      `PUBLIC_URL must be an address patients can reach, not an internal one (got "${raw.slice(0, 200)}")`,
    );
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function linkSecretSetting(env: NodeJS.ProcessEnv): string | null {
  const raw = env['LINK_SECRET'];
  if (raw === undefined || raw === '') return null;
  if (raw.length < 32) throw new ConfigError('LINK_SECRET must be at least 32 characters');
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnvRaw = env['NODE_ENV'] ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    throw new ConfigError(`NODE_ENV must be development, production or test (got "${nodeEnvRaw}")`);
  }
  const nodeEnv = nodeEnvRaw as AppConfig['nodeEnv'];
  const production = nodeEnv === 'production';
  const seedDemo = boolSetting(env, 'SEED_DEMO', !production);
  if (production && seedDemo) {
    throw new ConfigError(
      'SEED_DEMO cannot be true when NODE_ENV=production (demo data is synthetic)',
    );
  }
  const adminEmail = env['ADMIN_EMAIL']?.trim() || null;
  const adminPassword = env['ADMIN_PASSWORD'] || null;
  if ((adminEmail === null) !== (adminPassword === null)) {
    throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  if (adminPassword !== null && adminPassword.length < 12) {
    throw new ConfigError('ADMIN_PASSWORD must be at least 12 characters');
  }
  if (adminPassword !== null && isBreachedPassword(adminPassword)) {
    throw new ConfigError('ADMIN_PASSWORD appears in a list of breached passwords; choose another');
  }
  const demoPassword = env['DEMO_PASSWORD'] || 'demo-password';
  const linkSecret = linkSecretSetting(env);
  if (production && linkSecret === null) {
    // Kept in the database, the secret would sit beside the link hashes it protects: anyone with a
    // copy of the database (a backup, a replica) could mint every patient's self-report link.
    throw new ConfigError(
      "LINK_SECRET must be set when NODE_ENV=production (32+ random characters, e.g. `openssl rand -base64 48`); it signs the patients' follow-up links and must not live in the database",
    );
  }
  return {
    port: intSetting(env, 'PORT', 3000, 0, 65535),
    nodeEnv,
    database: parseDatabaseUrl(env['DATABASE_URL']),
    redisUrl: redisUrlSetting(env),
    redisChannel: redisChannelSetting(env),
    seedDemo,
    demoPassword,
    adminEmail,
    adminPassword,
    sessionIdleMinutes: intSetting(env, 'SESSION_IDLE_MINUTES', 15, 1, 24 * 60),
    sessionAbsoluteHours: intSetting(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 7),
    loginMaxFailuresPerPair: intSetting(env, 'LOGIN_MAX_FAILURES_PER_PAIR', 5, 1, 1000),
    loginMaxFailuresPerAccount: intSetting(env, 'LOGIN_MAX_FAILURES_PER_ACCOUNT', 20, 1, 10000),
    loginMaxFailuresPerAddress: intSetting(env, 'LOGIN_MAX_FAILURES_PER_ADDRESS', 100, 1, 100000),
    loginWindowMinutes: intSetting(env, 'LOGIN_WINDOW_MINUTES', 60, 1, 24 * 60),
    loginMaxDelaySeconds: intSetting(env, 'LOGIN_MAX_DELAY_SECONDS', 900, 1, 24 * 3600),
    loginKnownAddressDays: intSetting(env, 'LOGIN_KNOWN_ADDRESS_DAYS', 30, 0, 365),
    staticDir: path.resolve(env['STATIC_DIR'] || path.join(process.cwd(), 'dist/frontend/browser')),
    trustProxy: boolSetting(env, 'TRUST_PROXY', false),
    signalsIntervalSeconds: intSetting(env, 'SIGNALS_INTERVAL_SECONDS', 60, 0, 3600),
    publicUrl: publicUrlSetting(env, production),
    smtpUrl: env['SMTP_URL']?.trim() || null,
    mailFrom: env['MAIL_FROM']?.trim() || 'Clinic follow-up <no-reply@localhost>',
    outboxIntervalSeconds: intSetting(env, 'OUTBOX_INTERVAL_SECONDS', 5, 0, 3600),
    linkSecret,
  };
}

/**
 * The database kind, read at module load by the column-type helper (entity decorators run before
 * Nest's DI exists). Same parsing as loadConfig, so the two can never disagree.
 */
export function databaseKindFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseKind {
  try {
    return parseDatabaseUrl(env['DATABASE_URL']).kind;
  } catch {
    return 'sqlite'; // loadConfig reports the error at start
  }
}

export const APP_CONFIG = Symbol('APP_CONFIG');
