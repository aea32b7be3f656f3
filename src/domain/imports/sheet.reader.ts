import fs from 'node:fs';
import { parseCsv, type CsvDelimiter, type CsvEncoding } from './csv.parser.js';
import { SNIFF_BYTES, detectFileKind, type FileKind } from './file-kind.detector.js';
import { ImportFileError, formatBytes } from './import-errors.js';
import type { SheetRow } from './sheet-row.js';
import { parseXlsx } from './xlsx.parser.js';

/**
 * One entry for every uploaded or given file: checks the size, tells CSV from .xlsx by content,
 * and streams the rows of the right parser. The size limit is enforced on the bytes actually
 * read too, so a stream of unknown length cannot exceed it.
 */

/** Default upper limit of an import file (a 100,000-row ASN export is about 45 MB as CSV). */
export const DEFAULT_MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export interface ReadSheetOptions {
  /** Files larger than this are refused. */
  maxBytes?: number;
  /** The size when known in advance (an uploaded file): refused before a byte is read. */
  size?: number | null;
  /** CSV only: skips delimiter detection. */
  delimiter?: CsvDelimiter;
}

export interface SheetSource {
  kind: FileKind['kind'];
  /** CSV: the text encoding detected (utf8, or latin1 for Excel's Windows-1252 "CSV"). */
  encoding: CsvEncoding | null;
  /** The header first (row 1), then every row; read it once. */
  rows: AsyncGenerator<SheetRow>;
  /** Bytes read so far (for progress). */
  bytesRead(): number;
}

const tooLarge = (size: number, max: number) =>
  new ImportFileError('too_large', `Berkas terlalu besar: ${formatBytes(size)} (batas ${formatBytes(max)})`);

export async function openSheet(input: AsyncIterable<Uint8Array | string>, options: ReadSheetOptions = {}): Promise<SheetSource> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  if (options.size !== undefined && options.size !== null) {
    if (options.size > maxBytes) throw tooLarge(options.size, maxBytes);
    if (options.size === 0) throw new ImportFileError('empty', 'Berkas kosong (0 byte)');
  }
  const it = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let read = 0;
  let ended = false;
  const take = (chunk: Uint8Array | string): Buffer => {
    const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    read += b.length;
    if (read > maxBytes) throw tooLarge(read, maxBytes);
    return b;
  };
  try {
    while (read < SNIFF_BYTES) {
      const next = await it.next();
      if (next.done) {
        ended = true;
        break;
      }
      head.push(take(next.value));
    }
  } catch (err) {
    await it.return?.();
    throw err;
  }
  const sample = Buffer.concat(head);
  let kind: FileKind;
  try {
    kind = detectFileKind(sample.subarray(0, SNIFF_BYTES), ended);
  } catch (err) {
    if (!ended) await it.return?.();
    throw err;
  }

  async function* bytes(): AsyncGenerator<Buffer> {
    try {
      yield sample;
      if (ended) return;
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        yield take(next.value);
      }
    } finally {
      if (!ended) await it.return?.();
    }
  }

  const rows = kind.kind === 'csv' ? parseCsv(bytes(), { encoding: kind.encoding, delimiter: options.delimiter }) : parseXlsx(bytes());
  return { kind: kind.kind, encoding: kind.kind === 'csv' ? kind.encoding : null, rows, bytesRead: () => read };
}

/** openSheet() on a file on disk (an upload's temporary file, a CLI argument). */
export async function openSheetFile(path: string, options: Omit<ReadSheetOptions, 'size'> = {}): Promise<SheetSource> {
  const stat = await fs.promises.stat(path);
  if (!stat.isFile()) throw new ImportFileError('wrong_kind', 'Yang diberikan bukan berkas');
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  if (stat.size > maxBytes) throw tooLarge(stat.size, maxBytes);
  if (stat.size === 0) throw new ImportFileError('empty', 'Berkas kosong (0 byte)');
  return openSheet(fs.createReadStream(path, { highWaterMark: 64 * 1024 }), { ...options, size: stat.size });
}
