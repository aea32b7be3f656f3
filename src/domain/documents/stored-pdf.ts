import { DomainError, NotFoundError, ValidationError } from '../shared/errors.js';
import { text } from '../shared/text.js';
import { checkPdf } from './pdf-check.js';
import { sha256Hex, storageKeyFor, type DocumentStorage } from './document-storage.js';

/**
 * Every PDF the product keeps — a submission's scans, an OPD head's proof of completion, BKPSDM's
 * guides, a consultation's attachment — goes through the same steps: checkPdf (content, ≤ 1 MB,
 * not encrypted, at least one page), sanitizeFileName, the content-addressed DocumentStorage
 * (storePdf gives the row its columns), the SHA-256 compared on every read (readStoredPdf), and
 * the file removed once no row names its content (removeUnreferencedPdf). One checker, one
 * storage, whoever uploads.
 */

export const PDF_MIME = 'application/pdf';

export interface IncomingPdf {
  originalName: string;
  content: Buffer;
}

export interface CheckedPdf {
  originalName: string;
  content: Buffer;
  pages: number;
  sha256: string;
}

/** The columns a row that names a stored PDF carries (src/db/models/stored-pdf-columns.ts). */
export interface StoredPdfFields {
  originalName: string;
  size: number;
  sha256: string;
  storageKey: string;
  mimeType: string;
  uploadedBy: number | null;
}

/** The stored bytes do not match the recorded SHA-256 (tampering or disk corruption). */
export class StorageIntegrityError extends DomainError {
  override readonly code = 'storage_integrity';
  override readonly status = 500;
}

/** The uploaded name without directories or control characters, ending in .pdf, at most 255 characters. */
export function sanitizeFileName(name: unknown): string {
  let n = text(name).replace(/\\/g, '/');
  n = n.slice(n.lastIndexOf('/') + 1);
  n = n
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '_')
    .replace(/\s+/g, ' ')
    .trim();
  if (!n || /^\.+$/.test(n)) n = 'dokumen.pdf';
  if (!/\.pdf$/i.test(n)) n += '.pdf';
  if (n.length > 255) n = `${n.slice(0, 251)}.pdf`;
  return n;
}

/**
 * Checks every file before anything is written; the first refusal names the file (and its
 * position when there are several) in the field `field`.
 */
export async function checkPdfFiles(files: readonly IncomingPdf[], field: string): Promise<CheckedPdf[]> {
  const out: CheckedPdf[] = [];
  for (const [i, f] of files.entries()) {
    const originalName = sanitizeFileName(f.originalName);
    const content = Buffer.isBuffer(f.content) ? f.content : Buffer.alloc(0);
    const check = await checkPdf(content);
    if (!check.ok) {
      const which = files.length > 1 ? `Berkas ke-${i + 1} (${originalName})` : `Berkas ${originalName}`;
      const message = `${which}: ${check.message}`;
      throw new ValidationError(message, { [field]: message });
    }
    out.push({ originalName, content, pages: check.pages, sha256: sha256Hex(content) });
  }
  return out;
}

/** Stores a checked PDF (once per content) and returns the columns of the row that names it. */
export async function storePdf(storage: DocumentStorage, pdf: IncomingPdf, uploadedBy: number | null): Promise<StoredPdfFields> {
  const object = await storage.put(pdf.content);
  return {
    originalName: pdf.originalName,
    size: object.size,
    sha256: object.sha256,
    storageKey: object.storageKey,
    mimeType: PDF_MIME,
    uploadedBy,
  };
}

/** The bytes of a stored PDF, checked against its SHA-256 (`what` names it in the messages). */
export async function readStoredPdf(storage: DocumentStorage, row: { storageKey: string; sha256: string }, what: string): Promise<Buffer> {
  let buffer: Buffer;
  try {
    buffer = await storage.read(row.storageKey);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new NotFoundError(`Berkas ${what} tidak ditemukan di penyimpanan; hubungi administrator`);
    throw e;
  }
  if (sha256Hex(buffer) !== row.sha256)
    throw new StorageIntegrityError(`Berkas ${what} rusak (checksum tidak cocok); hubungi administrator`);
  return buffer;
}

/**
 * Deletes the stored file of `sha256` when `referenced()` finds no row naming it. Best effort:
 * an orphaned file is harmless, and the caller's own error (a failed upload) matters more.
 */
export async function removeUnreferencedPdf(storage: DocumentStorage, sha256: string, referenced: () => Promise<boolean>): Promise<void> {
  try {
    if (!(await referenced())) await storage.remove(storageKeyFor(sha256));
  } catch {
    // Best effort (see above).
  }
}
