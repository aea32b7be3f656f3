import type ExcelJS from 'exceljs';
import type { AgeingReport, AgeingState } from '../../ageing/ageing.js';
import type { AgeingItem, OpdAgeingRow } from '../data/ageing-items.js';
import { PACE_WINDOW_DAYS, type Forecast } from '../../forecast/forecast.js';
import { formatJakartaDate, jakartaDate } from '../../shared/time.js';
import {
  BAND_FILL,
  S,
  addSheet,
  colLetter,
  excelDay,
  finishSheet,
  putNote,
  putRow,
  putTitle,
  withFill,
  wrappedHeight,
  type StreamWorkbook,
  type Style,
} from './common.workbook.js';

/**
 * The two sheets of issue 13 shared by the OPD and the regency workbooks:
 * - "Perkiraan": the completion forecast (src/domain/forecast/forecast.ts), one row per OPD (the
 *   OPD workbook: its own row) and, for the regency, a totals row; the method under the table;
 * - "Umur Antrean": the open items per stage by state against the service levels
 *   (src/domain/ageing/ageing.ts), with a totals row.
 * The numbers are exactly those of the report objects.
 */

export const FORECAST_SHEET = 'Perkiraan';
export const AGEING_SHEET = 'Umur Antrean';

export const FORECAST_HEADERS = [
  'Kode',
  'OPD',
  'Jumlah ASN',
  'Selesai',
  'Sisa',
  `Selesai ${PACE_WINDOW_DAYS} hari kerja terakhir`,
  'Laju (ASN/hari kerja)',
  'Hari kerja tersisa',
  'Perkiraan selesai pada batas waktu',
  'Perkiraan tanggal selesai',
  'Perlu (ASN/hari kerja)',
  'Keterangan',
];
export const AGEING_HEADERS = [
  'Tahap',
  'Target (hari kerja)',
  'Jumlah',
  'Sesuai target',
  'Berisiko',
  'Terlambat',
  'Melewati eskalasi kedua',
  'Tertua (hari kerja)',
];

const TITLE_ROWS = 4;
const DEC: Style = { numFmt: '#,##0.00', border: S.text.border };
const DEC_TOTAL: Style = { ...S.totalInt, numFmt: '#,##0.00' };
const DATE_TOTAL: Style = { ...S.totalInt, numFmt: S.date.numFmt };
const TOTAL_WRAP: Style = { ...S.totalText, alignment: { wrapText: true, vertical: 'top' } };

export interface ForecastRow {
  code: string;
  name: string;
  forecast: Forecast;
}

function forecastValues(r: ForecastRow): ExcelJS.CellValue[] {
  const f = r.forecast;
  return [
    r.code,
    r.name,
    f.total,
    f.completed,
    f.remaining,
    f.windowCompleted,
    f.pace,
    f.workingDaysLeft,
    f.expectedAtDeadline,
    f.finishDate ? excelDay(f.finishDate) : f.done ? 'Sudah selesai' : '-',
    f.neededPerDay ?? '-',
    f.sentence,
  ];
}

/** "Perkiraan": the rows, then (regency) the totals row, then the method. */
export function forecastSheet(
  wb: StreamWorkbook,
  p: { lines: string[]; footer: string; rows: ForecastRow[]; total?: ForecastRow | null },
): void {
  const headerRow = TITLE_ROWS + 2;
  const widths = [12, 30, 10, 10, 10, 12, 12, 11, 14, 14, 12, 44];
  const ws = addSheet(wb, FORECAST_SHEET, headerRow, p.footer, widths);
  putTitle(ws, p.lines);
  putRow(ws, headerRow, FORECAST_HEADERS, S.header, 45);
  const body: Style[] = [S.text, S.wrap, S.int, S.int, S.int, S.int, DEC, S.int, S.int, S.date, S.int, S.wrap];
  const height = (r: ForecastRow) =>
    wrappedHeight([
      [r.name, widths[1]],
      [r.forecast.sentence, widths[11]],
    ]);
  p.rows.forEach((r, i) => putRow(ws, headerRow + 1 + i, forecastValues(r), body, height(r)));
  let last = headerRow + p.rows.length;
  ws.autoFilter = `A${headerRow}:${colLetter(FORECAST_HEADERS.length)}${Math.max(headerRow, last)}`;
  if (p.total) {
    const t = S.totalInt;
    putRow(
      ws,
      ++last,
      forecastValues(p.total),
      [S.totalText, TOTAL_WRAP, t, t, t, t, DEC_TOTAL, t, t, DATE_TOTAL, t, TOTAL_WRAP],
      height(p.total),
    );
  }
  const first = p.total?.forecast ?? p.rows[0]?.forecast;
  const notes = [
    first
      ? `Batas waktu: akhir tahap persetujuan (${formatJakartaDate(first.deadline)}). Laju dihitung dari ${formatJakartaDate(first.windowFrom)} s.d. ${formatJakartaDate(first.windowTo)}.`
      : null,
    `Laju = ASN yang selesai dalam ${PACE_WINDOW_DAYS} hari kerja penuh terakhir sebelum hari ini, dibagi ${PACE_WINDOW_DAYS}. ` +
      'Perkiraan pada batas waktu = selesai sekarang + laju × hari kerja tersisa (termasuk hari ini). ' +
      'Tanggal selesai = hari kerja ke-⌈sisa / laju⌉ mulai hari ini. Perlu per hari = ⌈sisa / hari kerja tersisa⌉. ' +
      'Hari kerja: Senin–Jumat di luar hari libur putaran PDM. Selesai = seluruh usul pegawai Disetujui atau TMS, sekurang-kurangnya satu Disetujui.',
  ].filter((x): x is string => x !== null);
  let row = last;
  notes.forEach((n, i) => (row = putNote(ws, last + 2 + i, n, widths)));
  finishSheet(ws, widths.length, row);
}

/** "Umur Antrean": per stage, the open items by state, and the totals. */
export function ageingSheet(
  wb: StreamWorkbook,
  p: { lines: string[]; footer: string; ageing: AgeingReport; levels: { atRiskDays: number; secondEscalationDays: number } },
): void {
  const headerRow = TITLE_ROWS + 2;
  const widths = [26, 14, 12, 14, 12, 12, 16, 14];
  const ws = addSheet(wb, AGEING_SHEET, headerRow, p.footer, widths);
  putTitle(ws, p.lines);
  putRow(ws, headerRow, AGEING_HEADERS, S.header, 45);
  const body: Style[] = [S.text, S.int, S.int, S.int, S.int, S.int, S.int, S.int];
  p.ageing.stages.forEach((s, i) =>
    putRow(
      ws,
      headerRow + 1 + i,
      [s.label, s.targetDays, s.total, s.onTrack, s.atRisk, s.overdue, s.pastSecondThreshold, s.oldestDays ?? '-'],
      body,
    ),
  );
  const last = headerRow + p.ageing.stages.length;
  const t = p.ageing.totals;
  const second = p.ageing.stages.reduce((a, s) => a + s.pastSecondThreshold, 0);
  const T = S.totalInt;
  putRow(
    ws,
    last + 1,
    ['Jumlah', null, t.total, t.onTrack, t.atRisk, t.overdue, second, null],
    [S.totalText, S.totalText, T, T, T, T, T, S.totalText],
  );
  ws.autoFilter = `A${headerRow}:${colLetter(AGEING_HEADERS.length)}${last}`;
  const note = putNote(
    ws,
    last + 3,
    `Umur = hari kerja sejak usul/tiket masuk tahapnya (Senin–Jumat di luar hari libur). Terlambat: umur melewati target; ` +
      `berisiko: ${p.levels.atRiskDays} hari kerja terakhir sebelum target; eskalasi kedua: lebih dari target + ${p.levels.secondEscalationDays} hari kerja.`,
    widths,
  );
  finishSheet(ws, widths.length, note);
}

export const AGEING_ITEMS_SHEET = 'Usul Terbuka';
export const AGEING_BY_OPD_SHEET = 'Umur Antrean per OPD';
export const AGEING_ITEMS_HEADERS = [
  'No',
  'Tahap',
  'Nomor',
  'NIP',
  'Nama',
  'Kategori / jenis',
  'Masuk tahap',
  'Umur (hari kerja)',
  'Target (hari kerja)',
  'Keadaan',
];
const STATE_FILL: Record<AgeingState, string> = { on_track: BAND_FILL.green, at_risk: BAND_FILL.amber, overdue: BAND_FILL.red };

/** "Usul Terbuka" (the OPD workbook): every open item with its age and state, oldest first per stage. */
export function ageingItemsSheet(wb: StreamWorkbook, p: { lines: string[]; footer: string; items: AgeingItem[] }): void {
  const headerRow = TITLE_ROWS + 2;
  const widths = [6, 20, 12, 21, 28, 26, 13, 11, 11, 14];
  const ws = addSheet(wb, AGEING_ITEMS_SHEET, headerRow, p.footer, widths);
  putTitle(ws, p.lines);
  putRow(ws, headerRow, AGEING_ITEMS_HEADERS, S.header, 30);
  p.items.forEach((it, i) =>
    putRow(
      ws,
      headerRow + 1 + i,
      [i + 1, it.stageLabel, it.ref, it.nip, it.name, it.what, excelDay(jakartaDate(it.entered)), it.ageDays, it.targetDays, it.stateLabel],
      [S.int, S.wrap, S.text, S.nip, S.wrap, S.wrap, S.date, S.int, S.int, withFill(S.text, STATE_FILL[it.state])],
      wrappedHeight([
        [it.name, widths[4]],
        [it.what, widths[5]],
      ]),
    ),
  );
  const last = headerRow + p.items.length;
  ws.autoFilter = `A${headerRow}:${colLetter(AGEING_ITEMS_HEADERS.length)}${last}`;
  if (!p.items.length) putRow(ws, headerRow + 1, [null, 'Tidak ada usul atau tiket yang menunggu.'], S.plain);
  const note = putNote(
    ws,
    Math.max(last, headerRow + 1) + 2,
    'Usul yang menunggu verifikator OPD, validasi BKN atau persetujuan BKPSDM, dan tiket helpdesk yang belum selesai, per saat laporan. ' +
      'Umur dalam hari kerja sejak masuk tahapnya; keadaan terhadap target tahap: sesuai target, berisiko (mendekati target), terlambat (melewati target).',
    widths,
  );
  finishSheet(ws, widths.length, note);
}

/** "Umur Antrean per OPD" (the regency workbook): per OPD, each stage's open items, at risk and overdue. */
export function ageingByOpdSheet(
  wb: StreamWorkbook,
  p: { lines: string[]; footer: string; rows: OpdAgeingRow[]; total: AgeingReport },
): void {
  const stages = p.total.stages;
  const groupRow = TITLE_ROWS + 2;
  const headerRow = groupRow + 1;
  const widths = [12, 30, ...stages.flatMap(() => [8, 8, 8]), 9, 9, 9];
  const n = widths.length;
  const ws = addSheet(wb, AGEING_BY_OPD_SHEET, headerRow, p.footer, widths);
  ws.pageSetup.printTitlesRow = `${groupRow}:${headerRow}`;
  putTitle(ws, p.lines);
  const tail = 3 + stages.length * 3;
  putRow(
    ws,
    groupRow,
    ['Kode', 'OPD', ...stages.flatMap((s) => [`${s.label} (target ${s.targetDays} hari kerja)`, null, null]), 'Semua tahap', null, null],
    S.header,
    30,
    [
      ...stages.map((_, i) => `${colLetter(3 + i * 3)}${groupRow}:${colLetter(5 + i * 3)}${groupRow}`),
      `${colLetter(tail)}${groupRow}:${colLetter(tail + 2)}${groupRow}`,
      `A${groupRow}:A${headerRow}`,
      `B${groupRow}:B${headerRow}`,
    ],
  );
  putRow(
    ws,
    headerRow,
    [null, null, ...stages.flatMap(() => ['Jumlah', 'Berisiko', 'Terlambat']), 'Jumlah', 'Terlambat', 'Tertua (hari kerja)'],
    S.header,
    30,
  );
  const values = (code: string, name: string, a: AgeingReport): ExcelJS.CellValue[] => [
    code,
    name,
    ...a.stages.flatMap((s) => [s.total, s.atRisk, s.overdue]),
    a.totals.total,
    a.totals.overdue,
    a.stages.reduce<number | null>((m, s) => (s.oldestDays === null ? m : Math.max(m ?? 0, s.oldestDays)), null) ?? '-',
  ];
  const body: Style[] = [S.text, S.wrap, ...widths.slice(2).map(() => S.int)];
  p.rows.forEach((r, i) => putRow(ws, headerRow + 1 + i, values(r.code, r.name, r.ageing), body, wrappedHeight([[r.name, widths[1]]])));
  const last = headerRow + p.rows.length;
  ws.autoFilter = `A${headerRow}:${colLetter(n)}${Math.max(headerRow, last)}`;
  putRow(ws, last + 1, values('JUMLAH', 'Kabupaten', p.total), [S.totalText, S.totalText, ...widths.slice(2).map(() => S.totalInt)]);
  const note = putNote(
    ws,
    last + 3,
    'Usul dan tiket yang menunggu per OPD (OPD pegawai saat laporan; tiket menurut OPD tiketnya). Berisiko: mendekati target; terlambat: melewati target tahap. ' +
      'Umur dalam hari kerja (Senin–Jumat di luar hari libur putaran PDM). Baris Jumlah: seluruh kabupaten, termasuk tiket tanpa OPD.',
    widths,
  );
  finishSheet(ws, n, note);
}
