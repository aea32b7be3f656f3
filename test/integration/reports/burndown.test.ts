import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { AS_OF, buildAgeingFixture, type AgeingFixture } from '../../helpers/ageing-fixture.js';
import { buildBurndown } from '../../../src/domain/forecast/burndown-data.js';
import { DashboardService } from '../../../src/domain/dashboard/dashboard.service.js';
import { CampaignService } from '../../../src/domain/campaign/campaign.service.js';
import { AuditService } from '../../../src/domain/audit/audit.service.js';
import type { Burndown } from '../../../src/domain/forecast/burndown.js';

/**
 * Hand computation (fixture: test/helpers/ageing-fixture.ts; today Mon 14 Dec 2026 09.00 WIB, the
 * verification phase 1–15 Dec, deadline Wed 23 Dec, campaign holidays Thu 10 and Fri 25 Dec):
 * - axis: 30 Nov (the phase's start), the working days 1, 2, 3, 4, 7, 8, 9, 11, 14 (today), 15,
 *   16, 17, 18, 21, 22, 23 and on to the finish date;
 * - OPD A, 15 ASN, completions at Tue 1, Thu 3, Fri 4, Mon 7, Thu 10 (holiday), Fri 11 and today
 *   08.00: not completed at the end of each day 15 | 14, 14, 13, 12, 11, 11, 11, 9 (10 and 11
 *   together) | today 8;
 * - projection (pace 4 in 5 days): 8 − ⌊4j/5⌋ for j = 1 (today) … : 8, 7, 6, 5, 4, 4, 3, 2 on
 *   14–23 Dec (15 − 13 expected at the deadline = 2), then 24 Dec 1, 28 Dec 0 (the forecast's
 *   finish date, 25 Dec is a holiday);
 * - ideal: 16 working days from 1 to 23 Dec; 15 × (1 − i/16) to one decimal: 14,1 13,1 12,2 11,3
 *   10,3 9,4 8,4 7,5 6,6 5,6 4,7 3,8 2,8 1,9 0,9 0; none after the deadline;
 * - regency (A + B's 4 ASN, none completed): 19 | 18, 18, 17, 16, 15, 15, 15, 13 | 12; projection
 *   12 − ⌊4j/5⌋ to 6 on 23 Dec (19 − 13) and 0 on Mon 4 Jan 2027, the forecast's finish date.
 */
describe('completion burn-down against a hand computation', () => {
  let db: TestDb;
  let fx: AgeingFixture;
  beforeAll(async () => {
    db = await createTestDb();
    fx = await buildAgeingFixture(db.models);
  });
  afterAll(async () => {
    await db.destroy();
  });

  const column = (b: Burndown, key: 'actual' | 'projected' | 'ideal') => Object.fromEntries(b.points.map((p) => [p.label, p[key]]));

  it('counts the remaining ASN per day of the phase from the history, with the projection and the ideal line', async () => {
    const report = (await buildBurndown(db.models, AS_OF))!;
    const a = report.byOpd.get(fx.opdA.id)!;
    expect(a.from).toBe('2026-12-01');
    expect(a.deadline).toBe('2026-12-23');
    expect(a.points.map((p) => p.label)).toEqual([
      '30 Nov',
      '1 Des',
      '2 Des',
      '3 Des',
      '4 Des',
      '7 Des',
      '8 Des',
      '9 Des',
      '11 Des',
      '14 Des',
      '15 Des',
      '16 Des',
      '17 Des',
      '18 Des',
      '21 Des',
      '22 Des',
      '23 Des',
      '24 Des',
      '28 Des',
    ]);
    expect(a.points.filter((p) => p.actual !== null).map((p) => p.actual)).toEqual([15, 14, 14, 13, 12, 11, 11, 11, 9, 8]);
    expect(a.points.find((p) => p.today)?.date).toBe('2026-12-14');
    expect(a.points.filter((p) => p.projected !== null).map((p) => p.projected)).toEqual([8, 7, 6, 5, 4, 4, 3, 2, 1, 0]);
    expect(column(a, 'projected')['23 Des']).toBe(2);
    expect(a.points.map((p) => p.ideal)).toEqual([
      15,
      14.1,
      13.1,
      12.2,
      11.3,
      10.3,
      9.4,
      8.4,
      7.5,
      6.6,
      5.6,
      4.7,
      3.8,
      2.8,
      1.9,
      0.9,
      0,
      null,
      null,
    ]);
    expect(a.sentence).toBe('dengan laju sekarang selesai 28 Des; perlu 1 ASN/hari');
    expect(a.summary).toBe(
      'Grafik sisa ASN belum selesai, per hari kerja sejak 1 Des: 15 ASN pada awal tahap, 8 dari 15 ASN hari ini. ' +
        'Garis ideal mencapai 0 pada batas waktu 23 Des. ' +
        'Perkiraan dengan laju 0,8 ASN/hari kerja: dengan laju sekarang selesai 28 Des; perlu 1 ASN/hari.',
    );

    const r = report.regency;
    expect(r.points.filter((p) => p.actual !== null).map((p) => p.actual)).toEqual([19, 18, 18, 17, 16, 15, 15, 15, 13, 12]);
    expect(column(r, 'projected')['23 Des']).toBe(6);
    expect(r.points[r.points.length - 1]).toMatchObject({ date: '2027-01-04', label: '4 Jan', projected: 0, ideal: null });
    expect(r.points[0]).toMatchObject({ label: '30 Nov', actual: 19, ideal: 19 });

    // One OPD only: the same series.
    const onlyA = (await buildBurndown(db.models, AS_OF, { opdIds: [fx.opdA.id] }))!;
    expect(onlyA.byOpd.get(fx.opdA.id)).toEqual(a);
  });

  it('puts the OPD’s burn-down and stage progress on its head’s dashboard, the regency’s on the admin’s', async () => {
    const users = await db.models.User.findAll();
    const byEmail = new Map(users.map((u) => [u.email, u]));
    const dashboard = new DashboardService(db.models, new CampaignService(db.models, new AuditService(db.models)));
    const head = byEmail.get('kepala.a@uji.example')!;
    const mine = await dashboard.forActor({ id: head.id, email: head.email, role: 'opd_head', opdId: fx.opdA.id, ip: null }, AS_OF);
    const own = (await buildBurndown(db.models, AS_OF, { opdIds: [fx.opdA.id] }))!;
    expect(mine.charts?.burndown).toEqual(own.byOpd.get(fx.opdA.id));
    // 15 ASN, all activated, none changed the password, 13 with a submission, 7 completed.
    expect(mine.charts?.stages.rows.map((r) => [r.label, r.count, r.pct])).toEqual([
      ['Jumlah ASN', 15, 100],
      ['Aktivasi MySAPK', 15, 100],
      ['Ganti password', 0, 0],
      ['Mengajukan usul', 13, 86.6],
      ['Selesai', 7, 46.6],
    ]);
    expect(mine.charts?.stages.summary).toBe(
      'Kemajuan per tahap Dinas Kesehatan: dari 15 ASN — Aktivasi MySAPK 15 (100,0%), Ganti password 0 (0,0%), ' +
        'Mengajukan usul 13 (86,6%), Selesai 7 (46,6%).',
    );

    const admin = byEmail.get('admin@uji.example')!;
    const all = await dashboard.forActor({ id: admin.id, email: admin.email, role: 'admin', opdId: null, ip: null }, AS_OF);
    expect(all.charts?.burndown?.points.filter((p) => p.actual !== null).map((p) => p.actual)).toEqual([
      19, 18, 18, 17, 16, 15, 15, 15, 13, 12,
    ]);
    expect(all.charts?.stages.rows.map((r) => r.count)).toEqual([19, 19, 0, 17, 7]);
  });
});
