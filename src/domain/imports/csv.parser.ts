import { Readable, pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { ImportFileError } from './import-errors.js';
import { cleanCell, isScientificLongNumber, type SheetRow } from './sheet-row.js';

/**
 * Streaming CSV reader for SIASN exports (csv-parse): never holds more than a chunk and one
 * record. Accepts what is seen in the wild: `,` `;` `|` or tab as delimiter (detected from the
 * header line), a UTF-8 BOM, quoted fields (also spanning lines), CRLF, rows longer or shorter
 * than the header, NIP/NIK written as '199304012016111001.
 */

export const CSV_DELIMITERS = [',', ';', '|', '\t'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];
export type CsvEncoding = 'utf8' | 'latin1';

/** A header line longer than this is not a SIASN export (64 columns take about 1 KB). */
export const MAX_HEADER_BYTES = 64 * 1024;
/**
 * One record may not exceed this: an unclosed quote would otherwise swallow the rest of the file
 * into one field (and into memory).
 */
export const MAX_RECORD_BYTES = 1024 * 1024;

/** The delimiter that occurs most often outside quotes in the header line (`,` when none does). */
export function detectDelimiter(headerLine: string): CsvDelimiter {
  const counts = new Map<CsvDelimiter, number>(CSV_DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch as CsvDelimiter)) counts.set(ch as CsvDelimiter, counts.get(ch as CsvDelimiter)! + 1);
  }
  let best: CsvDelimiter = ',';
  for (const d of CSV_DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

export interface CsvParseOptions {
  encoding?: CsvEncoding;
  /** Skips detection. */
  delimiter?: CsvDelimiter;
}

const toBuffer = (chunk: Uint8Array | string): Buffer =>
  typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);

function csvMessage(err: CsvError, row: number): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `Berkas CSV tidak dapat dibaca: tanda kutip (") pada baris ${row} tidak ditutup`;
    case 'CSV_MAX_RECORD_SIZE':
      return `Berkas CSV tidak dapat dibaca: baris ${row} terlalu panjang (lebih dari 1 MB; periksa tanda kutip yang tidak ditutup)`;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `Berkas CSV tidak dapat dibaca: pada baris ${row} ada karakter setelah tanda kutip penutup (") sebelum pemisah kolom`;
    default:
      return `Berkas CSV tidak dapat dibaca pada baris ${row} (${err.code})`;
  }
}

/**
 * Yields every record, the header first (row 1). Empty lines are yielded as rows of one empty
 * cell so that row numbers stay those a spreadsheet shows.
 */
export async function* parseCsv(input: AsyncIterable<Uint8Array | string>, options: CsvParseOptions = {}): AsyncGenerator<SheetRow> {
  const encoding = options.encoding ?? 'utf8';
  const it = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  let sawLineEnd = false;
  // Read just enough to see the header line, to detect the delimiter.
  while (!sawLineEnd) {
    if (headBytes > MAX_HEADER_BYTES) {
      await it.return?.();
      throw new ImportFileError(
        'malformed',
        `Baris judul kolom lebih dari ${MAX_HEADER_BYTES / 1024} KB: berkas ini bukan ekspor CSV SIASN`,
      );
    }
    const next = await it.next();
    if (next.done) {
      ended = true;
      break;
    }
    const b = toBuffer(next.value);
    head.push(b);
    headBytes += b.length;
    sawLineEnd = b.includes(0x0a);
  }
  const headText = Buffer.concat(head)
    .toString(encoding)
    .replace(/^\uFEFF/, '');
  const delimiter = options.delimiter ?? detectDelimiter(headText.split('\n', 1)[0]);

  async function* bytes(): AsyncGenerator<Buffer> {
    try {
      yield* head;
      if (ended) return;
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        yield toBuffer(next.value);
      }
    } finally {
      if (!ended) await it.return?.();
    }
  }

  const parser = parse({
    delimiter,
    encoding,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_BYTES,
  });
  // Errors of the source (size limit, read failure) destroy the parser and surface below.
  pipeline(Readable.from(bytes()), parser, () => undefined);

  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      const cells = new Array<string>(record.length);
      let imprecise: number[] | undefined;
      for (let i = 0; i < record.length; i++) {
        const c = cleanCell(record[i]);
        cells[i] = c;
        if (isScientificLongNumber(c)) (imprecise ??= []).push(i);
      }
      yield imprecise ? { row, cells, imprecise } : { row, cells };
    }
  } catch (err) {
    if (err instanceof CsvError) throw new ImportFileError('malformed', csvMessage(err, row + 1));
    throw err;
  } finally {
    parser.destroy();
  }
}
