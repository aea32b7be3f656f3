import { ImportFileError } from './import-errors.js';
import type { CsvEncoding } from './csv.parser.js';

/**
 * Tells an uploaded file's kind by its content, never by its name or the browser's MIME type:
 * a ZIP container is an .xlsx candidate (the xlsx reader then checks for a worksheet), readable
 * text is CSV; everything else is refused with a message that says what to do.
 */

export type FileKind = { kind: 'xlsx' } | { kind: 'csv'; encoding: CsvEncoding };

/** How much of the file's start the detector looks at. */
export const SNIFF_BYTES = 8 * 1024;

const startsWith = (head: Uint8Array, bytes: readonly number[]) => bytes.every((b, i) => head[i] === b);
const ZIP_ENTRY = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const UTF16LE = [0xff, 0xfe];
const UTF16BE = [0xfe, 0xff];
const UTF8_BOM = [0xef, 0xbb, 0xbf];
const SAVE_AS = 'simpan ulang dari Excel sebagai .xlsx atau CSV UTF-8';

/** True when `bytes` is valid UTF-8, ignoring a sequence cut off at the end of the sample. */
function isUtf8(bytes: Uint8Array, complete: boolean): boolean {
  let end = bytes.length;
  if (!complete) {
    // Step back over an incomplete trailing multi-byte sequence (at most 3 bytes).
    let i = end - 1;
    while (i >= 0 && end - i <= 3 && (bytes[i] & 0xc0) === 0x80) i--;
    if (i >= 0 && bytes[i] >= 0xc0) end = i;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/**
 * `head`: the first bytes of the file (up to SNIFF_BYTES); `complete`: whether that is the whole
 * file. Throws ImportFileError for an empty, binary or unsupported file.
 */
export function detectFileKind(head: Uint8Array, complete: boolean): FileKind {
  if (head.length === 0) throw new ImportFileError('empty', 'Berkas kosong (0 byte)');
  if (startsWith(head, ZIP_ENTRY)) {
    // OpenDocument puts an uncompressed "mimetype" entry first.
    const name = Buffer.from(head.subarray(30, 38)).toString('latin1');
    if (name === 'mimetype' && Buffer.from(head.subarray(0, 200)).toString('latin1').includes('opendocument')) {
      throw new ImportFileError('wrong_kind', `Berkas OpenDocument (.ods) tidak didukung: ${SAVE_AS}`);
    }
    return { kind: 'xlsx' };
  }
  if (startsWith(head, ZIP_EMPTY)) throw new ImportFileError('wrong_kind', 'Berkas ZIP kosong, bukan buku kerja Excel (.xlsx)');
  if (startsWith(head, OLE2)) throw new ImportFileError('wrong_kind', `Format Excel lama (.xls) tidak didukung: ${SAVE_AS}`);
  if (startsWith(head, UTF16LE) || startsWith(head, UTF16BE)) {
    throw new ImportFileError('unsupported_encoding', `Berkas teks UTF-16 ("Unicode Text") tidak didukung: ${SAVE_AS}`);
  }
  if (Buffer.from(head.subarray(0, 5)).toString('latin1') === '%PDF-') {
    throw new ImportFileError('wrong_kind', 'Berkas ini PDF, bukan CSV atau .xlsx ekspor SIASN');
  }
  for (const b of head) {
    // NUL and control characters other than tab, LF, FF, CR do not occur in a CSV.
    if (b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f) {
      throw new ImportFileError('binary', `Berkas ini bukan CSV atau .xlsx (berisi data biner): ${SAVE_AS}`);
    }
  }
  const body = startsWith(head, UTF8_BOM) ? head.subarray(3) : head;
  const text = Buffer.from(body).toString('latin1').trimStart();
  if (text === '' && complete) throw new ImportFileError('empty', 'Berkas kosong (tidak ada baris judul kolom)');
  if (text.startsWith('<')) {
    throw new ImportFileError('wrong_kind', `Berkas ini halaman HTML/XML, bukan CSV atau .xlsx: ${SAVE_AS}`);
  }
  // Excel's plain "CSV" (not "CSV UTF-8") is Windows-1252; latin1 reads its letters.
  return { kind: 'csv', encoding: isUtf8(body, complete) ? 'utf8' : 'latin1' };
}
