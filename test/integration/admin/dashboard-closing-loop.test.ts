import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import request from 'supertest';
import { createTestApp, seedSmallRegency, login, type TestApp } from '../../helpers/app.js';
import { WorkingCalendar } from '../../../src/domain/campaign/working-days.js';
import { addDays, jakartaDate } from '../../../src/domain/shared/time.js';
import type { DashboardData } from '../../../src/domain/dashboard/dashboard.service.js';

type Loop = NonNullable<DashboardData['closingLoop']>;
const loopOf = (res: { body: unknown }): Loop => (res.body as DashboardData).closingLoop!;

/**
 * The dashboard's ageing and forecast section through the API the panel calls, scoped by the
 * service. seedSmallRegency: DINKES 6 ASN (6 submissions waiting for the verifier since 8 days
 * ago), KEC-JATEN 4 ASN (2 waiting); nobody completed; the campaign ends 16 days from today.
 * The campaign gets a holiday list of its own with nothing near today, so its working days are
 * plain Monday–Friday: 8 calendar days hold at least 5 of them whatever the date, so every
 * waiting item is past the 3-day verification target.
 */
describe('dashboard API: queue ageing and forecast (issue 13)', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  beforeAll(async () => {
    t = await createTestApp();
    s = await seedSmallRegency(t.db);
    await s.campaign.update({ holidays: '2000-01-03 Libur uji' });
  });
  afterAll(async () => {
    await t.close();
  });

  const verification = (res: { body: unknown }) => loopOf(res).ageing!.stages.find((x) => x.stage === 'verification');

  it("gives an OPD head their own OPD's ageing and forecast, and nothing of another OPD", async () => {
    const res = await (await login(t.app, 'kepala.dinkes@uji.example')).get('/admin/api/dashboard');
    expect(res.status).toBe(200);
    const loop = loopOf(res);
    expect(verification(res)).toMatchObject({ label: 'Verifikasi OPD', total: 6, overdue: 6, onTrack: 0, atRisk: 0 });
    expect(loop.ageing!.stateLabels).toEqual({ on_track: 'sesuai target', at_risk: 'berisiko', overdue: 'terlambat' });
    expect(loop.forecast).toMatchObject({ total: 6, completed: 0, remaining: 6, windowCompleted: 0, finishDate: null });
    // Needed per day: ⌈6 / working days from today to the deadline (16 days on), Monday–Friday⌉.
    const today = jakartaDate(new Date());
    const left = new WorkingCalendar([]).countWorkingDays(today, addDays(today, 16));
    expect(loop.forecast!.neededPerDay).toBe(Math.ceil(6 / left));
    expect(loop.forecast!.sentence).toBe(`dengan laju sekarang (0 ASN/hari) tidak selesai; perlu ${Math.ceil(6 / left)} ASN/hari`);
    // Another OPD's numbers are not there: 8 waiting and 10 ASN are the regency's.
    expect(JSON.stringify(res.body)).not.toContain('KEC-JATEN');
    expect(loop.ageing!.totals.total).toBe(6);
  });

  it('gives a verifier of the other OPD only theirs', async () => {
    const res = await (await login(t.app, 'verifikator.jaten@uji.example')).get('/admin/api/dashboard');
    expect(verification(res)).toMatchObject({ total: 2, overdue: 2 });
    expect(loopOf(res).forecast).toMatchObject({ total: 4, remaining: 4 });
  });

  it('gives regency-wide roles the regency totals', async () => {
    const res = await (await login(t.app, 'bupati@uji.example')).get('/admin/api/dashboard');
    expect(verification(res)).toMatchObject({ total: 8, overdue: 8 });
    expect(loopOf(res).forecast).toMatchObject({ total: 10, completed: 0, remaining: 10 });
    expect(s.opdA.id).not.toBe(s.opdB.id);
  });

  it('answers nothing to an anonymous caller', async () => {
    const res = await request(t.app).get('/admin/api/dashboard');
    expect(res.status).not.toBe(200);
    expect(JSON.stringify(res.body ?? {})).not.toContain('closingLoop');
  });
});
