import { ValidationError } from '../shared/errors.js';

/**
 * Two kinds of bad input in an import:
 * - the FILE is refused as a whole (not a spreadsheet, empty, too large, wrong headers, broken
 *   quoting): an ImportFileError, thrown before or while reading, nothing is planned;
 * - a ROW is wrong: a RowError in the preview's error table, the rest of the file still checked.
 */

/** One problem of one row. `row` is the file's row number (the header is row 1). */
export interface RowError {
  row: number;
  /** The column's header as it is in the file ("NIP BARU"), or "" for a problem of the whole row. */
  column: string;
  /** The cell as read (trimmed), when it helps to find the mistake. */
  value?: string;
  /** Bahasa Indonesia, naming the column. */
  message: string;
}

export const IMPORT_FILE_ERROR_CODES = [
  'empty',
  'no_rows',
  'too_large',
  'binary',
  'wrong_kind',
  'unsupported_encoding',
  'malformed',
  'missing_columns',
  'duplicate_columns',
] as const;
export type ImportFileErrorCode = (typeof IMPORT_FILE_ERROR_CODES)[number];

export class ImportFileError extends ValidationError {
  constructor(
    readonly code: ImportFileErrorCode,
    message: string,
    /** For missing_columns: the official names of the missing columns. */
    readonly columns: readonly string[] = [],
  ) {
    super(message, { file: message });
  }
}

/** "20 MB", "1,5 MB", "900 KB" (Indonesian decimal comma). */
export function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${(Math.round(mb * 10) / 10).toString().replace('.', ',')} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
