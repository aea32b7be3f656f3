import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { IANAZone } from 'luxon';
import { z } from 'zod';

/**
 * The one place that reads process.env. Everything else receives a typed AppConfig.
 * A bad value stops start-up with a message that names the variable to fix.
 */

const boolish = z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', '']).transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|mysql:|mariadb:)/, 'harus diawali sqlite:, mysql: atau mariadb:')
    .optional(),
  SESSION_SECRET: z.string().min(32, 'minimal 32 karakter').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'harus diawali smtp:// atau smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('BKPSDM Kabupaten <bkpsdm@pdm.example>'),
  MAIL_REPLY_TO: z.string().min(3).optional(),
  APP_BASE_URL: z.string().url().optional(),
  UPLOAD_DIR: z.string().min(1).optional(),
  VAR_DIR: z.string().min(1).default('var'),
  JOBS_ENABLED: boolish.optional(),
  TZ: z
    .string()
    .default('Asia/Jakarta')
    .refine((zone) => IANAZone.isValidZone(zone), 'zona waktu IANA tidak dikenal (contoh: Asia/Jakarta, Asia/Makassar)'),
  TRUST_PROXY: z.string().default(''),
  DEMO_PASSWORD: z.string().min(6).default('pdm-demo'),
  SEED_DEMO: boolish.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  REGENCY_NAME: z.string().default('Kabupaten Karanganyar'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  /** How old the dashboard's figures may be (seconds; 0 = rebuilt on every request). */
  DASHBOARD_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /** The dashboard's precomputed figures are rebuilt at least this often even when no fact changed (ages, 7-day windows). */
  DASHBOARD_SNAPSHOT_MAX_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  REPORT_CATCHUP_HOURS: z.coerce.number().min(0).max(168).default(6),
  // Returns (BTS) and rejections (TMS) of one employee within this many minutes go out as one mail; 0 = each at once.
  NOTICE_BATCH_MINUTES: z.coerce.number().int().min(0).max(1440).default(10),
  CATEGORIES_FILE: z
    .string()
    .refine((f) => fs.existsSync(f) && fs.statSync(f).isFile(), 'berkas tidak ditemukan')
    .optional(),
  // Where AdminJS writes (and @adminjs/express serves) the component bundle; AdminJS reads it too.
  ADMIN_JS_TMP_DIR: z.string().min(1).default('.adminjs'),
  // libuv's thread pool, read by Node when it starts (not by this module): see SQLITE_THREADPOOL_SIZE.
  UV_THREADPOOL_SIZE: z.coerce.number().int().min(1).max(1024).default(4),
  PDM_PASSWORD: z.string().optional(),
  // Largest SIASN file the imports accept (a 100,000-row ASN export is about 45 MB as CSV).
  IMPORT_MAX_MB: z.coerce.number().min(0.01).max(1024).default(64),
});

export type DbDialect = 'sqlite' | 'mysql';

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  databaseUrl: string;
  dialect: DbDialect;
  sessionSecret: string;
  smtpUrl: string | null;
  mailFrom: string;
  mailReplyTo: string;
  appBaseUrl: string;
  varDir: string;
  uploadDir: string;
  outboxDir: string;
  jobsEnabled: boolean;
  timezone: string;
  trustProxy: string;
  demoPassword: string;
  seedDemo: boolean;
  logLevel: string;
  /** The command line logs only warnings unless LOG_LEVEL says otherwise (it prints its own lines). */
  cliLogLevel: string;
  regencyName: string;
  sessionIdleMinutes: number;
  dashboardMaxAgeSeconds: number;
  dashboardSnapshotMaxMinutes: number;
  sessionAbsoluteHours: number;
  /** Missed report fire times within this window are sent at start (0 = none). */
  reportCatchUpHours: number;
  /** NOTICE_BATCH_MINUTES: the window in which an employee's notices are gathered into one mail (0 = none). */
  noticeBatchMinutes: number;
  /** CATEGORIES_FILE: the reference data in place of config/categories.json (null = that one). */
  categoriesFile: string | null;
  /** ADMIN_JS_TMP_DIR: the folder of the AdminJS component bundle. */
  adminTmpDir: string;
  /** UV_THREADPOOL_SIZE as this process was started with (libuv's default 4 when unset). */
  threadpoolSize: number;
  /** PDM_PASSWORD: the password `user:create` gives the new account (never on the command line). */
  userCreatePassword: string | null;
  /** IMPORT_MAX_MB: the largest SIASN import file, in bytes. */
  importMaxBytes: number;
}

/**
 * Threads the embedded SQLite database needs in libuv's pool. sqlite3 runs every statement on a
 * pool thread, and a writer waiting for the write lock sleeps in SQLite's busy handler on its
 * thread: with the default 4 threads, four waiting writers leave none for the writer holding the
 * lock, and all stall until the 15 s busy timeout. Node reads UV_THREADPOOL_SIZE once, when the
 * pool starts — before any module of ours runs (the ESM loader and tsx already use the pool) — so
 * the npm scripts and the Dockerfile set it; start-up warns when it is lower.
 */
export const SQLITE_THREADPOOL_SIZE = 16;

export class ConfigError extends Error {}

export function dialectOf(url: string): DbDialect {
  return url.startsWith('sqlite:') ? 'sqlite' : 'mysql';
}

/** Reads (and for the embedded default creates) the session secret kept under var/. */
function embeddedSecret(varDir: string): string {
  const file = path.join(varDir, 'session-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(varDir, { recursive: true });
  const secret = crypto.randomBytes(48).toString('hex');
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty strings count as "not set", as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Konfigurasi tidak valid — perbaiki variabel lingkungan berikut:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const varDir = path.resolve(e.VAR_DIR);
  const databaseUrl = e.DATABASE_URL ?? `sqlite:${path.join(varDir, 'pdm.sqlite')}`;
  const production = e.NODE_ENV === 'production';
  if (production && !e.SESSION_SECRET) {
    throw new ConfigError('Konfigurasi tidak valid — SESSION_SECRET wajib diisi di produksi (minimal 32 karakter acak).');
  }
  const dialect = dialectOf(databaseUrl);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    databaseUrl,
    dialect,
    sessionSecret: e.SESSION_SECRET ?? embeddedSecret(varDir),
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    mailReplyTo: e.MAIL_REPLY_TO ?? e.MAIL_FROM,
    appBaseUrl: (e.APP_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    varDir,
    uploadDir: path.resolve(e.UPLOAD_DIR ?? path.join(varDir, 'uploads')),
    outboxDir: path.join(varDir, 'outbox'),
    jobsEnabled: e.JOBS_ENABLED ?? e.NODE_ENV !== 'test',
    timezone: e.TZ,
    trustProxy: e.TRUST_PROXY,
    demoPassword: e.DEMO_PASSWORD,
    // The embedded default fills a demo regency on first start; a real database never does unless asked.
    seedDemo: e.SEED_DEMO ?? dialect === 'sqlite',
    logLevel: e.LOG_LEVEL ?? 'info',
    cliLogLevel: e.LOG_LEVEL ?? 'warn',
    regencyName: e.REGENCY_NAME,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    dashboardMaxAgeSeconds: e.DASHBOARD_MAX_AGE_SECONDS,
    dashboardSnapshotMaxMinutes: e.DASHBOARD_SNAPSHOT_MAX_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    reportCatchUpHours: e.REPORT_CATCHUP_HOURS,
    noticeBatchMinutes: e.NOTICE_BATCH_MINUTES,
    categoriesFile: e.CATEGORIES_FILE ? path.resolve(e.CATEGORIES_FILE) : null,
    adminTmpDir: path.resolve(e.ADMIN_JS_TMP_DIR),
    threadpoolSize: e.UV_THREADPOOL_SIZE,
    userCreatePassword: e.PDM_PASSWORD ?? null,
    importMaxBytes: Math.round(e.IMPORT_MAX_MB * 1024 * 1024),
  };
}

/** The process settings that follow the config: the time zone of Date's local methods (TZ). */
export function applyProcessSettings(config: AppConfig): void {
  process.env.TZ ??= config.timezone;
}

/**
 * The build step's config (src/admin/bundle.ts): production mode, which AdminJS reads from
 * NODE_ENV itself (it bundles the components only then), an in-memory database, and a throwaway
 * session secret when none is set.
 */
export function bundleConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  env.NODE_ENV = 'production';
  return loadConfig({ ...env, SESSION_SECRET: env.SESSION_SECRET || 'b'.repeat(48), DATABASE_URL: 'sqlite::memory:' });
}
