import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

/**
 * Look, print setup and the streaming plumbing shared by the report workbooks (OPD and regency):
 * Indonesian titles, A4 landscape fitted to one page wide, frozen and print-repeated header row,
 * thin borders, '#,##0' / '0.0%' number formats.
 *
 * Performance note: exceljs computes a cell's style id from its style object, and caches the
 * result per object identity. Every cell of the tables therefore gets one of the SHARED style
 * objects below (never a per-cell copy, never a setter like `cell.numFmt = …` that mutates
 * it): that halves the cost of writing a row. Do not mutate these objects.
 */

export const REPORT_TITLE = 'Laporan Pemutakhiran Data Mandiri ASN';

export const FMT_INT = '#,##0';
export const FMT_PCT = '0.0%';
/** Signed change of a count: +12 / -3 / 0. */
export const FMT_DELTA = '+#,##0;-#,##0;0';
/** Signed change of a percentage (stored as a fraction, i.e. percentage points / 100). */
export const FMT_DELTA_PCT = '+0.0%;-0.0%;0.0%';
export const FMT_DATE = 'dd/mm/yyyy';
export const FMT_TEXT = '@';

export const BAND_FILL: Record<'red' | 'amber' | 'green', string> = {
  red: 'FFF4CCCC',
  amber: 'FFFFE699',
  green: 'FFC6EFCE',
};
export const HEADER_FILL = 'FFD9E1F2';
export const TOTAL_FILL = 'FFF2F2F2';

export type Style = Partial<ExcelJS.Style>;

export function solidFill(argb: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb }, bgColor: { argb } };
}

const GREY = { argb: 'FFBFBFBF' };
export const THIN_BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: GREY },
  left: { style: 'thin', color: GREY },
  bottom: { style: 'thin', color: GREY },
  right: { style: 'thin', color: GREY },
};

/** Shared style objects (see the performance note). */
export const S = {
  plain: {} as Style,
  title: { font: { bold: true, size: 14 } } as Style,
  subtitle: { font: { bold: true, size: 12 } } as Style,
  asOf: { font: { italic: true, size: 11 } } as Style,
  line: { font: { size: 11 } } as Style,
  note: { font: { italic: true, size: 9 } } as Style,
  /** A note across the table's width (merged), wrapped. */
  noteWrap: { font: { italic: true, size: 9 }, alignment: { wrapText: true, vertical: 'top' } } as Style,
  label: { font: { bold: true } } as Style,
  header: {
    font: { bold: true },
    fill: solidFill(HEADER_FILL),
    border: THIN_BORDER,
    alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
  } as Style,
  // table body
  text: { border: THIN_BORDER, alignment: { vertical: 'top' } } as Style,
  /** Long text (names, units, reasons, notes): wrapped at words inside the column, top-aligned. */
  wrap: { border: THIN_BORDER, alignment: { wrapText: true, vertical: 'top' } } as Style,
  nip: { numFmt: FMT_TEXT, border: THIN_BORDER, alignment: { vertical: 'top' } } as Style,
  int: { numFmt: FMT_INT, border: THIN_BORDER, alignment: { vertical: 'top' } } as Style,
  intBold: { numFmt: FMT_INT, border: THIN_BORDER, font: { bold: true } } as Style,
  pct: { numFmt: FMT_PCT, border: THIN_BORDER, alignment: { vertical: 'top' } } as Style,
  delta: { numFmt: FMT_DELTA, border: THIN_BORDER, alignment: { vertical: 'top' } } as Style,
  date: { numFmt: FMT_DATE, border: THIN_BORDER, alignment: { horizontal: 'left', vertical: 'top' } } as Style,
  textBold: { border: THIN_BORDER, font: { bold: true } } as Style,
  pctBold: { numFmt: FMT_PCT, border: THIN_BORDER, font: { bold: true } } as Style,
  deltaBold: { numFmt: FMT_DELTA, border: THIN_BORDER, font: { bold: true } } as Style,
  // totals row
  totalText: { border: THIN_BORDER, font: { bold: true }, fill: solidFill(TOTAL_FILL) } as Style,
  totalInt: { numFmt: FMT_INT, border: THIN_BORDER, font: { bold: true }, fill: solidFill(TOTAL_FILL) } as Style,
  totalPct: { numFmt: FMT_PCT, border: THIN_BORDER, font: { bold: true }, fill: solidFill(TOTAL_FILL) } as Style,
  totalDeltaPct: { numFmt: FMT_DELTA_PCT, border: THIN_BORDER, font: { bold: true }, fill: solidFill(TOTAL_FILL) } as Style,
  // info lines under a table
  infoInt: { numFmt: FMT_INT, alignment: { horizontal: 'right' } } as Style,
  infoText: { alignment: { horizontal: 'left' } } as Style,
  // detail rows without borders (regency detail: 100k rows), 9 pt so that a page holds ~60 rows
  bare: { font: { size: 9 }, alignment: { vertical: 'top' } } as Style,
  bareWrap: { font: { size: 9 }, alignment: { vertical: 'top', wrapText: true } } as Style,
  bareInt: { numFmt: FMT_INT, font: { size: 9 }, alignment: { vertical: 'top' } } as Style,
  bareNip: { numFmt: FMT_TEXT, font: { size: 9 }, alignment: { vertical: 'top' } } as Style,
};

/** The same style with a band fill, one shared object per (style, band). */
const bandCache = new Map<Style, Map<string, Style>>();
export function withFill(style: Style, argb: string): Style {
  let m = bandCache.get(style);
  if (!m) bandCache.set(style, (m = new Map<string, Style>()));
  let s = m.get(argb);
  if (!s) m.set(argb, (s = { ...style, fill: solidFill(argb) }));
  return s;
}

/** A4 (paperSize 9), landscape, one page wide and as many pages tall as needed; header row repeated. */
export function pageSetup(headerRow: number): Partial<ExcelJS.PageSetup> {
  return {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    printTitlesRow: `${headerRow}:${headerRow}`,
  };
}

/**
 * A row height (points) that shows every line of the wrapped cells: the lines a text needs in a
 * column of `width` characters (words kept whole, explicit line breaks kept), 15 points a line.
 * Excel does not grow a row for wrapped text by itself when the file says nothing, so the row says.
 */
export function wrappedHeight(texts: Array<[string | null | undefined, number]>, lineHeight = 15): number | undefined {
  let lines = 1;
  for (const [text, width] of texts) {
    if (!text) continue;
    let n = 0;
    for (const para of text.split('\n')) {
      let line = 0;
      n++;
      for (const word of para.split(/\s+/).filter(Boolean)) {
        const w = word.length;
        if (line > 0 && line + 1 + w > width - 1) {
          n++;
          line = Math.min(w, width);
        } else line += (line ? 1 : 0) + w;
      }
    }
    lines = Math.max(lines, n);
  }
  return lines > 1 ? lines * lineHeight : undefined;
}

/** Header/footer codes treat '&' as a command prefix: escape it in data. */
export function hfText(s: string): string {
  return s.replace(/&/g, '&&');
}

export function headerFooter(left: string): Partial<ExcelJS.HeaderFooter> {
  return { oddFooter: `&L${hfText(left)}&RHalaman &P dari &N` };
}

export function frozenAt(headerRow: number): ExcelJS.WorksheetView[] {
  return [
    {
      state: 'frozen',
      xSplit: 0,
      ySplit: headerRow,
      topLeftCell: `A${headerRow + 1}`,
      activeCell: `A${headerRow + 1}`,
    } as ExcelJS.WorksheetView,
  ];
}

/** Excel column letter of a 1-based index (1 → A, 27 → AA). */
export function colLetter(n: number): string {
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A calendar day 'YYYY-MM-DD' as an Excel date (exceljs writes Dates as UTC serials). */
export function excelDay(ymd: string): Date {
  return new Date(`${ymd}T00:00:00.000Z`);
}

export type StreamWorkbook = ExcelJS.stream.xlsx.WorkbookWriter;
export type StreamSheet = ExcelJS.Worksheet;

/**
 * Writes one row of a streamed sheet: values, one shared style per cell (a single style for
 * every cell, or one per column), then commits it. Returns the row number.
 */
export function putRow(
  ws: StreamSheet,
  rowNumber: number,
  values: ExcelJS.CellValue[],
  styles: Style | Style[],
  height?: number,
  /** Ranges to merge that start on this row (a streamed row cannot be touched once committed). */
  merges: string[] = [],
): number {
  const row = ws.getRow(rowNumber);
  for (let c = 0; c < values.length; c++) {
    const cell = row.getCell(c + 1);
    cell.value = values[c] ?? null;
    cell.style = Array.isArray(styles) ? (styles[c] ?? S.plain) : styles;
  }
  if (height) row.height = height;
  for (const m of merges) ws.mergeCells(m);
  row.commit();
  return rowNumber;
}

interface StreamState {
  _writableState?: { length?: number };
  _readableState?: { length?: number };
}

/**
 * Back-pressure for a streamed sheet: exceljs pushes committed rows into the zip without
 * waiting, so a fast producer piles up uncompressed XML in memory. This waits (a few ms at a
 * time) until the zip has taken all but `maxPending` bytes of what this sheet wrote. It reads
 * exceljs/readable-stream internals defensively: if they are not there it only yields once.
 */
export async function drainSheet(ws: StreamSheet, maxPending = 1 << 20): Promise<void> {
  const stream = (ws as unknown as { stream?: { pipes?: StreamState[] } }).stream;
  const pipes = Array.isArray(stream?.pipes) ? stream.pipes : [];
  const pending = () => pipes.reduce((a, p) => a + (p._writableState?.length ?? 0) + (p._readableState?.length ?? 0), 0);
  for (let i = 0; i < 5000 && pending() > maxPending; i++) await new Promise<void>((resolve) => setTimeout(resolve, 2));
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * A note under a table: merged over the table's columns (A..lastCol) and wrapped, so it prints
 * inside the page's width instead of running off its right edge. Returns the row number.
 */
export function putNote(ws: StreamSheet, rowNumber: number, text: string, widths: number[]): number {
  const lastCol = colLetter(widths.length);
  const total = widths.reduce((a, w) => a + w, 0);
  const merges = widths.length > 1 ? [`A${rowNumber}:${lastCol}${rowNumber}`] : [];
  return putRow(ws, rowNumber, [text], S.noteWrap, wrappedHeight([[text, Math.floor(total * 1.15)]], 12) ?? 12, merges);
}

/**
 * Ends a sheet: its print area (A1 to the last column and row written) so that nothing beyond the
 * table and its notes is printed, then commits it.
 */
export function finishSheet(ws: StreamSheet, lastCol: number, lastRow: number): void {
  ws.pageSetup.printArea = `A1:${colLetter(lastCol)}${Math.max(1, lastRow)}`;
  ws.commit();
}

/** Title lines (rows 1..n) in the title styles. */
export function putTitle(ws: StreamSheet, lines: string[]): void {
  const styles = [S.title, S.subtitle, S.asOf, S.line];
  lines.forEach((l, i) => putRow(ws, i + 1, [l], styles[Math.min(i, styles.length - 1)]));
}

/** Adds a sheet with its views, print setup and footer fixed before the first row. */
export function addSheet(wb: StreamWorkbook, name: string, headerRow: number, footer: string, widths: number[]): StreamSheet {
  const ws = wb.addWorksheet(name, {
    views: frozenAt(headerRow),
    pageSetup: pageSetup(headerRow),
    headerFooter: headerFooter(footer),
  });
  ws.columns = widths.map((width) => ({ width }));
  return ws;
}

/** Workbook document properties. */
export function setProperties(wb: StreamWorkbook, p: { regencyName: string; title: string; subject: string; asOf: Date }): void {
  const w = wb as unknown as Record<string, unknown>;
  w.creator = `BKPSDM ${p.regencyName}`;
  w.lastModifiedBy = `BKPSDM ${p.regencyName}`;
  w.company = `BKPSDM ${p.regencyName}`;
  w.title = p.title;
  w.subject = p.subject;
  w.category = 'Laporan PDM ASN';
  w.keywords = 'PDM ASN, pemutakhiran data mandiri, BKPSDM';
  w.created = p.asOf;
  w.modified = p.asOf;
}

/**
 * Runs `build` on a streaming WorkbookWriter (useStyles, no shared strings) that writes to `out`
 * when given (the writer ends it), else to memory; returns the file as a Buffer in that case.
 */
export async function streamWorkbook(
  build: (wb: StreamWorkbook) => Promise<void> | void,
  out?: NodeJS.WritableStream,
): Promise<Buffer | undefined> {
  let collected: Promise<Buffer> | null = null;
  let stream: NodeJS.WritableStream;
  if (out) {
    stream = out;
  } else {
    const pass = new PassThrough();
    const chunks: Buffer[] = [];
    collected = new Promise<Buffer>((resolve, reject) => {
      pass.on('data', (c: Buffer) => chunks.push(c));
      pass.on('end', () => resolve(Buffer.concat(chunks)));
      pass.on('error', reject);
    });
    stream = pass;
  }
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: stream as unknown as import('node:stream').Stream,
    useStyles: true,
    useSharedStrings: false,
  });
  await build(wb);
  await wb.commit();
  return collected ? await collected : undefined;
}
