import type { ImportProfileCode } from '../../../config/siasn-import.js';
import type { RowError } from './import-errors.js';

/**
 * An import profile is data plus one pure function: which columns the file must have (aliases
 * come from config/siasn-import.json), and how one row's cells become a typed, validated value.
 * The readers, the header matcher and the row validator are the same for every profile.
 */

export interface FieldSpec<F extends string> {
  key: F;
  /** The column must be in the header (the cell itself may still be optional). */
  required: boolean;
  /** Longest value the database column takes (checked per row). */
  maxLength?: number;
}

/** One row's cells, addressed by profile field. */
export interface RowCells<F extends string> {
  readonly row: number;
  /** The cell's text ('' when empty or when the optional column is absent). */
  text(field: F): string;
  /** The header of the column in this file (its official name when absent). */
  column(field: F): string;
  /** Whether the file has this column. */
  has(field: F): boolean;
  /**
   * True when the cell held a number too long to be exact: the validator has already reported
   * it, and the profile must not validate (or import) the rounded digits.
   */
  blocked(field: F): boolean;
}

/** A value that must be unique within the file (NIP, PNS ID, an usul's NIP + category + date). */
export interface UniqueKey {
  /** Namespace of the key ('nip', 'pnsId', 'usul'). */
  kind: string;
  value: string;
  column: string;
  /** The cell shown in the error. */
  shown: string;
  /** The Indonesian message for the second occurrence. */
  message(firstRow: number): string;
}

export interface NormaliseResult<T> {
  /** The typed row, or null when any error was found. */
  value: T | null;
  errors: RowError[];
  /** Unique keys whose own fields are valid (also on rows with other errors). */
  keys: UniqueKey[];
}

export interface NormaliseContext {
  /** "Now" for plausibility checks (TMT CPNS not in the future, dates not in the future). */
  now: Date;
}

export interface ImportProfile<F extends string, T> {
  code: ImportProfileCode;
  label: string;
  fields: readonly FieldSpec<F>[];
  /** Accepted headers per field; the first is the official name shown in messages. */
  aliases: Readonly<Record<F, readonly string[]>>;
  /** The field whose text every validated row carries as `ref` (the NIP), also on error rows. */
  refField: F;
  normalise(cells: RowCells<F>, ctx: NormaliseContext): NormaliseResult<T>;
}

/** Helpers for profile code: errors in one place, first error per column (like the panel). */
export class RowErrors<F extends string> {
  readonly list: RowError[] = [];
  private readonly seen = new Set<string>();
  constructor(private readonly cells: RowCells<F>) {}

  add(field: F | null, message: string, value?: string): void {
    const column = field === null ? '' : this.cells.column(field);
    if (this.seen.has(column)) return;
    this.seen.add(column);
    const v = value ?? (field === null ? '' : this.cells.text(field));
    this.list.push(v === '' ? { row: this.cells.row, column, message } : { row: this.cells.row, column, value: v, message });
  }

  has(field: F): boolean {
    return this.seen.has(this.cells.column(field));
  }

  get empty(): boolean {
    return this.list.length === 0;
  }
}

/** Optional text cell: null when empty; refused when longer than the column takes. */
export function optionalText<F extends string>(cells: RowCells<F>, errors: RowErrors<F>, field: F, maxLength?: number): string | null {
  if (cells.blocked(field)) return null;
  const v = cells.text(field).replace(/\s+/g, ' ');
  if (v === '') return null;
  if (maxLength !== undefined && v.length > maxLength) {
    errors.add(field, `${cells.column(field)} terlalu panjang (${v.length} karakter, maksimal ${maxLength})`);
    return null;
  }
  return v;
}
