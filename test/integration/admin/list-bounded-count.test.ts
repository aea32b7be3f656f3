import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { QueryTypes } from 'sequelize';
import { createTestApp, login, seedSmallRegency, type TestApp } from '../../helpers/app.js';
import { boundedCount, LIST_COUNT_LIMIT } from '../../../src/domain/records/bounded-count.js';

/**
 * The panel's list totals are bounded (issue 11): at most LIST_COUNT_LIMIT + 1 matching rows are
 * counted (a LIMITed subquery), so a list of more than 10,000 rows answers 10,001 — shown as
 * "> 10.000" — and a filtered or scoped list under the bound gets its exact total.
 */
describe('bounded list totals', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  const statements: string[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    s = await seedSmallRegency(t.db);
    const rows = Array.from({ length: LIST_COUNT_LIMIT + 50 }, (_, i) => ({
      nip: `1990010120150${String(i).padStart(5, '0')}`,
      nik: null,
      name: `Pegawai Massal ${i}`,
      employeeType: 'PNS' as const,
      opdId: s.opdA.id,
      unit: null,
      position: null,
      rankGrade: null,
      birthDate: null,
      sex: null,
      email: null,
      phone: null,
      mysapkActivatedAt: null,
      passwordChangedAt: null,
      serviceBlockedAt: null,
    }));
    for (let i = 0; i < rows.length; i += 1000) await t.db.models.Employee.bulkCreate(rows.slice(i, i + 1000));
    t.db.sequelize.addHook('afterQuery', (_o, q) => {
      statements.push(String((q as unknown as { sql?: string }).sql ?? ''));
    });
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  const count = async (where: string, replacements: Record<string, unknown> = {}) =>
    Number(
      (
        await t.db.sequelize.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM employees WHERE ${where}`, {
          type: QueryTypes.SELECT,
          replacements,
        })
      )[0].n,
    );

  it('counts at most limit + 1 rows, exactly below the limit, with the model’s column names', async () => {
    expect(await count('1 = 1')).toBeGreaterThan(LIST_COUNT_LIMIT);
    statements.length = 0;
    expect(await boundedCount(t.db.models.Employee, undefined)).toBe(LIST_COUNT_LIMIT + 1);
    expect(statements.join('\n')).toMatch(/LIMIT 10001/);
    expect(await boundedCount(t.db.models.Employee, { opdId: s.opdB.id })).toBe(await count('opd_id = :o', { o: s.opdB.id }));
    expect(await boundedCount(t.db.models.Employee, { opdId: s.opdA.id }, 100)).toBe(101);
    expect(await boundedCount(t.db.models.Employee, { opdId: -1 })).toBe(0);
  });

  it('the panel’s list answers the bounded total; a filter or a scope under the bound gets the exact one', async () => {
    const admin = await login(t.app, s.users.admin.email);
    const all = await admin.get('/admin/api/resources/employees/actions/list').expect(200);
    expect(all.body.meta.total).toBe(LIST_COUNT_LIMIT + 1);
    expect(all.body.records).toHaveLength(all.body.meta.perPage);
    const filtered = await admin.get(`/admin/api/resources/employees/actions/list?filters.opdId=${s.opdB.id}`).expect(200);
    expect(filtered.body.meta.total).toBe(await count('opd_id = :o', { o: s.opdB.id }));
    const verifierB = await login(t.app, s.users.verifierB.email);
    const own = await verifierB.get('/admin/api/resources/employees/actions/list').expect(200);
    expect(own.body.meta.total).toBe(await count('opd_id = :o', { o: s.opdB.id }));
    // The last page the bounded total offers (rows 10,001–10,025) still answers with rows; the total stays bounded.
    const last = Math.ceil((LIST_COUNT_LIMIT + 1) / all.body.meta.perPage);
    const deep = await admin.get(`/admin/api/resources/employees/actions/list?page=${last}`).expect(200);
    expect(deep.body.meta.total).toBe(LIST_COUNT_LIMIT + 1);
    expect(deep.body.records.length).toBeGreaterThan(0);
  });
});
