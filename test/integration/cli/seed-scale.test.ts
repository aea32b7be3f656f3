import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { QueryTypes } from 'sequelize';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { runCli } from '../../../src/cli/cli.js';
import { SUBMISSION_STATUSES } from '../../../src/domain/shared/constants.js';
import { KARANGANYAR_OPDS } from '../../../seeders/karanganyar-opds.js';

/**
 * `npm run cli -- seed --demo --employees N`: the demo regency at the size asked for — every OPD
 * staffed (OPDs scaled to N), activity of the same shape (every status, each submission's status
 * the last step of its history), counts as asked — on SQLite and MariaDB.
 */
const N = 2000;

describe('seed --demo --employees N', () => {
  let db: TestDb;
  let varDir: string;
  let env: Record<string, string>;
  const out: string[] = [];
  const err: string[] = [];
  const run = (argv: string[]) => runCli(argv, { env, out: (l) => out.push(l), err: (l) => err.push(l) });
  const q = <T extends object>(sql: string) => db.sequelize.query<T>(sql, { type: QueryTypes.SELECT });

  beforeAll(async () => {
    db = await createTestDb({ migrate: false });
    varDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-seed-'));
    env = { NODE_ENV: 'test', DATABASE_URL: db.url, VAR_DIR: varDir, SESSION_SECRET: 's'.repeat(48), LOG_LEVEL: 'silent' };
    expect(await run(['migrate'])).toBe(0);
  });
  afterAll(async () => {
    await db?.destroy();
    fs.rmSync(varDir, { recursive: true, force: true });
  });

  it('refuses a size that is not a whole number of ASN', async () => {
    for (const bad of ['banyak', '1.5e3x', '12,5', '2000000']) {
      err.length = 0;
      expect(await run(['seed', '--demo', '--employees', bad])).toBe(64);
      expect(err[0]).toMatch(/^--employees: jumlah ASN harus bilangan bulat/);
    }
    expect(await db.models.Opd.count()).toBe(0);
  });

  it('builds a regency of N ASN with every OPD staffed and activity of the same shape', async () => {
    out.length = 0;
    expect(await run(['seed', '--demo', '--employees', String(N)])).toBe(0);
    expect(out.join('\n')).toMatch(/^Data demo dibuat dalam [\d,]+ detik\.$/);
    expect(await db.models.Employee.count()).toBe(N);
    expect(await db.models.Opd.count()).toBe(KARANGANYAR_OPDS.length);

    // Every OPD has employees, in proportion to its real staff (within rounding and the floor of 3).
    const perOpd = await q<{ code: string; n: number }>(
      'SELECT o.code AS code, COUNT(e.id) AS n FROM opds o LEFT JOIN employees e ON e.opd_id = o.id GROUP BY o.id, o.code',
    );
    const staff = new Map(KARANGANYAR_OPDS.map((o) => [o.code, o.staff]));
    const totalStaff = KARANGANYAR_OPDS.reduce((a, o) => a + o.staff, 0);
    for (const row of perOpd) {
      expect(Number(row.n)).toBeGreaterThanOrEqual(3);
      const expected = (staff.get(row.code)! / totalStaff) * N;
      expect(Math.abs(Number(row.n) - expected)).toBeLessThanOrEqual(Math.max(4, expected * 0.1));
    }

    // Activity: every status present, most submitted or verified on day 4 of verification.
    const statuses = await q<{ status: string; n: number }>('SELECT status, COUNT(*) AS n FROM submissions GROUP BY status');
    const by = new Map(statuses.map((s) => [s.status, Number(s.n)]));
    const total = [...by.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(N * 0.6);
    expect(total).toBeLessThan(N * 1.2);
    for (const s of SUBMISSION_STATUSES) expect(by.get(s) ?? 0).toBeGreaterThan(0);
    expect(((by.get('submitted') ?? 0) + (by.get('verified') ?? 0)) / total).toBeGreaterThan(0.6);

    // The state machine's shape: each submission's status is the last step of its history, which starts at 'submitted'.
    const [broken] = await q<{ n: number }>(
      `SELECT COUNT(*) AS n FROM submissions s WHERE s.status <> (
         SELECT e.to_status FROM submission_events e WHERE e.submission_id = s.id ORDER BY e.created_at DESC, e.id DESC LIMIT 1)`,
    );
    expect(Number(broken.n)).toBe(0);
    const [firstNotSubmitted] = await q<{ n: number }>(
      `SELECT COUNT(*) AS n FROM submissions s WHERE (
         SELECT e.to_status FROM submission_events e WHERE e.submission_id = s.id ORDER BY e.created_at ASC, e.id ASC LIMIT 1) <> 'submitted'`,
    );
    expect(Number(firstNotSubmitted.n)).toBe(0);
    // Every OPD of some size has activity (the smallest ones may have none, as in the 9,000 demo).
    const [idle] = await q<{ n: number }>(
      `SELECT COUNT(*) AS n FROM opds o WHERE (SELECT COUNT(*) FROM employees e WHERE e.opd_id = o.id) >= 20
         AND NOT EXISTS (SELECT 1 FROM submissions s WHERE s.opd_id = o.id)`,
    );
    expect(Number(idle.n)).toBe(0);

    // A second seed changes nothing.
    out.length = 0;
    expect(await run(['seed', '--demo', '--employees', '5000'])).toBe(0);
    expect(out).toEqual(['Basis data sudah berisi OPD; data demo tidak dibuat.']);
    expect(await db.models.Employee.count()).toBe(N);
  }, 180_000);
});
