import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { createTestDb, usingMysql, type TestDb } from '../../helpers/db.js';
import { buildReportFixture, type ReportFixture } from '../../helpers/report-fixture.js';
import { buildRegencyReport, type RegencyReport } from '../../../src/domain/reports/data/regency-report.js';
import type { OpdSummary } from '../../../src/domain/reports/data/summaries.js';
import { regencyReportWorkbook } from '../../../src/domain/reports/workbooks/regency-report.workbook.js';

/** Generates the streamed regency workbook, reads it back with exceljs and checks it. */

const REGENCY = 'Kabupaten Karanganyar';
const FILL = { red: 'FFF4CCCC', amber: 'FFFFE699', green: 'FFC6EFCE' } as const;
const rowValues = (ws: ExcelJS.Worksheet, r: number) => (ws.getRow(r).values as unknown[]).slice(1);

function expectPrint(ws: ExcelJS.Worksheet, headerRow: number): void {
  expect(ws.pageSetup.paperSize).toBe(9);
  expect(ws.pageSetup.orientation).toBe('landscape');
  expect(ws.pageSetup.fitToPage).toBe(true);
  expect(ws.pageSetup.fitToWidth).toBe(1);
  expect(ws.pageSetup.fitToHeight).toBe(0);
  expect(ws.pageSetup.printTitlesRow).toBe(`${headerRow}:${headerRow}`);
  expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
}

describe(`regency report workbook (${usingMysql() ? 'MariaDB/MySQL' : 'SQLite'})`, () => {
  let db: TestDb;
  let fx: ReportFixture;
  let report: RegencyReport;
  let wb: ExcelJS.Workbook;
  let prevA: OpdSummary;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-regency-wb-'));

  beforeAll(async () => {
    db = await createTestDb();
    fx = await buildReportFixture(db.models);
    const first = await buildRegencyReport(db.models, fx.asOf);
    const a = first.rows.find((r) => r.opdId === fx.opds.A.id)!;
    const { rank: _r, band: _b, previous: _p, ...sa } = a;
    prevA = { ...sa, completed: a.completed - 3, pctCompleted: 70 };
    report = await buildRegencyReport(
      db.models,
      fx.asOf,
      new Map([
        [fx.opds.A.id, prevA],
        [0, { ...first.totals, pctCompleted: 40 }],
      ]),
    );
    // a small page size so the detail sheet is read in several keyset pages
    const buf = await regencyReportWorkbook(report, { regencyName: REGENCY, models: db.models, asOf: fx.asOf, pageSize: 7 });
    expect(Buffer.isBuffer(buf)).toBe(true);
    wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  });
  afterAll(async () => {
    await db?.destroy();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('has its sheets and the document properties', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Peringkat OPD', 'Rincian ASN', 'Perkiraan', 'Umur Antrean', 'Umur Antrean per OPD']);
    expect(wb.creator).toBe(`BKPSDM ${REGENCY}`);
  });

  it('Peringkat OPD: ranked rows, band fills, totals, change', () => {
    const ws = wb.getWorksheet('Peringkat OPD')!;
    expect(ws.getCell('A1').value).toBe('Laporan Pemutakhiran Data Mandiri ASN');
    expect(ws.getCell('A2').value).toBe(`Peringkat OPD — ${REGENCY}`);
    expect(ws.getCell('A3').value).toBe('Keadaan per 26 November 2026 pukul 07.00 WIB');
    expectPrint(ws, 6);
    expect(rowValues(ws, 6)).toEqual([
      'Peringkat',
      'Kode',
      'OPD',
      'Jumlah ASN',
      'Aktivasi %',
      'Ganti Password %',
      'Mengajukan %',
      'Selesai %',
      'Perubahan',
      'Antrian Verifikasi',
      'Tertua (hari)',
      'Laporan Kepala OPD',
    ]);
    expect(ws.autoFilter).toBe(`A6:L${6 + report.rows.length}`);
    expect(report.rows.map((r) => r.band)).toEqual(['green', 'amber', 'red']);
    report.rows.forEach((s, i) => {
      const r = 7 + i;
      const v = rowValues(ws, r);
      expect(v.slice(0, 4)).toEqual([s.rank, s.opdCode, s.opdName, s.total]);
      expect(v[4]).toBeCloseTo(s.pctActivated / 100, 6);
      expect(v[5]).toBeCloseTo(s.pctPasswordChanged / 100, 6);
      expect(v[6]).toBeCloseTo(s.pctWithSubmission / 100, 6);
      expect(v[7]).toBeCloseTo(s.pctCompleted / 100, 6);
      if (s.opdId === fx.opds.A.id) expect(v[8]).toBeCloseTo((s.pctCompleted - 70) / 100, 6);
      else expect(v[8] ?? null).toBeNull();
      expect(v[9]).toBe(s.backlog);
      expect(v[10] ?? null).toBe(s.backlogOldestDays);
      // No OPD head has reported in this fixture (issue 13's column; its own tests: test/integration/opd-reports).
      expect(v[11]).toBe('Belum melapor');
      for (let c = 1; c <= 12; c++)
        expect(ws.getCell(r, c).fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: FILL[s.band!] } });
      expect(ws.getCell(r, 4).numFmt).toBe('#,##0');
      expect(ws.getCell(r, 8).numFmt).toBe('0.0%');
    });
    const tr = 7 + report.rows.length;
    const t = report.totals;
    expect(ws.getCell(tr, 2).value).toBe('TOTAL');
    expect(ws.getCell(tr, 4).value).toEqual({ formula: `SUM(D7:D${tr - 1})`, result: t.total });
    expect(ws.getCell(tr, 8).value).toBeCloseTo(t.pctCompleted / 100, 6);
    expect(ws.getCell(tr, 9).value).toBeCloseTo((t.pctCompleted - 40) / 100, 6);
    expect(ws.getCell(tr, 10).value).toEqual({ formula: `SUM(J7:J${tr - 1})`, result: t.backlog });
    expect(ws.getCell(tr, 11).value).toEqual({ formula: `MAX(K7:K${tr - 1})`, result: t.backlogOldestDays });
    expect(ws.getCell(tr, 12).value).toBe(`0 dari ${report.rows.length} OPD melapor`);
  });

  it('Rincian ASN: one row per counted employee, NIP as text, consistent with the OPD numbers', () => {
    const ws = wb.getWorksheet('Rincian ASN')!;
    expect(ws.getCell('A2').value).toBe(`Rincian ASN — ${REGENCY}`);
    expectPrint(ws, 5);
    expect(rowValues(ws, 5)).toEqual([
      'OPD',
      'NIP',
      'Nama',
      'Jenis',
      'Aktivasi',
      'Ganti Password',
      'Jumlah Usul',
      'Usul Disetujui',
      'Selesai',
    ]);
    const total = report.totals.total;
    expect(ws.autoFilter).toBe(`A5:I${5 + total}`);
    const rows = Array.from({ length: total }, (_, i) => rowValues(ws, 6 + i));
    expect(ws.getRow(6 + total).values ?? []).toEqual([]);
    const counted = new Set(fx.employees.filter((e) => e.expect.counted).map((e) => e.nip));
    expect(new Set(rows.map((r) => r[1]))).toEqual(counted);
    for (let i = 0; i < total; i++) {
      const cell = ws.getCell(6 + i, 2);
      expect(typeof cell.value).toBe('string');
      expect(cell.value).toMatch(/^\d{18}$/);
      expect(cell.numFmt).toBe('@');
    }
    // Aggregating the detail rows gives the same numbers as the grouped SQL of the ranking.
    for (const s of report.rows) {
      const mine = rows.filter((r) => r[0] === s.opdName);
      expect(mine).toHaveLength(s.total);
      expect(mine.filter((r) => r[4] === 'Sudah')).toHaveLength(s.activated);
      expect(mine.filter((r) => r[5] === 'Sudah')).toHaveLength(s.passwordChanged);
      expect(mine.filter((r) => (r[6] as number) > 0)).toHaveLength(s.withSubmission);
      expect(mine.filter((r) => r[8] === 'Sudah')).toHaveLength(s.completed);
      expect(['PNS', 'CPNS', 'PPPK'].map((k) => mine.filter((r) => r[3] === k).length)).toEqual([
        s.byType.PNS,
        s.byType.CPNS,
        s.byType.PPPK,
      ]);
    }
    // per-employee expectations declared in the fixture
    for (const e of fx.employees.filter((x) => x.expect.counted)) {
      const r = rows.find((x) => x[1] === e.nip)!;
      expect([r[4], r[6], r[8]]).toEqual([
        e.expect.activated ? 'Sudah' : 'Belum',
        e.expect.submissions,
        e.expect.completed ? 'Sudah' : 'Belum',
      ]);
    }
  });

  it('every sheet prints one page wide, landscape, header rows repeated, within a print area', () => {
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
      expect(ws.pageSetup.printTitlesRow).toMatch(/^\d+:\d+$/);
      let last = ws.rowCount;
      while (last > 1 && !(ws.getRow(last).values as unknown[]).some((v) => v !== null && v !== undefined)) last--;
      expect(ws.pageSetup.printArea).toBe(`A1:${String.fromCharCode(64 + ws.columns.length)}${last}`);
    }
  });

  it('Umur Antrean per OPD: the open items of each OPD by stage, adding up to the regency', () => {
    const ws = wb.getWorksheet('Umur Antrean per OPD')!;
    expect(ws.pageSetup.printTitlesRow).toBe('6:7');
    const stages = report.ageing!.stages;
    expect(String(ws.getCell('C6').value)).toContain(stages[0].label);
    expect((ws.getRow(7).values as unknown[]).slice(3, 6)).toEqual(['Jumlah', 'Berisiko', 'Terlambat']);
    const rows = report.ageingByOpd!;
    expect(rows.map((r) => r.code)).toEqual(report.rows.map((r) => r.opdCode));
    const sums = stages.map(() => 0);
    rows.forEach((r, i) => {
      const v = (ws.getRow(8 + i).values as unknown[]).slice(1);
      expect(v[0]).toBe(r.code);
      stages.forEach((_, k) => {
        const [total, atRisk, overdue] = v.slice(2 + k * 3, 5 + k * 3) as number[];
        expect(atRisk + overdue).toBeLessThanOrEqual(total);
        sums[k] += total;
      });
      // The OPD verifier's queue in the ageing is the ranking's "Antrian Verifikasi" of that OPD.
      expect(v[2]).toBe(report.rows[i].backlog);
    });
    // Submissions belong to exactly one OPD: the OPD rows add up to the regency's count per stage.
    stages.forEach((s, k) => {
      if (s.stage !== 'helpdesk') expect(sums[k]).toBe(s.total);
    });
    const total = (ws.getRow(8 + rows.length).values as unknown[]).slice(1);
    expect(total[0]).toBe('JUMLAH');
    expect(total.slice(2, 2 + stages.length * 3)).toEqual(stages.flatMap((s) => [s.total, s.atRisk, s.overdue]));
  });

  it('writes to a given stream instead of returning a buffer', async () => {
    const file = path.join(tmp, 'regency.xlsx');
    const out = fs.createWriteStream(file);
    const closed = new Promise<void>((resolve) => out.on('close', () => resolve()));
    const ret = await regencyReportWorkbook(report, { regencyName: REGENCY, models: db.models, asOf: fx.asOf, out });
    expect(ret).toBeUndefined();
    await closed;
    const b = new ExcelJS.Workbook();
    await b.xlsx.readFile(file);
    expect(b.worksheets.map((w) => w.name)).toEqual(['Peringkat OPD', 'Rincian ASN', 'Perkiraan', 'Umur Antrean', 'Umur Antrean per OPD']);
    expect(b.getWorksheet('Rincian ASN')!.actualRowCount).toBe(wb.getWorksheet('Rincian ASN')!.actualRowCount);
  });
});
