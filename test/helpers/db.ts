import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { connect, ensureDatabase, dropDatabase, migrateUp, type Database } from '../../src/db/index.js';

/**
 * Every test file gets its own fresh database, migrated by the real migrations:
 * - SQLite (default): a file in the OS temp dir;
 * - MariaDB/MySQL when TEST_DATABASE_URL is set (e.g. mysql://root@127.0.0.1:3306/): a database
 *   named pdm_t_<random>, dropped afterwards, so parallel runs never collide.
 */
export interface TestDb extends Database {
  url: string;
  destroy(): Promise<void>;
}

export function testDatabaseUrl(): string {
  const base = process.env.TEST_DATABASE_URL;
  const suffix = `${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  if (base && /^(mysql|mariadb):/.test(base)) {
    const u = new URL(base.replace(/^mariadb:/, 'mysql:'));
    u.pathname = `/pdm_t_${suffix}`;
    return u.toString();
  }
  return `sqlite:${path.join(os.tmpdir(), `pdm_t_${suffix}.sqlite`)}`;
}

export const usingMysql = (): boolean => /^(mysql|mariadb):/.test(process.env.TEST_DATABASE_URL ?? '');

export async function createTestDb(opts: { migrate?: boolean } = {}): Promise<TestDb> {
  const url = testDatabaseUrl();
  await ensureDatabase(url);
  const db = connect(url);
  if (opts.migrate !== false) await migrateUp(db);
  return {
    ...db,
    url,
    async destroy() {
      await db.close();
      await dropDatabase(url);
      if (url.startsWith('sqlite:')) {
        const f = url.slice('sqlite:'.length);
        for (const ext of ['-wal', '-shm']) await import('node:fs').then((fs) => fs.rmSync(f + ext, { force: true }));
      }
    },
  };
}
