import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { ImportFileError } from './import-errors.js';
import { spreadsheetDateText } from './siasn-date.parser.js';
import { MAX_EXACT_DIGITS, cleanCell, isScientificLongNumber, type SheetRow } from './sheet-row.js';
import { text } from '../shared/text.js';

/**
 * Streaming .xlsx reader (exceljs WorkbookReader): the first worksheet, row by row, every cell
 * as text. Numbers become their digits; a number too long to be exact (an 18-digit NIP stored as
 * a number) is flagged so the profile refuses that cell instead of importing a wrong NIP.
 */

const EXACT_LIMIT = 10 ** MAX_EXACT_DIGITS;

interface CellText {
  text: string;
  imprecise: boolean;
}

function numberText(n: number): CellText {
  if (!Number.isFinite(n)) return { text: String(n), imprecise: false };
  const imprecise = Math.abs(n) >= EXACT_LIMIT;
  // The shortest digits that give back the number, as a spreadsheet shows it
  // (199304012016111000); String() switches to "1e+21" only from 21 digits on.
  const text = Number.isInteger(n) && Math.abs(n) >= 1e21 ? BigInt(n).toString() : String(n);
  return { text, imprecise };
}

/** Text of one exceljs cell value (string, number, Date, rich text, formula, hyperlink, error). */
export function cellText(value: unknown): CellText {
  if (value === null || value === undefined) return { text: '', imprecise: false };
  if (typeof value === 'string') return { text: value, imprecise: false };
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE', imprecise: false };
  if (value instanceof Date) return { text: Number.isNaN(value.getTime()) ? '' : spreadsheetDateText(value), imprecise: false };
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText))
      return { text: (v.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join(''), imprecise: false };
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result);
    if ('hyperlink' in v) return cellText(v.text);
    if ('error' in v) return { text: String(v.error), imprecise: false };
  }
  return { text: text(value), imprecise: false };
}

function toRow(number: number, values: unknown): SheetRow {
  const list = Array.isArray(values) ? values : [];
  const cells: string[] = [];
  let imprecise: number[] | undefined;
  // exceljs row values are 1-based and sparse.
  for (let i = 1; i < list.length; i++) {
    const { text, imprecise: inexact } = cellText(list[i]);
    const c = cleanCell(text);
    cells.push(c);
    if (inexact || isScientificLongNumber(c)) (imprecise ??= []).push(i - 1);
  }
  return imprecise ? { row: number, cells, imprecise } : { row: number, cells };
}

/** Yields the rows of the first worksheet (row numbers as in the sheet; empty rows are absent). */
export async function* parseXlsx(input: AsyncIterable<Uint8Array> | Readable): AsyncGenerator<SheetRow> {
  const stream = input instanceof Readable ? input : Readable.from(input);
  // exceljs pipes the input into its unzipper without forwarding the input's errors (a read
  // failure, the size limit): they would hang the reader. Every wait below races them.
  let fail: (err: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  stream.on('error', (err) => fail(err));
  const next = <T>(p: Promise<T>): Promise<T> => Promise.race([p, failed]);

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell a date cell from a number; without them TANGGAL LAHIR would read as 34060.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const sheets = reader[Symbol.asyncIterator]();
  let ok = false;
  try {
    const first = await next(sheets.next());
    if (first.done) throw new ImportFileError('wrong_kind', 'Berkas ZIP ini bukan buku kerja Excel (.xlsx): tidak ada lembar kerja');
    const rows = first.value[Symbol.asyncIterator]();
    for (;;) {
      const r = await next(rows.next());
      if (r.done) break;
      yield toRow(r.value.number, r.value.values);
    }
    ok = true;
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw new ImportFileError('malformed', `Berkas .xlsx rusak atau tidak dapat dibaca (${(err as Error).message})`);
  } finally {
    stream.destroy();
    // The first worksheet only: stop the reader (it is left alone after a failure, when it may never settle).
    if (ok) await sheets.return?.(undefined);
  }
}
