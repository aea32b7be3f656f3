import fs from 'node:fs/promises';
import type { IncomingPdf } from '../domain/documents/stored-pdf.js';

/**
 * A file of a panel form as express-formidable leaves it in the temp directory (its newer and
 * older field names). The one place that knows that shape: the upload actions (scans, guides, OPD
 * report proofs, consultation attachments) read the bytes here, hand them to their service and
 * remove the temp file whatever happens.
 */
export interface UploadedFile {
  path?: string;
  filepath?: string;
  name?: string;
  originalFilename?: string;
  size?: number;
}

/** Where the field's file was written, or null when the field holds no file. */
export function uploadPath(file: unknown): string | null {
  if (!file || typeof file !== 'object') return null;
  const f = file as UploadedFile;
  return f.filepath ?? f.path ?? null;
}

/** The upload as the services take it: the name it was sent with (or `fallback`) and its bytes. */
export async function readUpload(file: UploadedFile, fallback: string): Promise<IncomingPdf> {
  const tmp = uploadPath(file);
  if (!tmp) throw new Error('upload without a temp file');
  return { originalName: String(file.originalFilename ?? file.name ?? fallback), content: await fs.readFile(tmp) };
}

/** Removes the temp files of the uploads (missing ones are fine). */
export async function removeUploads(files: readonly unknown[]): Promise<void> {
  for (const f of files) {
    const tmp = uploadPath(f);
    if (tmp) await fs.rm(tmp, { force: true });
  }
}
