import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import ExcelJS from 'exceljs';
import { createTestDb, usingMysql, type TestDb } from '../../helpers/db.js';
import { buildReportFixture, type ReportFixture } from '../../helpers/report-fixture.js';
import { buildOpdReport, type OpdReport } from '../../../src/domain/reports/data/opd-report.js';
import type { OpdSummary } from '../../../src/domain/reports/data/summaries.js';
import { opdReportWorkbook } from '../../../src/domain/reports/workbooks/opd-report.workbook.js';
import { SUBMISSION_STATUSES, SUBMISSION_STATUS_LABELS } from '../../../src/domain/shared/constants.js';

/** Generates the OPD workbook from a real report, reads it back with exceljs and checks it. */

const REGENCY = 'Kabupaten Karanganyar';

function expectPageSetup(ws: ExcelJS.Worksheet, headerRow: number): void {
  expect(ws.pageSetup.paperSize).toBe(9);
  expect(ws.pageSetup.orientation).toBe('landscape');
  expect(ws.pageSetup.fitToPage).toBe(true);
  expect(ws.pageSetup.fitToWidth).toBe(1);
  expect(ws.pageSetup.fitToHeight).toBe(0);
  expect(ws.pageSetup.printTitlesRow).toBe(`${headerRow}:${headerRow}`);
  expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
  // The print area: from A1 over every column of the sheet to its last row with a value (reading
  // cells makes empty rows, so the last row is looked for, not taken from ws.lastRow).
  let lastRow = ws.rowCount;
  while (lastRow > 1 && !(ws.getRow(lastRow).values as unknown[]).some((v) => v !== null && v !== undefined)) lastRow--;
  const L = String.fromCharCode(64 + ws.columns.length);
  expect(ws.pageSetup.printArea).toBe(`A1:${L}${lastRow}`);
}

function expectTitle(ws: ExcelJS.Worksheet, opdName: string): void {
  expect(ws.getCell('A1').value).toBe('Laporan Pemutakhiran Data Mandiri ASN');
  expect(ws.getCell('A2').value).toBe(opdName);
  expect(ws.getCell('A3').value).toBe('Keadaan per 26 November 2026 pukul 07.00 WIB');
  expect(ws.getCell('A4').value).toBe(`PDM ASN 2026 — ${REGENCY}`);
}

const rowValues = (ws: ExcelJS.Worksheet, r: number) => (ws.getRow(r).values as unknown[]).slice(1);
/** Formula results of 0 are written (<v>0</v>) but exceljs reads them back as undefined. */
const formula = (v: ExcelJS.CellValue) => {
  const f = v as ExcelJS.CellFormulaValue;
  return { formula: f.formula, result: (f.result as number | undefined) ?? 0 };
};

describe(`OPD report workbook (${usingMysql() ? 'MariaDB/MySQL' : 'SQLite'})`, () => {
  let db: TestDb;
  let fx: ReportFixture;
  let report: OpdReport;
  let wb: ExcelJS.Workbook;
  let previous: OpdSummary;

  beforeAll(async () => {
    db = await createTestDb();
    fx = await buildReportFixture(db.models);
    const now = await buildOpdReport(db.models, fx.opds.B.id, fx.asOf);
    previous = {
      ...now.summary,
      total: now.summary.total - 2,
      activated: now.summary.activated - 5,
      completed: now.summary.completed - 4,
      byType: { ...now.summary.byType, PNS: now.summary.byType.PNS - 2 },
    };
    report = await buildOpdReport(db.models, fx.opds.B.id, fx.asOf, previous);
    const buf = await opdReportWorkbook(report, { regencyName: REGENCY });
    expect(Buffer.isBuffer(buf)).toBe(true);
    wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('has the four sheets and the document properties', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Ringkasan',
      'Usul per Kategori',
      'Kinerja Verifikator',
      'Perlu Tindak Lanjut',
      'Perkiraan',
      'Umur Antrean',
      'Usul Terbuka',
    ]);
    expect(wb.creator).toBe(`BKPSDM ${REGENCY}`);
    expect(wb.title).toContain('Kecamatan Jaten');
  });

  it('Ringkasan: measures, percentages as fractions, change since last report', () => {
    const ws = wb.getWorksheet('Ringkasan')!;
    expectTitle(ws, 'Kecamatan Jaten');
    expectPageSetup(ws, 6);
    expect(rowValues(ws, 6)).toEqual(['Uraian', 'Jumlah', 'Persentase', 'Perubahan sejak laporan lalu']);
    expect(ws.autoFilter).toBe('A6:D14');
    const s = report.summary;
    // Shares of the type counts, one decimal of a percent rounded down like every percentage.
    const share = (n: number) => Math.floor((n * 1000) / s.total) / 1000;
    const want: Array<[string, number, number, number]> = [
      ['Jumlah ASN', s.total, 1, 2],
      ['PNS', s.byType.PNS, share(s.byType.PNS), 2],
      ['CPNS', s.byType.CPNS, share(s.byType.CPNS), 0],
      ['PPPK', s.byType.PPPK, share(s.byType.PPPK), 0],
      ['Aktivasi MySAPK', s.activated, s.pctActivated / 100, 5],
      ['Ganti password', s.passwordChanged, s.pctPasswordChanged / 100, 0],
      ['Mengajukan usul', s.withSubmission, s.pctWithSubmission / 100, 0],
      ['Selesai', s.completed, s.pctCompleted / 100, 4],
    ];
    want.forEach(([label, n, frac, delta], i) => {
      const r = ws.getRow(7 + i);
      expect(r.getCell(1).value).toBe(label);
      expect(r.getCell(2).value).toBe(n);
      expect(r.getCell(2).numFmt).toBe('#,##0');
      expect(r.getCell(3).value as number).toBeCloseTo(frac, 6);
      expect(r.getCell(3).numFmt).toBe('0.0%');
      expect(r.getCell(4).value).toBe(delta);
    });
    // the completion percentage is exactly the report's value
    expect(ws.getCell('C14').value).toBe(s.pctCompleted / 100);
    expect(ws.getCell('C14').fill).toMatchObject({ fgColor: { argb: 'FFFFE699' } }); // 54.5 % → amber
    // backlog figures below the table
    const labels = Array.from({ length: 10 }, (_, i) => ws.getCell(16 + i, 1).value);
    const at = (label: string) => ws.getCell(16 + labels.findIndex((l) => String(l).startsWith(label)), 2).value;
    expect(at('Antrian verifikasi')).toBe(s.backlog);
    expect(at('Usul tertua')).toBe(s.backlogOldestDays);
    expect(ws.getColumn(1).width).toBeGreaterThan(20);
  });

  it('Usul per Kategori: category × status with row and column totals as formulas with cached results', () => {
    const ws = wb.getWorksheet('Usul per Kategori')!;
    expectTitle(ws, 'Kecamatan Jaten');
    expectPageSetup(ws, 6);
    expect(rowValues(ws, 6)).toEqual(['No', 'Kategori', ...SUBMISSION_STATUSES.map((s) => SUBMISSION_STATUS_LABELS[s]), 'Jumlah']);
    const n = report.byCategoryStatus.length;
    expect(ws.autoFilter).toBe(`A6:I${6 + n}`);
    report.byCategoryStatus.forEach((c, i) => {
      const r = 7 + i;
      expect(ws.getCell(r, 2).value).toBe(c.label);
      SUBMISSION_STATUSES.forEach((st, j) => {
        expect(ws.getCell(r, 3 + j).value).toBe(c.counts[st]);
        expect(ws.getCell(r, 3 + j).numFmt).toBe('#,##0');
      });
      expect(formula(ws.getCell(r, 9).value)).toEqual({ formula: `SUM(C${r}:H${r})`, result: c.total });
    });
    const tr = 7 + n;
    expect(ws.getCell(tr, 2).value).toBe('Jumlah');
    SUBMISSION_STATUSES.forEach((st, j) => {
      const col = String.fromCharCode(67 + j);
      expect(formula(ws.getCell(tr, 3 + j).value)).toEqual({ formula: `SUM(${col}7:${col}${tr - 1})`, result: report.byStatus[st] });
    });
    const all = Object.values(report.byStatus).reduce((a, b) => a + b, 0);
    expect(all).toBeGreaterThan(0);
    expect(formula(ws.getCell(tr, 9).value)).toEqual({ formula: `SUM(I7:I${tr - 1})`, result: all });
  });

  it('Kinerja Verifikator: backlog, oldest age and throughput per day', () => {
    const ws = wb.getWorksheet('Kinerja Verifikator')!;
    expectTitle(ws, 'Kecamatan Jaten');
    expectPageSetup(ws, 9);
    expect(ws.getCell('B6').value).toBe(report.summary.backlog);
    expect(ws.getCell('B7').value).toBe(report.summary.backlogOldestDays);
    expect(rowValues(ws, 9)).toEqual(['Tanggal', 'Diverifikasi', 'Dikembalikan (BTS)', 'Ditolak (TMS)', 'Jumlah']);
    expect(ws.autoFilter).toBe('A9:E23');
    report.throughput.forEach((t, i) => {
      const r = 10 + i;
      const d = ws.getCell(r, 1).value as Date;
      expect(d).toBeInstanceOf(Date);
      expect(d.toISOString().slice(0, 10)).toBe(t.date);
      expect(ws.getCell(r, 1).numFmt).toBe('dd/mm/yyyy');
      expect(rowValues(ws, r).slice(1, 4)).toEqual([t.verified, t.returned, t.rejected]);
      expect(formula(ws.getCell(r, 5).value)).toEqual({ formula: `SUM(B${r}:D${r})`, result: t.verified + t.returned + t.rejected });
    });
    const verified = report.throughput.reduce((a, t) => a + t.verified, 0);
    expect(formula(ws.getCell('B24').value)).toEqual({ formula: 'SUM(B10:B23)', result: verified });
  });

  it('Perlu Tindak Lanjut: everyone who must act and why, with NIP as text and the BTS/TMS notes', () => {
    const ws = wb.getWorksheet('Perlu Tindak Lanjut')!;
    expectTitle(ws, 'Kecamatan Jaten');
    expectPageSetup(ws, 6);
    expect(rowValues(ws, 6)).toEqual([
      'No',
      'NIP',
      'Nama',
      'Unit',
      'Jabatan',
      'Jenis',
      'Aktivasi',
      'Ganti Password',
      'Jumlah Usul',
      'BTS',
      'TMS',
      'Keterangan',
      'Catatan Verifikator',
    ]);
    expect(report.toAct.length).toBe(fx.expected.B.toAct);
    expect(ws.autoFilter).toBe(`A6:M${6 + report.toAct.length}`);
    report.toAct.forEach((e, i) => {
      const r = 7 + i;
      const nip = ws.getCell(r, 2);
      expect(typeof nip.value).toBe('string');
      expect(nip.value).toMatch(/^\d{18}$/);
      expect(nip.type).toBe(ExcelJS.ValueType.String);
      expect(nip.numFmt).toBe('@');
      expect(rowValues(ws, r)).toEqual([
        i + 1,
        e.nip,
        e.name,
        e.unit ?? undefined, // empty cell
        e.position ?? undefined,
        e.employeeType,
        e.activated ? 'Sudah' : 'Belum',
        e.passwordChanged ? 'Sudah' : 'Belum',
        e.submissions,
        e.returned,
        e.rejected,
        e.reason,
        ...(e.cases.length
          ? [e.cases.map((c) => `${c.status === 'needs_fix' ? 'BTS' : 'TMS'} ${c.categoryLabel}: ${c.note}`).join('\n')]
          : []),
      ]);
      // Long text wraps inside its column (nothing runs off the printed cell).
      for (const col of [3, 12, 13]) expect(ws.getCell(r, col).alignment).toMatchObject({ wrapText: true });
    });
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(20);
    // The fixture's cases, by their NIP, read back from the sheet: B has one BTS (needsFix), one TMS by
    // the verifier and one by the approver, each with its own note; its "Jumlah Usul" is 1.
    const byNip = new Map<string, unknown[]>();
    for (let r = 7; r < 7 + report.toAct.length; r++) byNip.set(String(ws.getCell(r, 2).value), rowValues(ws, r));
    const inB = (profile: string) => fx.employees.filter((e) => e.opdKey === 'B' && e.profile === profile);
    for (const [profile, bts, tms, word] of [
      ['needsFix', 1, 0, 'BTS Data Personal'],
      ['rejectedOnly', 0, 1, 'TMS Data Keluarga'],
      ['rejectedByApprover', 0, 1, 'TMS Riwayat Organisasi'],
    ] as const) {
      for (const e of inB(profile)) {
        const row = byNip.get(e.nip)!;
        expect(row).toBeDefined();
        expect(row.slice(8, 11)).toEqual([1, bts, tms]);
        expect(String(row[11])).toContain(bts ? 'dikembalikan (BTS)' : 'Tidak Memenuhi Syarat (TMS)');
        expect(String(row[12])).toMatch(new RegExp(`^${word}.*: Dokumen tidak sesuai \\(B\\d+\\)$`));
      }
    }
    // Completed with an approved and a TMS submission: nothing left to do, not listed.
    for (const e of inB('approvedRejected')) expect(byNip.has(e.nip)).toBe(false);
  });

  it('every sheet prints one page wide with its header row repeated and a print area', () => {
    const headers: Record<string, number> = {
      Ringkasan: 6,
      'Usul per Kategori': 6,
      'Kinerja Verifikator': 9,
      'Perlu Tindak Lanjut': 6,
      Perkiraan: 6,
      'Umur Antrean': 6,
      'Usul Terbuka': 6,
    };
    for (const ws of wb.worksheets) expectPageSetup(ws, headers[ws.name]);
  });

  it('Usul Terbuka: each open item with its age and state, matching the ageing figures', () => {
    const ws = wb.getWorksheet('Usul Terbuka')!;
    const items = report.ageingItems!;
    expect(items.length).toBe(report.ageing!.totals.total);
    expect(rowValues(ws, 6)[0]).toBe('No');
    // Read back, the states per stage are the ageing sheet's counts.
    const byStage = new Map<string, { total: number; onTrack: number; atRisk: number; overdue: number }>();
    for (let r = 7; r < 7 + items.length; r++) {
      const v = rowValues(ws, r);
      const c = byStage.get(String(v[1])) ?? { total: 0, onTrack: 0, atRisk: 0, overdue: 0 };
      c.total++;
      if (v[9] === 'sesuai target') c.onTrack++;
      else if (v[9] === 'berisiko') c.atRisk++;
      else if (v[9] === 'terlambat') c.overdue++;
      else throw new Error(`unknown state ${String(v[9])}`);
      byStage.set(String(v[1]), c);
      expect(typeof v[7]).toBe('number');
    }
    for (const s of report.ageing!.stages)
      expect(byStage.get(s.label) ?? { total: 0, onTrack: 0, atRisk: 0, overdue: 0 }).toEqual({
        total: s.total,
        onTrack: s.onTrack,
        atRisk: s.atRisk,
        overdue: s.overdue,
      });
    expect(items.some((i) => i.stage === 'verification')).toBe(true);
  });

  it('without a previous report the change column is empty and says so', async () => {
    const r = await buildOpdReport(db.models, fx.opds.C.id, fx.asOf);
    const b = new ExcelJS.Workbook();
    await b.xlsx.load((await opdReportWorkbook(r, { regencyName: REGENCY })) as unknown as ArrayBuffer);
    const ws = b.getWorksheet('Ringkasan')!;
    for (let row = 7; row <= 14; row++) expect(ws.getCell(row, 4).value ?? null).toBeNull();
    const texts = Array.from({ length: 12 }, (_, i) => ws.getCell(15 + i, 2).value);
    expect(texts).toContain('Belum ada laporan sebelumnya');
    expect(ws.getCell('C14').fill).toMatchObject({ fgColor: { argb: 'FFF4CCCC' } }); // BKPSDM 6.7 % → red
  });
});
