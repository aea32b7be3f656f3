import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The committed PDF fixtures (built by test/fixtures/pdf/make-fixtures.ts). */
export const PDF_FIXTURE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/pdf');

export type PdfFixture =
  | 'scan-ktp.pdf'
  | 'small-ijazah.pdf'
  | 'small-transkrip.pdf'
  | 'oversize.pdf'
  | 'elf-renamed.pdf'
  | 'truncated.pdf'
  | 'encrypted.pdf'
  | 'empty.pdf';

export function readPdfFixture(name: PdfFixture): Buffer {
  return fs.readFileSync(path.join(PDF_FIXTURE_DIR, name));
}
