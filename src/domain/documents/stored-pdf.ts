import { DomainError, NotFoundError, ValidationError } from '../shared/errors.js';
import { checkPdf } from './pdf-check.js';
import { sanitizeFileName } from './document.service.js';
import { sha256Hex, type DocumentStorage } from './document-storage.js';

/**
 * PDFs that are not scans of a submission (an OPD head's proof of completion, BKPSDM's guides)
 * go through the same checks and the same storage as documents: checkPdf (content, ≤ 1 MB, not
 * encrypted, at least one page), sanitizeFileName, the content-addressed DocumentStorage, and
 * the SHA-256 compared on every read. One checker, one storage, whoever uploads.
 */

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

/** The stored bytes do not match the recorded SHA-256. */
export class StoredPdfIntegrityError extends DomainError {
  override readonly code = 'storage_integrity';
  override readonly status = 500;
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
    throw new StoredPdfIntegrityError(`Berkas ${what} rusak (checksum tidak cocok); hubungi administrator`);
  return buffer;
}
