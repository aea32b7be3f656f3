import type ExcelJS from 'exceljs';
import type { AgeingReport } from '../../ageing/ageing.js';
import { PACE_WINDOW_DAYS, type Forecast } from '../../forecast/forecast.js';
import { formatJakartaDate } from '../../shared/time.js';
import { S, addSheet, colLetter, excelDay, putRow, putTitle, type StreamWorkbook, type Style } from './common.workbook.js';

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
  const ws = addSheet(wb, FORECAST_SHEET, headerRow, p.footer, [12, 36, 12, 12, 12, 14, 14, 12, 16, 16, 14, 52]);
  putTitle(ws, p.lines);
  putRow(ws, headerRow, FORECAST_HEADERS, S.header, 45);
  const body: Style[] = [S.text, S.text, S.int, S.int, S.int, S.int, DEC, S.int, S.int, S.date, S.int, S.text];
  p.rows.forEach((r, i) => putRow(ws, headerRow + 1 + i, forecastValues(r), body));
  let last = headerRow + p.rows.length;
  ws.autoFilter = `A${headerRow}:${colLetter(FORECAST_HEADERS.length)}${Math.max(headerRow, last)}`;
  if (p.total) {
    const t = S.totalInt;
    putRow(ws, ++last, forecastValues(p.total), [S.totalText, S.totalText, t, t, t, t, DEC_TOTAL, t, t, DATE_TOTAL, t, S.totalText]);
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
  notes.forEach((n, i) => putRow(ws, last + 2 + i, [n], S.note));
  ws.commit();
}

/** "Umur Antrean": per stage, the open items by state, and the totals. */
export function ageingSheet(
  wb: StreamWorkbook,
  p: { lines: string[]; footer: string; ageing: AgeingReport; levels: { atRiskDays: number; secondEscalationDays: number } },
): void {
  const headerRow = TITLE_ROWS + 2;
  const ws = addSheet(wb, AGEING_SHEET, headerRow, p.footer, [26, 14, 12, 14, 12, 12, 16, 14]);
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
  putRow(
    ws,
    last + 3,
    [
      `Umur = hari kerja sejak usul/tiket masuk tahapnya (Senin–Jumat di luar hari libur). Terlambat: umur melewati target; ` +
        `berisiko: ${p.levels.atRiskDays} hari kerja terakhir sebelum target; eskalasi kedua: lebih dari target + ${p.levels.secondEscalationDays} hari kerja.`,
    ],
    S.note,
  );
  ws.commit();
}
