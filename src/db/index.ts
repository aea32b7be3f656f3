import fs from 'node:fs';
import path from 'node:path';
import { Sequelize, Transaction, type Options, type QueryInterface } from 'sequelize';

interface SqliteConn {
  configure(option: 'busyTimeout', ms: number): void;
  __pdmConfigured?: boolean;
}
import { Umzug } from 'umzug';
import { initModels, type Models } from './models/index.js';
import { migrations } from '../../migrations/index.js';

export interface Database {
  sequelize: Sequelize;
  models: Models;
  dialect: 'sqlite' | 'mysql';
  close(): Promise<void>;
}

function parseMysqlUrl(url: string): { database: string; serverUrl: string } {
  const u = new URL(url.replace(/^mariadb:/, 'mysql:'));
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  u.pathname = '/';
  return { database, serverUrl: u.toString() };
}

/** Creates the MySQL/MariaDB database named in the URL when it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  if (url.startsWith('sqlite:')) {
    const file = url.replace(/^sqlite:(\/\/)?/, '');
    if (file && file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    return;
  }
  const { database, serverUrl } = parseMysqlUrl(url);
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error(`Nama database tidak valid di DATABASE_URL: "${database}"`);
  const server = new Sequelize(serverUrl, { dialect: 'mysql', logging: false });
  try {
    await server.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await server.close();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  if (url.startsWith('sqlite:')) {
    const file = url.replace(/^sqlite:(\/\/)?/, '');
    if (file && file !== ':memory:') fs.rmSync(file, { force: true });
    return;
  }
  const { database, serverUrl } = parseMysqlUrl(url);
  const server = new Sequelize(serverUrl, { dialect: 'mysql', logging: false });
  try {
    await server.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await server.close();
  }
}

export function connect(url: string, opts: { logging?: boolean | ((sql: string) => void); pool?: Options['pool'] } = {}): Database {
  const dialect = url.startsWith('sqlite:') ? 'sqlite' : 'mysql';
  let sequelize: Sequelize;
  if (dialect === 'sqlite') {
    const storage = url.replace(/^sqlite:(\/\/)?/, '') || ':memory:';
    sequelize = new Sequelize({
      dialect: 'sqlite',
      storage,
      logging: opts.logging ?? false,
      // SQLite allows one writer. Transactions take the write lock when they begin (IMMEDIATE) and
      // every connection waits for a busy lock instead of failing at once (see busyTimeout below).
      transactionType: Transaction.TYPES.IMMEDIATE,
      retry: { max: 5, match: [/SQLITE_BUSY/] },
    });
    // Sequelize opens one sqlite connection per transaction and offers no connect hook: set the
    // busy timeout on each connection as it is handed out.
    const cm = sequelize.connectionManager as unknown as { getConnection(o: unknown): Promise<SqliteConn> };
    const getConnection = cm.getConnection.bind(cm);
    cm.getConnection = async (o: unknown) => {
      const conn = await getConnection(o);
      if (!conn.__pdmConfigured) {
        conn.configure('busyTimeout', 15000);
        conn.__pdmConfigured = true;
      }
      return conn;
    };
  } else {
    sequelize = new Sequelize(url.replace(/^mariadb:/, 'mysql:'), {
      dialect: 'mysql',
      logging: opts.logging ?? false,
      timezone: '+00:00',
      dialectOptions: { dateStrings: false, supportBigNumbers: true, bigNumberStrings: false, charset: 'utf8mb4' },
      pool: opts.pool ?? { max: 10, min: 0, idle: 10000, acquire: 30000 },
      define: { charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
    });
  }
  utcReplacements(sequelize, dialect);
  const models = initModels(sequelize);
  return {
    sequelize,
    models,
    dialect,
    close: () => sequelize.close(),
  };
}

/**
 * Sequelize stores dates in UTC (SQLite: 'YYYY-MM-DD HH:MM:SS.SSS +00:00' text; MySQL: DATETIME
 * with the connection at +00:00) but formats Date *replacements* of raw queries in the
 * process's local time zone, so under TZ=Asia/Jakarta raw comparisons were off by seven hours.
 * Format them the way the column values are stored, whatever the process time zone.
 */
export function dbDate(d: Date, dialect: 'sqlite' | 'mysql'): string {
  const iso = d.toISOString().replace('T', ' ');
  return dialect === 'sqlite' ? iso.replace('Z', ' +00:00') : iso.replace('Z', '');
}

function utcReplacements(sequelize: Sequelize, dialect: 'sqlite' | 'mysql'): void {
  const convert = (v: unknown): unknown => {
    if (v instanceof Date) return dbDate(v, dialect);
    if (Array.isArray(v)) return v.map(convert);
    return v;
  };
  const query = sequelize.query.bind(sequelize) as (sql: unknown, options?: Record<string, unknown>) => Promise<unknown>;
  (sequelize as unknown as { query: typeof query }).query = (sql, options) => {
    const r = options?.replacements;
    if (!r || typeof r !== 'object') return query(sql, options);
    const replacements = Array.isArray(r) ? r.map(convert) : Object.fromEntries(Object.entries(r).map(([k, v]) => [k, convert(v)]));
    return query(sql, { ...options, replacements });
  };
}

export async function preparePragmas(db: Database): Promise<void> {
  if (db.dialect === 'sqlite') {
    await db.sequelize.query('PRAGMA journal_mode = WAL');
    await db.sequelize.query('PRAGMA foreign_keys = ON');
  }
}

export function migrator(db: Database) {
  return new Umzug({
    migrations: migrations.map((m) => ({
      name: m.name,
      up: ({ context }: { context: QueryInterface }) => m.module.up({ context }),
      down: ({ context }: { context: QueryInterface }) => m.module.down({ context }),
    })),
    context: db.sequelize.getQueryInterface(),
    storage: {
      // A plain table of applied migration names (same layout as sequelize-cli's SequelizeMeta).
      async executed({ context }) {
        await ensureMetaTable(context);
        const [rows] = await context.sequelize.query('SELECT name FROM schema_migrations ORDER BY name');
        return (rows as Array<{ name: string }>).map((r) => r.name);
      },
      async logMigration({ name, context }) {
        await ensureMetaTable(context);
        await context.sequelize.query('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)', {
          replacements: [name, new Date().toISOString()],
        });
      },
      async unlogMigration({ name, context }) {
        await context.sequelize.query('DELETE FROM schema_migrations WHERE name = ?', { replacements: [name] });
      },
    },
    logger: undefined,
  });
}

async function ensureMetaTable(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR(190) NOT NULL PRIMARY KEY, applied_at VARCHAR(40) NOT NULL)',
  );
}

export async function migrateUp(db: Database): Promise<string[]> {
  await preparePragmas(db);
  const done = await migrator(db).up();
  return done.map((m) => m.name);
}

export async function migrateDown(db: Database, opts: { to?: 0 } = {}): Promise<string[]> {
  const done = await migrator(db).down(opts.to === 0 ? { to: 0 } : undefined);
  return done.map((m) => m.name);
}
