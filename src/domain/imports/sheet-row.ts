/**
 * What the stream parsers (CSV, xlsx) yield: one row of text cells with its row number in the
 * file, as a spreadsheet program shows it (the header is row 1; a quoted multi-line CSV field is
 * one row). Empty rows keep their number but are skipped by the readers' consumers.
 */
export interface SheetRow {
  /** 1-based row number in the file. */
  row: number;
  /** Cells as text, trimmed; '' for an empty cell. */
  cells: string[];
  /**
   * Indexes of cells that held a number too long to be exact: a spreadsheet keeps 15 significant
   * digits, so an 18-digit NIP or a 16-digit NIK typed or stored as a number has already lost its
   * last digits (199304012016111001 → 199304012016111000, or "1,99304E+17" in a saved CSV).
   * Such a cell must be refused, never imported as a wrong identifier.
   */
  imprecise?: number[];
}

/** Spreadsheets keep 15 significant digits; 16 or more digits in a number cell are not trustworthy. */
export const MAX_EXACT_DIGITS = 15;

/**
 * Cleans one cell of text: trims (also non-breaking spaces), and drops the leading apostrophe
 * that users put before a long number so that a spreadsheet keeps it as text ('199304012016111001).
 */
export function cleanCell(value: string): string {
  const v = value.replace(/^[\s\u00A0]+|[\s\u00A0]+$/g, '');
  return /^'+\d[\d ]*$/.test(v) ? v.replace(/^'+/, '') : v;
}

/** "1.99304E+17", "1,99304E+17" (Indonesian Excel): a long number already rounded by a spreadsheet. */
export function isScientificLongNumber(value: string): boolean {
  const m = /^[+-]?\d(?:[.,]\d+)?E\+?(\d+)$/i.exec(value);
  return m !== null && Number(m[1]) >= MAX_EXACT_DIGITS;
}

export function isEmptyRow(cells: readonly string[]): boolean {
  return cells.every((c) => c === '');
}
