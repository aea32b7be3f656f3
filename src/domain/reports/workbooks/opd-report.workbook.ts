import type ExcelJS from 'exceljs';
import { SUBMISSION_STATUSES, SUBMISSION_STATUS_LABELS } from '../../shared/constants.js';
import type { OpdReport } from '../data/opd-report.js';
import { band, pct, type OpdSummary } from '../data/summaries.js';
import { bandLabel, formatAsOfLine } from '../format.js';
import {
  BAND_FILL,
  REPORT_TITLE,
  S,
  addSheet,
  colLetter,
  drainSheet,
  excelDay,
  putRow,
  putTitle,
  setProperties,
  streamWorkbook,
  withFill,
  type StreamWorkbook,
  finishSheet,
  putNote,
  wrappedHeight,
  type Style,
} from './common.workbook.js';
import { caseLines } from '../data/follow-up.js';
import { serviceLevels } from '../../../../config/service-levels.js';
import {
  AGEING_ITEMS_SHEET,
  AGEING_SHEET,
  FORECAST_SHEET,
  ageingItemsSheet,
  ageingSheet,
  forecastSheet,
} from './forecast-ageing.sheets.js';

/**
 * The per-OPD report workbook (sent to the OPD head): Ringkasan, Usul per Kategori, Kinerja
 * Verifikator, Perlu Tindak Lanjut, and (issue 13) Perkiraan, Umur Antrean, Usul Terbuka. Every sheet has title rows, a frozen and
 * print-repeated header row, an autofilter over its table, number formats (counts '#,##0',
 * percentages '0.0%' stored as fractions = report value / 100), column widths and A4 landscape
 * print setup (fitted to one page wide, the print area ending at the last row). The numbers are
 * exactly those of the OpdReport.
 *
 * Built with exceljs' streaming WorkbookWriter into memory (the result is a Buffer): the
 * "Perlu Tindak Lanjut" list of a large OPD (Dinas Pendidikan: tens of thousands of ASN) would
 * otherwise hold every cell object in memory at once; streamed, only the finished, compressed
 * file is kept (see bench/reports.bench.ts for the figures).
 */

export const OPD_SHEETS = {
  summary: 'Ringkasan',
  categories: 'Usul per Kategori',
  verifier: 'Kinerja Verifikator',
  toAct: 'Perlu Tindak Lanjut',
  forecast: FORECAST_SHEET,
  ageing: AGEING_SHEET,
  ageingItems: AGEING_ITEMS_SHEET,
} as const;

export const SUMMARY_HEADERS = ['Uraian', 'Jumlah', 'Persentase', 'Perubahan sejak laporan lalu'];
export const CATEGORY_HEADERS = ['No', 'Kategori', ...SUBMISSION_STATUSES.map((s) => SUBMISSION_STATUS_LABELS[s]), 'Jumlah'];
export const THROUGHPUT_HEADERS = ['Tanggal', 'Diverifikasi', 'Dikembalikan (BTS)', 'Ditolak (TMS)', 'Jumlah'];
export const TO_ACT_HEADERS = [
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
];
/** Column widths of "Perlu Tindak Lanjut" (characters); the wrapped columns size the row. */
const TO_ACT_WIDTHS = [6, 21, 26, 20, 22, 7, 9, 9, 8, 6, 6, 34, 40];

/** Rows 1..4: title, OPD, as-of line, campaign/regency; row 5 empty. */
const TITLE_ROWS = 4;
const HEADER_HEIGHT = 30;

interface Ctx {
  report: OpdReport;
  lines: string[];
  footer: string;
}

function measureRows(s: OpdSummary, p: OpdSummary | null): Array<{ label: string; value: number; fraction: number; delta: number | null }> {
  const share = (n: number) => pct(n, s.total) / 100;
  const d = (cur: number, prev: number | undefined) => (p ? cur - (prev ?? 0) : null);
  return [
    { label: 'Jumlah ASN', value: s.total, fraction: s.total ? 1 : 0, delta: d(s.total, p?.total) },
    { label: 'PNS', value: s.byType.PNS, fraction: share(s.byType.PNS), delta: d(s.byType.PNS, p?.byType?.PNS) },
    { label: 'CPNS', value: s.byType.CPNS, fraction: share(s.byType.CPNS), delta: d(s.byType.CPNS, p?.byType?.CPNS) },
    { label: 'PPPK', value: s.byType.PPPK, fraction: share(s.byType.PPPK), delta: d(s.byType.PPPK, p?.byType?.PPPK) },
    { label: 'Aktivasi MySAPK', value: s.activated, fraction: s.pctActivated / 100, delta: d(s.activated, p?.activated) },
    {
      label: 'Ganti password',
      value: s.passwordChanged,
      fraction: s.pctPasswordChanged / 100,
      delta: d(s.passwordChanged, p?.passwordChanged),
    },
    {
      label: 'Mengajukan usul',
      value: s.withSubmission,
      fraction: s.pctWithSubmission / 100,
      delta: d(s.withSubmission, p?.withSubmission),
    },
    { label: 'Selesai', value: s.completed, fraction: s.pctCompleted / 100, delta: d(s.completed, p?.completed) },
  ];
}

function summarySheet(wb: StreamWorkbook, { report, lines, footer }: Ctx): void {
  const headerRow = TITLE_ROWS + 2;
  const widths = [40, 14, 14, 28];
  const ws = addSheet(wb, OPD_SHEETS.summary, headerRow, footer, widths);
  putTitle(ws, lines);
  putRow(ws, headerRow, SUMMARY_HEADERS, S.header, HEADER_HEIGHT);
  const rows = measureRows(report.summary, report.previous);
  const b = band(report.summary);
  const bandPct = b ? withFill(S.pctBold, BAND_FILL[b]) : S.pctBold;
  rows.forEach((m, i) => {
    const bold = i === 0 || i === rows.length - 1;
    const last = i === rows.length - 1;
    putRow(
      ws,
      headerRow + 1 + i,
      [m.label, m.value, m.fraction, m.delta],
      bold ? [S.textBold, S.intBold, last ? bandPct : S.pctBold, S.deltaBold] : [S.text, S.int, S.pct, S.delta],
    );
  });
  const last = headerRow + rows.length;
  ws.autoFilter = `A${headerRow}:D${last}`;

  const info: Array<[string, ExcelJS.CellValue]> = [
    ['Antrian verifikasi (usul berstatus Input Berkas)', report.summary.backlog],
    ['Usul tertua menunggu verifikasi (hari)', report.summary.backlogOldestDays ?? '-'],
    ['Kategori capaian (persentase Selesai)', b ? bandLabel(b) : 'Belum ada ASN'],
    ['Kepala OPD', report.opd.headName ?? '-'],
  ];
  if (!report.previous) info.push(['Perubahan sejak laporan lalu', 'Belum ada laporan sebelumnya']);
  let r = last + 2;
  for (const [label, value] of info) putRow(ws, r++, [label, value], [S.label, typeof value === 'number' ? S.infoInt : S.infoText]);
  const note = putNote(
    ws,
    r + 1,
    'Selesai = seluruh usul pegawai sudah Disetujui BKPSDM atau Tidak Memenuhi Syarat, dan sekurang-kurangnya satu usul Disetujui. Persentase terhadap Jumlah ASN.',
    widths,
  );
  finishSheet(ws, widths.length, note);
}

function categorySheet(wb: StreamWorkbook, { report, lines, footer }: Ctx): void {
  const headerRow = TITLE_ROWS + 2;
  const n = CATEGORY_HEADERS.length;
  const widths = [5, 34, ...SUBMISSION_STATUSES.map(() => 14), 10];
  const ws = addSheet(wb, OPD_SHEETS.categories, headerRow, footer, widths);
  putTitle(ws, lines);
  putRow(ws, headerRow, CATEGORY_HEADERS, S.header, HEADER_HEIGHT);
  const first = headerRow + 1;
  const firstStatusCol = 3;
  const lastStatusCol = firstStatusCol + SUBMISSION_STATUSES.length - 1;
  const bodyStyles: Style[] = [S.int, S.text, ...SUBMISSION_STATUSES.map(() => S.int), S.intBold];
  report.byCategoryStatus.forEach((c, i) => {
    const r = first + i;
    putRow(
      ws,
      r,
      [
        i + 1,
        c.label,
        ...SUBMISSION_STATUSES.map((s) => c.counts[s] ?? 0),
        { formula: `SUM(${colLetter(firstStatusCol)}${r}:${colLetter(lastStatusCol)}${r})`, result: c.total },
      ],
      bodyStyles,
    );
  });
  const last = first + report.byCategoryStatus.length - 1;
  const grand = report.byCategoryStatus.reduce((a, c) => a + c.total, 0);
  const totals: ExcelJS.CellValue[] = [null, 'Jumlah'];
  for (let col = firstStatusCol; col <= n; col++) {
    const L = colLetter(col);
    const result = col === n ? grand : (report.byStatus[SUBMISSION_STATUSES[col - firstStatusCol]] ?? 0);
    totals.push(report.byCategoryStatus.length ? { formula: `SUM(${L}${first}:${L}${last})`, result } : 0);
  }
  putRow(ws, last + 1, totals, [S.totalText, S.totalText, ...SUBMISSION_STATUSES.map(() => S.totalInt), S.totalInt]);
  // The filter covers the categories only, so sorting never moves the totals row.
  ws.autoFilter = `A${headerRow}:${colLetter(n)}${Math.max(headerRow, last)}`;
  finishSheet(ws, n, last + 1);
}

function verifierSheet(wb: StreamWorkbook, { report, lines, footer }: Ctx): void {
  // Rows 6-7: backlog figures; row 9: table header.
  const headerRow = TITLE_ROWS + 5;
  const n = THROUGHPUT_HEADERS.length;
  const widths = [46, 14, 18, 14, 12];
  const ws = addSheet(wb, OPD_SHEETS.verifier, headerRow, footer, widths);
  putTitle(ws, lines);
  putRow(ws, TITLE_ROWS + 2, ['Antrian verifikasi (usul berstatus Input Berkas)', report.summary.backlog], [S.label, S.infoInt]);
  putRow(ws, TITLE_ROWS + 3, ['Usul tertua menunggu verifikasi (hari)', report.summary.backlogOldestDays ?? '-'], [S.label, S.infoInt]);
  putRow(ws, headerRow, THROUGHPUT_HEADERS, S.header, HEADER_HEIGHT);
  const first = headerRow + 1;
  const body: Style[] = [S.date, S.int, S.int, S.int, S.intBold];
  report.throughput.forEach((t, i) => {
    const r = first + i;
    putRow(
      ws,
      r,
      [excelDay(t.date), t.verified, t.returned, t.rejected, { formula: `SUM(B${r}:D${r})`, result: t.verified + t.returned + t.rejected }],
      body,
    );
  });
  const last = first + report.throughput.length - 1;
  const sums = [
    report.throughput.reduce((a, t) => a + t.verified, 0),
    report.throughput.reduce((a, t) => a + t.returned, 0),
    report.throughput.reduce((a, t) => a + t.rejected, 0),
  ];
  const totals: ExcelJS.CellValue[] = ['Jumlah'];
  for (let c = 2; c <= n; c++) {
    const L = colLetter(c);
    const result = c === n ? sums[0] + sums[1] + sums[2] : sums[c - 2];
    totals.push(report.throughput.length ? { formula: `SUM(${L}${first}:${L}${last})`, result } : 0);
  }
  putRow(ws, last + 1, totals, [S.totalText, S.totalInt, S.totalInt, S.totalInt, S.totalInt]);
  ws.autoFilter = `A${headerRow}:${colLetter(n)}${Math.max(headerRow, last)}`;
  const note = putNote(
    ws,
    last + 3,
    'Tindakan verifikator OPD per hari (WIB), 14 hari terakhir: usul berstatus Input Berkas yang diverifikasi, dikembalikan (BTS) atau ditolak (TMS).',
    widths,
  );
  finishSheet(ws, n, note);
}

async function toActSheet(wb: StreamWorkbook, { report, lines, footer }: Ctx): Promise<void> {
  const headerRow = TITLE_ROWS + 2;
  const n = TO_ACT_HEADERS.length;
  const W = TO_ACT_WIDTHS;
  const ws = addSheet(wb, OPD_SHEETS.toAct, headerRow, footer, W);
  putTitle(ws, lines);
  putRow(ws, headerRow, TO_ACT_HEADERS, S.header, HEADER_HEIGHT);
  const body: Style[] = [S.int, S.nip, S.wrap, S.wrap, S.wrap, S.text, S.text, S.text, S.int, S.int, S.int, S.wrap, S.wrap];
  const list = report.toAct;
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    const notes = caseLines(e.cases);
    putRow(
      ws,
      headerRow + 1 + i,
      [
        i + 1,
        e.nip, // text (format '@'): an 18-digit NIP must never become a number
        e.name,
        e.unit,
        e.position,
        e.employeeType,
        e.activated ? 'Sudah' : 'Belum',
        e.passwordChanged ? 'Sudah' : 'Belum',
        e.submissions,
        e.returned,
        e.rejected,
        e.reason,
        notes || null,
      ],
      body,
      wrappedHeight([
        [e.name, W[2]],
        [e.unit, W[3]],
        [e.position, W[4]],
        [e.reason, W[11]],
        [notes, W[12]],
      ]),
    );
    // Let the zip take what was written now and then on long lists.
    if (i % 2000 === 1999) await drainSheet(ws);
  }
  const last = headerRow + list.length;
  ws.autoFilter = `A${headerRow}:${colLetter(n)}${last}`;
  if (list.length === 0)
    putRow(
      ws,
      headerRow + 2,
      [null, null, 'Tidak ada: semua ASN sudah aktivasi MySAPK, mengajukan usul, dan tidak ada usul yang dikembalikan.'],
      S.plain,
    );
  const note = putNote(
    ws,
    Math.max(last, headerRow + 2) + 2,
    'Daftar ASN yang harus bertindak: belum aktivasi MySAPK, belum mengajukan usul, usul dikembalikan untuk diperbaiki (BTS, menunggu ASN; dengan catatan verifikator), ' +
      'atau usul Tidak Memenuhi Syarat (TMS) sementara pemutakhirannya belum Selesai. Jumlah Usul = usul putaran ini yang masuk s.d. saat laporan.',
    W,
  );
  finishSheet(ws, n, note);
}

/** The OPD report as an .xlsx file. */
export async function opdReportWorkbook(report: OpdReport, opts: { regencyName: string }): Promise<Buffer> {
  const sub = [report.campaign ? report.campaign.name : null, opts.regencyName].filter(Boolean).join(' — ');
  const ctx: Ctx = {
    report,
    lines: [REPORT_TITLE, report.opd.name, formatAsOfLine(report.asOf), sub],
    footer: `${report.opd.name} — ${formatAsOfLine(report.asOf)}`,
  };
  const buf = await streamWorkbook(async (wb) => {
    setProperties(wb, {
      regencyName: opts.regencyName,
      title: `${REPORT_TITLE} — ${report.opd.name}`,
      subject: formatAsOfLine(report.asOf),
      asOf: report.asOf,
    });
    summarySheet(wb, ctx);
    categorySheet(wb, ctx);
    verifierSheet(wb, ctx);
    await toActSheet(wb, ctx);
    // Issue 13: the completion forecast and the queue ageing (when the report has them).
    if (report.forecast)
      forecastSheet(wb, {
        lines: ctx.lines,
        footer: ctx.footer,
        rows: [{ code: report.opd.code, name: report.opd.name, forecast: report.forecast }],
      });
    if (report.ageing) ageingSheet(wb, { lines: ctx.lines, footer: ctx.footer, ageing: report.ageing, levels: serviceLevels() });
    if (report.ageingItems) ageingItemsSheet(wb, { lines: ctx.lines, footer: ctx.footer, items: report.ageingItems });
  });
  return buf!;
}
