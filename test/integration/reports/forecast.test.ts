import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import ExcelJS from 'exceljs';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { AS_OF, buildAgeingFixture, type AgeingFixture } from '../../helpers/ageing-fixture.js';
import { buildForecast } from '../../../src/domain/forecast/forecast-data.js';
import { buildOpdReport } from '../../../src/domain/reports/data/opd-report.js';
import { buildRegencyReport } from '../../../src/domain/reports/data/regency-report.js';
import { opdReportWorkbook } from '../../../src/domain/reports/workbooks/opd-report.workbook.js';
import { regencyReportWorkbook } from '../../../src/domain/reports/workbooks/regency-report.workbook.js';
import { opdMailBody, regencyMailBody } from '../../../src/domain/reports/delivery/mail-body.js';

const REGENCY = 'Kabupaten Uji Coba';

/**
 * Hand computation (fixture: test/helpers/ageing-fixture.ts; today Mon 14 Dec 2026, campaign
 * holidays Thu 10 and Fri 25 Dec, deadline Wed 23 Dec):
 * - window: the 5 working days before today = Fri 4, Mon 7, Tue 8, Wed 9, Fri 11 (from 4 to 11 Dec);
 * - OPD A: 15 ASN, 7 completed now; 2 completed before 4 Dec 00.00, 6 by 14 Dec 00.00 → 4 in the
 *   window, pace 4/5 = 0,8 a day; working days 14..23 Dec = 8; expected 7 + ⌊4 × 8 / 5⌋ = 13;
 *   remaining 8 → ⌈8 × 5 / 4⌉ = the 10th working day from 14 Dec = 14,15,16,17,18,21,22,23,24,28
 *   → 28 Dec; needed ⌈8 / 8⌉ = 1 a day.
 * - OPD B: 4 ASN, none completed, pace 0 → no finish date; needed ⌈4 / 8⌉ = 1.
 * - regency: 19 ASN, 7 completed, remaining 12, same window 4 → 15th working day: … 31 Dec (13),
 *   Fri 1 Jan 2027 (14, not a holiday of this campaign), Mon 4 Jan (15); needed ⌈12 / 8⌉ = 2;
 *   expected 13.
 */
describe('completion forecast against a hand computation', () => {
  let db: TestDb;
  let fx: AgeingFixture;
  beforeAll(async () => {
    db = await createTestDb();
    fx = await buildAgeingFixture(db.models);
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('computes pace, finish date and daily need per OPD and for the regency from the database', async () => {
    const f = (await buildForecast(db.models, AS_OF))!;
    expect(f.campaign.deadline).toBe('2026-12-23');
    expect(f.byOpd.get(fx.opdA.id)).toMatchObject({
      total: 15,
      completed: 7,
      remaining: 8,
      windowFrom: '2026-12-04',
      windowTo: '2026-12-11',
      windowCompleted: 4,
      pace: 0.8,
      workingDaysLeft: 8,
      expectedAtDeadline: 13,
      finishDate: '2026-12-28',
      onTime: false,
      neededPerDay: 1,
      sentence: 'dengan laju sekarang selesai 28 Des; perlu 1 ASN/hari',
    });
    expect(f.byOpd.get(fx.opdB.id)).toMatchObject({ total: 4, completed: 0, windowCompleted: 0, finishDate: null, neededPerDay: 1 });
    expect(f.regency).toMatchObject({
      total: 19,
      completed: 7,
      remaining: 12,
      windowCompleted: 4,
      expectedAtDeadline: 13,
      finishDate: '2027-01-04',
      neededPerDay: 2,
      sentence: 'dengan laju sekarang selesai 4 Jan; perlu 2 ASN/hari',
    });
    // One OPD only: the same numbers.
    const onlyA = (await buildForecast(db.models, AS_OF, { opdIds: [fx.opdA.id] }))!;
    expect(onlyA.byOpd.get(fx.opdA.id)).toEqual(f.byOpd.get(fx.opdA.id));
    expect(onlyA.byOpd.has(fx.opdB.id)).toBe(false);
  });

  it('shows the forecast and the queue ageing in the OPD workbook (read back) and the forecast sentence in its mail', async () => {
    const report = await buildOpdReport(db.models, fx.opdA.id, AS_OF, null);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await opdReportWorkbook(report, { regencyName: REGENCY })) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Perkiraan')!;
    expect(ws.getRow(6).getCell(1).value).toBe('Kode');
    const row = ws.getRow(7);
    expect([3, 4, 5, 6, 7, 8, 9, 11].map((c) => row.getCell(c).value)).toEqual([15, 7, 8, 4, 0.8, 8, 13, 1]);
    expect((row.getCell(10).value as Date).toISOString().slice(0, 10)).toBe('2026-12-28');
    expect(row.getCell(12).value).toBe('dengan laju sekarang selesai 28 Des; perlu 1 ASN/hari');

    const age = wb.getWorksheet('Umur Antrean')!;
    const byLabel = new Map<string, unknown[]>();
    age.eachRow((r) =>
      byLabel.set(
        r.getCell(1).text,
        [2, 3, 4, 5, 6, 7, 8].map((c) => r.getCell(c).value),
      ),
    );
    // target, total, on track, at risk, overdue, past second, oldest.
    expect(byLabel.get('Verifikasi OPD')).toEqual([3, 6, 2, 1, 3, 1, 6]);
    expect(byLabel.get('Helpdesk')).toEqual([2, 1, 0, 1, 0, 0, 2]);
    expect(byLabel.get('Validasi BKN')).toEqual([5, 0, 0, 0, 0, 0, '-']);
    expect(byLabel.get('Jumlah')!.slice(1, 5)).toEqual([7, 2, 2, 3]);

    const mail = opdMailBody(report, { regencyName: REGENCY });
    expect(mail.text).toContain('- Perkiraan: dengan laju sekarang selesai 28 Des; perlu 1 ASN/hari');
    expect(mail.html).toContain('dengan laju sekarang selesai 28 Des; perlu 1 ASN/hari');
  });

  it('shows every OPD and the regency in the regency workbook (read back) and the sentence in its mail', async () => {
    const report = await buildRegencyReport(db.models, AS_OF);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      (await regencyReportWorkbook(report, { regencyName: REGENCY, models: db.models, asOf: AS_OF })) as unknown as ArrayBuffer,
    );
    const ws = wb.getWorksheet('Perkiraan')!;
    const rows: Record<string, unknown[]> = {};
    ws.eachRow((r, n) => {
      if (n > 6 && r.getCell(3).value !== null && typeof r.getCell(3).value === 'number')
        rows[r.getCell(1).text] = [3, 4, 5, 6, 11].map((c) => r.getCell(c).value);
    });
    expect(rows).toEqual({ DINKES: [15, 7, 8, 4, 1], 'KEC-JATEN': [4, 0, 4, 0, 1], JUMLAH: [19, 7, 12, 4, 2] });
    expect(wb.getWorksheet('Umur Antrean')).toBeDefined();
    const mail = regencyMailBody(report, { regencyName: REGENCY });
    expect(mail.text).toContain('- Perkiraan kabupaten: dengan laju sekarang selesai 4 Jan; perlu 2 ASN/hari');
  });
});
