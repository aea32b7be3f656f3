import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createTestApp, seedSmallRegency, login, type TestApp } from '../../helpers/app.js';
import { calendarFor } from '../../../src/domain/campaign/working-days.js';

/** A campaign's holidays are data, edited in the panel (Putaran PDM): filled with the national list, checked line by line. */
describe('campaign holidays in the panel', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedSmallRegency(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  const notice = (res: { body: unknown }) => (res.body as { notice?: { type?: string } }).notice?.type;
  const dates = {
    helpdeskStart: '2026-12-01',
    selfUpdateStart: '2026-12-02',
    selfUpdateEnd: '2026-12-10',
    verificationStart: '2026-12-11',
    verificationEnd: '2026-12-20',
    approvalStart: '2026-12-21',
    approvalEnd: '2027-01-04',
  };

  it('fills a new campaign with the national holidays inside its dates, and refuses a bad line with its number', async () => {
    const agent = await login(t.app, 'admin@uji.example');
    let req = agent.post('/admin/api/resources/campaigns/actions/new').field('name', 'PDM Libur').field('year', '2026');
    for (const [k, v] of Object.entries(dates)) req = req.field(k, v);
    const ok = await req;
    expect(notice(ok)).toBe('success');
    const c = (await t.db.models.Campaign.findOne({ where: { name: 'PDM Libur' } }))!;
    expect(c.holidays).toBe('2026-12-25 Hari Raya Natal\n2027-01-01 Tahun Baru 2027 Masehi');

    const bad = await agent
      .post(`/admin/api/resources/campaigns/records/${c.id}/edit`)
      .field('holidays', '2026-12-24 Cuti bersama\n24-12-2026 salah');
    expect(JSON.stringify(bad.body)).toMatch(/baris 2/);
    await c.reload();
    expect(c.holidays).toBe('2026-12-25 Hari Raya Natal\n2027-01-01 Tahun Baru 2027 Masehi');

    const edit = await agent
      .post(`/admin/api/resources/campaigns/records/${c.id}/edit`)
      .field('holidays', '2026-12-25 Hari Raya Natal\n2026-12-24   Cuti bersama Natal');
    expect(notice(edit)).toBe('success');
    await c.reload();
    expect(c.holidays).toBe('2026-12-24 Cuti bersama Natal\n2026-12-25 Hari Raya Natal');
    expect(calendarFor(c).isWorkingDay('2026-12-24')).toBe(false);
    expect(calendarFor(c).isWorkingDay('2027-01-01')).toBe(true);
  });

  it('lets only an administrator change them', async () => {
    const c = (await t.db.models.Campaign.findOne({ where: { name: 'PDM Libur' } }))!;
    const agent = await login(t.app, 'approver@uji.example');
    const res = await agent.post(`/admin/api/resources/campaigns/records/${c.id}/edit`).field('holidays', '2026-12-31 Libur');
    expect(res.status).toBeGreaterThanOrEqual(400);
    await c.reload();
    expect(c.holidays).not.toContain('2026-12-31');
  });
});
