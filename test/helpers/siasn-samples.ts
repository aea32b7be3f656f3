import fs from 'node:fs';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { loadReferenceData } from '../../config/reference-data.js';
import { loadSiasnImportConfig } from '../../config/siasn-import.js';
import { createImportProfiles, openImport, type ImportProfiles } from '../../src/domain/imports/import-file.reader.js';
import type { ImportProfile } from '../../src/domain/imports/import-profile.js';
import type { RowError } from '../../src/domain/imports/import-errors.js';
import type { ValidatedRow } from '../../src/domain/imports/row.validator.js';
import { openSheet, type ReadSheetOptions } from '../../src/domain/imports/sheet.reader.js';

/**
 * The SIASN sample exports (test/fixtures/siasn, copied from the shared samples) and the
 * variants tests generate from them: other delimiters, a BOM, NIP/NIK with a leading ', .xlsx.
 * The sample is read here with a small RFC 4180 reader of its own, independent of the parser
 * under test, so the two can be compared.
 */

export const SAMPLE_FILES = {
  asn: new URL('../fixtures/siasn/siasn-export-asn.csv', import.meta.url),
  aktivasi: new URL('../fixtures/siasn/siasn-aktivasi.csv', import.meta.url),
  usul: new URL('../fixtures/siasn/siasn-usul.csv', import.meta.url),
} as const;

/** "Now" of the tests: 15 January 2026, 10:00 WIB. */
export const NOW = new Date('2026-01-15T03:00:00Z');

/** A table: header + rows, every cell a string. */
export interface Table {
  header: string[];
  rows: string[][];
}

/** Minimal RFC 4180 reader (comma, quotes, CRLF) for the fixtures. */
export function readCsvTable(text: string): Table {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  return { header: records[0], rows: records.slice(1) };
}

export function sampleTable(kind: keyof typeof SAMPLE_FILES): Table {
  return readCsvTable(fs.readFileSync(SAMPLE_FILES[kind], 'utf8'));
}

export function cloneTable(t: Table): Table {
  return { header: [...t.header], rows: t.rows.map((r) => [...r]) };
}

export function col(t: Table, name: string): number {
  const i = t.header.indexOf(name);
  if (i < 0) throw new Error(`no column ${name}`);
  return i;
}

/** Sets a cell of data row `dataIndex` (0-based; that is file row dataIndex + 2). */
export function setCell(t: Table, dataIndex: number, column: string, value: string): void {
  t.rows[dataIndex][col(t, column)] = value;
}

export interface CsvWriteOptions {
  delimiter?: string;
  bom?: boolean;
  eol?: string;
  /** Columns whose values get a leading apostrophe. */
  apostrophe?: readonly string[];
  /** Quote every field. */
  quoteAll?: boolean;
}

export function writeCsv(t: Table, options: CsvWriteOptions = {}): Buffer {
  const d = options.delimiter ?? ',';
  const eol = options.eol ?? '\r\n';
  const marked = new Set((options.apostrophe ?? []).map((c) => col(t, c)));
  const cell = (v: string, i: number, header: boolean) => {
    const s = !header && marked.has(i) && v !== '' ? `'${v}` : v;
    return options.quoteAll || s.includes(d) || s.includes('"') || /[\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [t.header, ...t.rows].map((r, n) => r.map((v, i) => cell(v, i, n === 0)).join(d));
  return Buffer.concat([options.bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(lines.join(eol) + eol, 'utf8')]);
}

export interface XlsxWriteOptions {
  /** Columns written as number cells (as a spreadsheet does when a NIP is typed without '). */
  numbers?: readonly string[];
  /** Columns written as real date cells (dd-mm-yyyy[ HH:MM] text parsed). */
  dates?: readonly string[];
  /** Name of the (first) data worksheet. */
  sheetName?: string;
  /** Adds a second worksheet (it must not be read). */
  extraSheet?: boolean;
}

function dateCell(text: string): Date | string {
  const m = /^(\d{2})-(\d{2})-(\d{4})(?: (\d{2}):(\d{2}))?$/.exec(text);
  return m ? new Date(Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1]), Number(m[4] ?? 0), Number(m[5] ?? 0))) : text;
}

export async function writeXlsx(t: Table, options: XlsxWriteOptions = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(options.sheetName ?? 'Data ASN');
  const numbers = new Set((options.numbers ?? []).map((c) => col(t, c)));
  const dates = new Set((options.dates ?? []).map((c) => col(t, c)));
  ws.addRow(t.header);
  for (const r of t.rows) {
    ws.addRow(r.map((v, i) => (v === '' ? null : numbers.has(i) ? Number(v) : dates.has(i) ? dateCell(v) : v)));
  }
  for (const i of dates) ws.getColumn(i + 1).numFmt = 'dd-mm-yyyy';
  if (options.extraSheet) ws.workbook.addWorksheet('Catatan').addRow(['NIP BARU', 'NAMA']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A Buffer as a stream of small chunks (chunk boundaries inside fields and multi-byte letters). */
export function chunked(buf: Buffer, size = 977): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
    })(),
  );
}

let profiles: ImportProfiles | null = null;
export function testProfiles(): ImportProfiles {
  profiles ??= createImportProfiles(loadSiasnImportConfig(), loadReferenceData());
  return profiles;
}

export interface Validated<T> {
  kind: 'csv' | 'xlsx';
  valid: Array<{ row: number; value: T }>;
  errors: RowError[];
  rows: ValidatedRow<T>[];
  unused: string[];
}

/** Opens, binds and validates a whole file (small files only: it keeps every row). */
export async function validateFile<F extends string, T>(
  profile: ImportProfile<F, T>,
  content: Buffer,
  options: ReadSheetOptions = {},
): Promise<Validated<T>> {
  const sheet = await openSheet(chunked(content), { size: content.length, ...options });
  const opened = await openImport(profile, sheet, { now: NOW });
  const rows: ValidatedRow<T>[] = [];
  for await (const r of opened.rows) rows.push(r);
  return {
    kind: opened.kind,
    rows,
    valid: rows.flatMap((r) => (r.ok ? [{ row: r.row, value: r.value }] : [])),
    errors: rows.flatMap((r) => (r.ok ? [] : r.errors)),
    unused: opened.binding.unused,
  };
}
