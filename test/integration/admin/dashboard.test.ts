import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createTestApp, seedSmallRegency, login, type TestApp } from '../../helpers/app.js';

describe('dashboard API (scoped by the service)', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  beforeAll(async () => {
    t = await createTestApp();
    s = await seedSmallRegency(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives regency-wide roles the OPD ranking with totals equal to the database', async () => {
    for (const email of ['admin@uji.example', 'bupati@uji.example', 'approver@uji.example']) {
      const agent = await login(t.app, email);
      const res = await agent.get('/admin/api/dashboard');
      expect(res.status).toBe(200);
      expect(res.body.opd).toBeNull();
      const rows = res.body.regency.rows;
      expect(rows.map((r: { opdCode: string }) => r.opdCode).sort()).toEqual(['DINKES', 'KEC-JATEN']);
      expect(res.body.regency.totals.total).toBe(await t.db.models.Employee.count());
      const activated = (await t.db.models.Employee.findAll()).filter((e) => e.mysapkActivatedAt).length;
      expect(res.body.regency.totals.activated).toBe(activated);
    }
  });

  it('gives an OPD head only their own OPD', async () => {
    const agent = await login(t.app, 'kepala.dinkes@uji.example');
    const res = await agent.get('/admin/api/dashboard');
    expect(res.status).toBe(200);
    expect(res.body.regency).toBeNull();
    expect(res.body.opd.summary.opdCode).toBe('DINKES');
    expect(res.body.opd.summary.total).toBe(await t.db.models.Employee.count({ where: { opdId: s.opdA.id } }));
    expect(JSON.stringify(res.body)).not.toContain('KEC-JATEN');
    expect(JSON.stringify(res.body)).not.toContain('Kecamatan Jaten');
  });

  it('shows an OPD without ASN last, with no rank and no band', async () => {
    await t.db.models.Opd.create({
      code: 'BARU',
      name: 'Dinas Baru',
      kind: 'dinas',
      address: null,
      headName: null,
      headEmail: 'kepala.baru@pdm.example',
      secretaryName: null,
      secretaryEmail: null,
    });
    const res = await (await login(t.app, 'bupati@uji.example')).get('/admin/api/dashboard');
    const rows = res.body.regency.rows as Array<{ opdCode: string; rank: number | null; band: string | null; total: number }>;
    expect(rows[rows.length - 1]).toMatchObject({ opdCode: 'BARU', total: 0, rank: null, band: null });
    expect(rows.slice(0, -1).every((r) => r.rank !== null && r.band !== null)).toBe(true);
  });
});
