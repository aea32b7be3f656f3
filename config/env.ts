import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { IANAZone } from 'luxon';
import { z } from 'zod';

/**
 * The one place that reads process.env. Everything else receives a typed AppConfig.
 * A bad value stops start-up with a message that names the variable to fix.
 */

const boolish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|mysql:|mariadb:)/, 'harus diawali sqlite:, mysql: atau mariadb:')
    .optional(),
  SESSION_SECRET: z.string().min(32, 'minimal 32 karakter').optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'harus diawali smtp:// atau smtps://').optional(),
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
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REGENCY_NAME: z.string().default('Kabupaten Karanganyar'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  REPORT_CATCHUP_HOURS: z.coerce.number().min(0).max(168).default(6),
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
  regencyName: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Missed report fire times within this window are sent at start (0 = none). */
  reportCatchUpHours: number;
}

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
    logLevel: e.LOG_LEVEL,
    regencyName: e.REGENCY_NAME,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    reportCatchUpHours: e.REPORT_CATCHUP_HOURS,
  };
}
