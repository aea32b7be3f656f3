import { PDFDocument } from 'pdf-lib';

/**
 * Checks an uploaded scan by its content (never by name or browser MIME type): a complete,
 * unencrypted PDF of at most 1 MB with at least one page.
 *
 * pdf-lib alone is not enough: it parses objects front to back and ignores the cross-reference
 * data, so it happily loads a file cut off after any complete object (with fewer pages or none).
 * The structural checks below refuse such files: the file must end with `startxref <n> %%EOF`,
 * `<n>` must point inside the file at a cross-reference table (`xref`, followed by a `trailer`)
 * or a cross-reference stream object (`/Type /XRef`), and every in-use entry of a classic table
 * must point at its object.
 */

export const MAX_DOCUMENT_BYTES = 1024 * 1024; // 1 MB = 1,048,576 bytes
export type PdfCheckResult = { ok: true; pages: number } | { ok: false; message: string };

/** The tail searched for %%EOF (PDF 32000-1 §7.5.5 allows trailing bytes; readers look back 1 KB). */
const TAIL_BYTES = 1024;

const SIGNATURES: Array<[Buffer, string]> = [
  [Buffer.from([0x7f, 0x45, 0x4c, 0x46]), 'program (ELF)'],
  [Buffer.from('MZ', 'latin1'), 'program Windows (EXE/DLL)'],
  [Buffer.from([0x50, 0x4b, 0x03, 0x04]), 'arsip ZIP atau dokumen Office (DOCX/XLSX)'],
  [Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), 'dokumen Office lama (DOC/XLS)'],
  [Buffer.from([0xff, 0xd8, 0xff]), 'gambar JPEG'],
  [Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'gambar PNG'],
  [Buffer.from('GIF8', 'latin1'), 'gambar GIF'],
  [Buffer.from('Rar!', 'latin1'), 'arsip RAR'],
  [Buffer.from([0x1f, 0x8b]), 'arsip GZIP'],
];

/** "1,0 MB" — one decimal, Indonesian decimal comma. */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / MAX_DOCUMENT_BYTES).toFixed(1).replace('.', ',')} MB`;
}

const NOT_PDF = 'Berkas bukan PDF';
const DAMAGED = 'Berkas PDF rusak atau tidak utuh (mungkin terpotong saat diunggah); pindai atau simpan ulang lalu unggah kembali';
const ENCRYPTED = 'Berkas PDF terkunci kata sandi atau terenkripsi; simpan ulang tanpa kata sandi lalu unggah kembali';

const fail = (message: string): PdfCheckResult => ({ ok: false, message });

export async function checkPdf(buf: Buffer): Promise<PdfCheckResult> {
  if (!Buffer.isBuffer(buf) || buf.length === 0) return fail('Berkas kosong');
  if (buf.length > MAX_DOCUMENT_BYTES) return fail(`Ukuran berkas ${formatMegabytes(buf.length)} melebihi batas 1 MB`);

  if (buf.subarray(0, 5).toString('latin1') !== '%PDF-') {
    for (const [sig, what] of SIGNATURES) {
      if (buf.subarray(0, sig.length).equals(sig)) return fail(`${NOT_PDF}: isinya ${what}. Unggah hasil pindai dalam format PDF`);
    }
    return fail(`${NOT_PDF}: isi berkas tidak diawali tanda %PDF-. Unggah hasil pindai dalam format PDF`);
  }

  const structural = checkStructure(buf);
  if (structural) return fail(structural);

  if (hasEncryptDictionary(buf)) return fail(ENCRYPTED);

  let pages: number;
  try {
    const doc = await PDFDocument.load(buf, { ignoreEncryption: false, updateMetadata: false, throwOnInvalidObject: true });
    if (doc.isEncrypted) return fail(ENCRYPTED);
    pages = doc.getPages().length;
  } catch (e) {
    if ((e as Error)?.name === 'EncryptedPDFError' || /encrypt/i.test((e as Error)?.message ?? '')) return fail(ENCRYPTED);
    return fail(DAMAGED);
  }
  if (pages < 1) return fail('Berkas PDF tidak memiliki halaman');
  return { ok: true, pages };
}

// ---------------------------------------------------------------------------------------------
// Structure (no full parse: just enough to tell a complete file from a cut one)

const isWs = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0x0c || b === 0x00;

function skipWs(buf: Buffer, i: number): number {
  while (i < buf.length && isWs(buf[i])) i++;
  return i;
}

/** Returns an error message, or null when the file looks complete. */
export function checkStructure(buf: Buffer): string | null {
  const tailStart = Math.max(0, buf.length - TAIL_BYTES);
  const tail = buf.subarray(tailStart).toString('latin1');
  const eof = tail.lastIndexOf('%%EOF');
  if (eof < 0) return DAMAGED;
  const sx = /startxref\s+(\d+)\s*$/.exec(tail.slice(0, eof));
  if (!sx) return DAMAGED;
  const offset = Number(sx[1]);
  if (!Number.isSafeInteger(offset) || offset <= 0 || offset >= tailStart + sx.index) return DAMAGED;

  const at = skipWs(buf, offset);
  const head = buf.subarray(at, Math.min(buf.length, at + 64)).toString('latin1');
  if (head.startsWith('xref')) return checkXrefTable(buf, at);
  if (/^\d+\s+\d+\s+obj\b/.test(head)) {
    // A cross-reference stream: its dictionary must say so.
    const dictEnd = buf.indexOf('stream', at, 'latin1');
    const dict = buf.subarray(at, dictEnd < 0 ? Math.min(buf.length, at + 4096) : dictEnd).toString('latin1');
    return /\/Type\s*\/XRef\b/.test(dict) ? null : DAMAGED;
  }
  return DAMAGED;
}

/**
 * A classic table: subsections of 20-byte entries, then `trailer`; each in-use entry must point
 * at its `n g obj` header (a few bytes of slack: some writers are off by an end-of-line).
 */
function checkXrefTable(buf: Buffer, at: number): string | null {
  const end = buf.indexOf('trailer', at, 'latin1');
  if (end < 0) return DAMAGED;
  const lines = buf
    .subarray(at + 4, end)
    .toString('latin1')
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  let i = 0;
  while (i < lines.length) {
    const header = /^(\d+)\s+(\d+)$/.exec(lines[i]);
    if (!header) return DAMAGED;
    const first = Number(header[1]);
    const count = Number(header[2]);
    if (i + count >= lines.length) return DAMAGED;
    for (let k = 0; k < count; k++) {
      const entry = /^(\d{10})\s+(\d{5})\s+([nf])$/.exec(lines[i + 1 + k]);
      if (!entry) return DAMAGED;
      if (entry[3] === 'n' && !objectAt(buf, Number(entry[1]), first + k, Number(entry[2]))) return DAMAGED;
    }
    i += 1 + count;
  }
  return null;
}

const SLACK = 16;

function objectAt(buf: Buffer, offset: number, num: number, gen: number): boolean {
  if (offset <= 0 || offset >= buf.length) return false;
  const from = Math.max(0, offset - SLACK);
  const window = buf.subarray(from, Math.min(buf.length, offset + SLACK + 40)).toString('latin1');
  const re = new RegExp(`(^|[^0-9])${num}\\s+${gen}\\s+obj\\b`);
  return re.test(window);
}

/**
 * An /Encrypt entry in a trailer dictionary or in a cross-reference stream dictionary. Checked
 * explicitly (not only through pdf-lib) so an encrypted file is refused with its own message.
 */
export function hasEncryptDictionary(buf: Buffer): boolean {
  const s = buf.toString('latin1');
  let i = 0;
  while ((i = s.indexOf('trailer', i)) >= 0) {
    const open = s.indexOf('<<', i);
    if (open >= 0 && open - i < 64) {
      const dict = readDict(s, open);
      if (/\/Encrypt\b/.test(dict)) return true;
    }
    i += 7;
  }
  const xrefStream = /\/Type\s*\/XRef\b/g;
  let m: RegExpExecArray | null;
  while ((m = xrefStream.exec(s))) {
    // The dictionary of the enclosing object (not a nested one such as /DecodeParms).
    const header = s.lastIndexOf('obj', m.index);
    const open = s.indexOf('<<', header < 0 ? Math.max(0, m.index - 4096) : header);
    if (open >= 0 && open < m.index && /\/Encrypt\b/.test(readDict(s, open))) return true;
  }
  return false;
}

/** The text of the (possibly nested) dictionary starting at `open` ("<<"), capped at 64 KB. */
function readDict(s: string, open: number): string {
  let depth = 0;
  const limit = Math.min(s.length, open + 65536);
  for (let i = open; i < limit - 1; i++) {
    if (s[i] === '<' && s[i + 1] === '<') {
      depth++;
      i++;
    } else if (s[i] === '>' && s[i + 1] === '>') {
      depth--;
      i++;
      if (depth === 0) return s.slice(open, i + 1);
    }
  }
  return s.slice(open, limit);
}
