import type ExcelJS from 'exceljs';
import type { Models } from '../../../db/models/index.js';
import { employeeDetailPages } from '../data/employee-detail.js';
import type { RegencyReport } from '../data/regency-report.js';
import type { OpdSummary } from '../data/summaries.js';
import { formatAsOfLine } from '../format.js';
import {
  BAND_FILL,
  REPORT_TITLE,
  S,
  addSheet,
  colLetter,
  drainSheet,
  finishSheet,
  putRow,
  putTitle,
  setProperties,
  streamWorkbook,
  withFill,
  wrappedHeight,
  type StreamWorkbook,
  type Style,
} from './common.workbook.js';
import { serviceLevels } from '../../../../config/service-levels.js';
import {
  AGEING_BY_OPD_SHEET,
  AGEING_SHEET,
  FORECAST_SHEET,
  ageingByOpdSheet,
  ageingSheet,
  forecastSheet,
  type ForecastRow,
} from './forecast-ageing.sheets.js';

/**
 * The regency report workbook (for the Bupati), written with exceljs' STREAMING WorkbookWriter
 * (useStyles, no shared strings) so its size does not depend on memory:
 * - "Peringkat OPD": one row per OPD in rank order, filled with its completion band colour,
 *   totals row (formulas with cached results), legend;
 * - "Rincian ASN": one row per counted employee of the regency, read page by page (keyset
 *   pagination, see employeeDetailPages) and committed row by row — never all rows at once.
 * Columns, views (frozen header) and page setup are fixed before the first row is written.
 * With `out` the file is written to that stream (the writer ends it; the promise resolves when
 * the stream has finished); without it the file is returned as a Buffer.
 */

export const REGENCY_SHEETS = {
  ranking: 'Peringkat OPD',
  detail: 'Rincian ASN',
  forecast: FORECAST_SHEET,
  ageing: AGEING_SHEET,
  ageingByOpd: AGEING_BY_OPD_SHEET,
} as const;

export const RANKING_HEADERS = [
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
];
export const DETAIL_HEADERS = ['OPD', 'NIP', 'Nama', 'Jenis', 'Aktivasi', 'Ganti Password', 'Jumlah Usul', 'Usul Disetujui', 'Selesai'];

/** Rows 1..4 titles, row 5 empty, row 6 the table header. */
const RANKING_HEADER_ROW = 6;
/** Rows 1..3 titles, row 4 empty, row 5 the table header. */
const DETAIL_HEADER_ROW = 5;
const DETAIL_WIDTHS = [36, 19, 30, 7, 9, 9, 8, 9, 8];

/** Percentage (0..100, one decimal) as the fraction Excel formats with '0.0%'. */
const fraction = (pct: number) => Math.round(pct * 10) / 1000;
/** Change of the completion percentage in percentage points, as a fraction; null without previous. */
const deltaPct = (cur: OpdSummary, prev: OpdSummary | null | undefined) =>
  prev ? Math.round((cur.pctCompleted - prev.pctCompleted) * 10) / 1000 : null;

const { pct: PCT, int: INT, text: TEXT } = S;
const DELTA_PCT: Style = { numFmt: '+0.0%;-0.0%;0.0%', border: S.text.border };
const RANK_STYLES: Style[] = [INT, TEXT, S.wrap, INT, PCT, PCT, PCT, PCT, DELTA_PCT, INT, INT, S.wrap];
const RANK_WIDTHS = [10, 18, 40, 10, 10, 11, 12, 10, 11, 10, 9, 28];
/** Rows with a long OPD name or head's report line grow to show them whole. */
const rankHeight = (name: string, head: string) =>
  wrappedHeight([
    [name, RANK_WIDTHS[2]],
    [head, RANK_WIDTHS[11]],
  ]);

/** The "Laporan Kepala OPD" cell: status and date of the head's report as of the report's moment. */
const headReportText = (s: RegencyReport['rows'][number]): string => s.headReport?.text ?? 'Belum melapor';

function writeRanking(wb: StreamWorkbook, report: RegencyReport, regencyName: string): void {
  const n = RANKING_HEADERS.length;
  const ws = addSheet(wb, REGENCY_SHEETS.ranking, RANKING_HEADER_ROW, `${regencyName} — ${formatAsOfLine(report.asOf)}`, RANK_WIDTHS);
  putTitle(ws, [REPORT_TITLE, `Peringkat OPD — ${regencyName}`, formatAsOfLine(report.asOf), report.campaign ? report.campaign.name : '']);
  putRow(ws, RANKING_HEADER_ROW, RANKING_HEADERS, S.header, 30);

  const first = RANKING_HEADER_ROW + 1;
  report.rows.forEach((s, i) => {
    if (!s.total) {
      // No ASN: no rank, no band, no percentages (listed last by the ranking).
      putRow(
        ws,
        first + i,
        ['Belum ada ASN', s.opdCode, s.opdName, s.total, null, null, null, null, null, s.backlog, s.backlogOldestDays, headReportText(s)],
        RANK_STYLES,
        rankHeight(s.opdName, headReportText(s)),
      );
      return;
    }
    const fill = BAND_FILL[s.band ?? 'red'];
    putRow(
      ws,
      first + i,
      [
        s.rank,
        s.opdCode,
        s.opdName,
        s.total,
        fraction(s.pctActivated),
        fraction(s.pctPasswordChanged),
        fraction(s.pctWithSubmission),
        fraction(s.pctCompleted),
        deltaPct(s, s.previous),
        s.backlog,
        s.backlogOldestDays,
        headReportText(s),
      ],
      RANK_STYLES.map((st) => withFill(st, fill)),
      rankHeight(s.opdName, headReportText(s)),
    );
  });
  const last = first + report.rows.length - 1;
  const t = report.totals;
  const sum = (col: number, result: number): ExcelJS.CellValue =>
    report.rows.length ? { formula: `SUM(${colLetter(col)}${first}:${colLetter(col)}${last})`, result } : result;
  putRow(
    ws,
    last + 1,
    [
      null,
      t.opdCode,
      `Jumlah ${regencyName}`,
      sum(4, t.total),
      fraction(t.pctActivated),
      fraction(t.pctPasswordChanged),
      fraction(t.pctWithSubmission),
      fraction(t.pctCompleted),
      deltaPct(t, report.previousTotals),
      sum(10, t.backlog),
      report.rows.length && t.backlogOldestDays !== null
        ? { formula: `MAX(K${first}:K${last})`, result: t.backlogOldestDays }
        : t.backlogOldestDays,
      `${report.rows.filter((r) => r.headReport && r.headReport.status !== 'none').length} dari ${report.rows.length} OPD melapor`,
    ],
    [
      S.totalInt,
      S.totalText,
      S.totalText,
      S.totalInt,
      S.totalPct,
      S.totalPct,
      S.totalPct,
      S.totalPct,
      S.totalDeltaPct,
      S.totalInt,
      S.totalInt,
      S.totalText,
    ],
  );
  // Filter over the OPD rows only: sorting never moves the totals row.
  ws.autoFilter = `A${RANKING_HEADER_ROW}:${colLetter(n)}${Math.max(RANKING_HEADER_ROW, last)}`;

  const notes: Array<[string, 'red' | 'amber' | 'green' | null]> = [
    [
      'Warna dan peringkat menurut bagian ASN yang Selesai (pecahan tepat, bukan persentase yang dibulatkan); peringkat sama untuk capaian yang sama:',
      null,
    ],
    ['Merah: di bawah 50%', 'red'],
    ['Kuning: 50% sampai di bawah 80%', 'amber'],
    ['Hijau: 80% atau lebih', 'green'],
    ['Persentase ditampilkan dibulatkan ke bawah satu desimal. OPD yang belum ada ASN tidak diberi peringkat maupun warna.', null],
    ['Perubahan: selisih persentase Selesai dibanding laporan sebelumnya (poin persen).', null],
    [
      'Laporan Kepala OPD: laporan hasil PDM Kepala OPD kepada Bupati melalui BKPSDM, dengan status dan tanggalnya per saat laporan ini.',
      null,
    ],
    ['Selesai: seluruh usul pegawai sudah Disetujui BKPSDM atau Tidak Memenuhi Syarat, dan sekurang-kurangnya satu Disetujui.', null],
  ];
  // Each note is merged over the columns right of the colour swatch and wrapped, so it prints inside the page.
  const noteWidth = RANK_WIDTHS.slice(2).reduce((a, w) => a + w, 0);
  notes.forEach(([text, b], i) => {
    const r = last + 3 + i;
    putRow(
      ws,
      r,
      [null, null, text],
      [S.plain, b ? withFill(S.plain, BAND_FILL[b]) : S.plain, S.noteWrap],
      wrappedHeight([[text, noteWidth]], 12),
      [`C${r}:${colLetter(n)}${r}`],
    );
  });
  finishSheet(ws, n, last + 2 + notes.length);
}

async function writeDetail(
  wb: StreamWorkbook,
  report: RegencyReport,
  opts: { regencyName: string; models: Models; asOf: Date; pageSize?: number },
): Promise<number> {
  const n = DETAIL_HEADERS.length;
  const ws = addSheet(wb, REGENCY_SHEETS.detail, DETAIL_HEADER_ROW, `${opts.regencyName} — ${formatAsOfLine(report.asOf)}`, DETAIL_WIDTHS);
  putTitle(ws, [REPORT_TITLE, `Rincian ASN — ${opts.regencyName}`, formatAsOfLine(report.asOf)]);
  putRow(ws, DETAIL_HEADER_ROW, DETAIL_HEADERS, S.header, 30);
  // 100k rows: no borders, shared styles only; a long OPD or employee name wraps (its row grows).
  const body: Style[] = [S.bareWrap, S.bareNip, S.bareWrap, S.bare, S.bare, S.bare, S.bareInt, S.bareInt, S.bare];
  let rowNo = DETAIL_HEADER_ROW;
  for await (const page of employeeDetailPages(opts.models, opts.asOf, { pageSize: opts.pageSize })) {
    for (const e of page) {
      putRow(
        ws,
        ++rowNo,
        [
          e.opdName,
          e.nip, // text (format '@'): an 18-digit NIP must never become a number
          e.name,
          e.employeeType,
          e.activated ? 'Sudah' : 'Belum',
          e.passwordChanged ? 'Sudah' : 'Belum',
          e.submissions,
          e.approved,
          e.completed ? 'Sudah' : 'Belum',
        ],
        body,
        // An explicit height on every row (9 pt text: 12 points a line): LibreOffice and Excel need
        // not measure 100k rows, and a long OPD or employee name gets the lines it wraps to.
        e.opdName.length > DETAIL_WIDTHS[0] || e.name.length > DETAIL_WIDTHS[2]
          ? (wrappedHeight(
              [
                [e.opdName, Math.round(DETAIL_WIDTHS[0] * 1.2)],
                [e.name, Math.round(DETAIL_WIDTHS[2] * 1.2)],
              ],
              12,
            ) ?? 12)
          : 12,
      );
    }
    // Let the zip take what this page wrote before producing more.
    await drainSheet(ws);
  }
  ws.autoFilter = `A${DETAIL_HEADER_ROW}:${colLetter(n)}${rowNo}`;
  finishSheet(ws, n, rowNo);
  return rowNo - DETAIL_HEADER_ROW;
}

/** Issue 13: "Perkiraan" (one row per OPD with ASN, in ranking order, and the regency) and "Umur Antrean" (the regency's queues). */
function writeForecastAndAgeing(wb: StreamWorkbook, report: RegencyReport, regencyName: string): void {
  const lines = [REPORT_TITLE, regencyName, formatAsOfLine(report.asOf), report.campaign?.name ?? ''];
  const footer = `${regencyName} — ${formatAsOfLine(report.asOf)}`;
  if (report.forecast) {
    const byOpd = report.forecast.byOpd;
    const rows: ForecastRow[] = report.rows
      .filter((r) => r.total && byOpd.has(r.opdId))
      .map((r) => ({ code: r.opdCode, name: r.opdName, forecast: byOpd.get(r.opdId)! }));
    forecastSheet(wb, { lines, footer, rows, total: { code: 'JUMLAH', name: regencyName, forecast: report.forecast.regency } });
  }
  if (report.ageing) ageingSheet(wb, { lines, footer, ageing: report.ageing, levels: serviceLevels() });
  if (report.ageing && report.ageingByOpd) ageingByOpdSheet(wb, { lines, footer, rows: report.ageingByOpd, total: report.ageing });
}

/** The regency report as an .xlsx file: to `out` when given (resolves once written), else as a Buffer. */
export async function regencyReportWorkbook(
  report: RegencyReport,
  opts: { regencyName: string; models: Models; asOf: Date; out?: NodeJS.WritableStream; pageSize?: number },
): Promise<Buffer | void> {
  const buf = await streamWorkbook(async (wb) => {
    setProperties(wb, {
      regencyName: opts.regencyName,
      title: `${REPORT_TITLE} — ${opts.regencyName}`,
      subject: formatAsOfLine(report.asOf),
      asOf: report.asOf,
    });
    writeRanking(wb, report, opts.regencyName);
    await writeDetail(wb, report, opts);
    writeForecastAndAgeing(wb, report, opts.regencyName);
  }, opts.out);
  if (buf) return buf;
}
