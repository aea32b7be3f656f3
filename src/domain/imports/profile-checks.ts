import { checkNip } from '../employees/nip-nik.js';
import type { RowCells, RowErrors, UniqueKey } from './import-profile.js';
import { formatSiasnDateTime, parseSiasnDateTime } from './siasn-date.parser.js';
import { shownValue } from './words.js';

/** Checks shared by the profiles; the NIP/NIK rules themselves stay in employees/nip-nik.ts. */

/**
 * nip-nik.ts words its messages with "NIP"/"NIK"; the import names the file's column instead
 * ("NIP BARU harus 18 digit angka (diterima 17 digit)").
 */
export function relabel(message: string, label: 'NIP' | 'NIK', column: string): string {
  return column === label ? message : message.replace(new RegExp(`^${label}\\b`), column);
}

/**
 * The NIP of a list that has no employee type (activation, usul): the checks that hold for every
 * type (18 digits, a real birth date, the sex digit). The employee must exist anyway.
 */
export function checkListNip<F extends string>(cells: RowCells<F>, errors: RowErrors<F>, field: F, now: Date): string | null {
  if (cells.blocked(field)) return null;
  const nip = cells.text(field);
  const first = checkNip(nip, 'PPPK', now).errors[0];
  if (first) {
    errors.add(field, relabel(first.message, 'NIP', cells.column(field)));
    return null;
  }
  return nip;
}

export function nipKey(column: string, nip: string): UniqueKey {
  return {
    kind: 'nip',
    value: nip,
    column,
    shown: nip,
    message: (first) => `${column} ${nip} sudah ada di baris ${first}; setiap NIP hanya boleh muncul sekali`,
  };
}

/** A timestamp cell (dd-mm-yyyy HH:MM, WIB), not in the future. */
export function dateTimeCell<F extends string>(
  cells: RowCells<F>,
  errors: RowErrors<F>,
  field: F,
  now: Date,
  required: boolean,
): Date | null {
  if (cells.blocked(field)) return null;
  const text = cells.text(field);
  const column = cells.column(field);
  if (text === '') {
    if (required) errors.add(field, `${column} wajib diisi`);
    return null;
  }
  const parsed = parseSiasnDateTime(text, column);
  if (!parsed.ok) {
    errors.add(field, parsed.message);
    return null;
  }
  if (parsed.value.getTime() > now.getTime()) {
    errors.add(field, `${column} ${formatSiasnDateTime(parsed.value)} ada di masa depan`);
    return null;
  }
  return parsed.value;
}

export function quoted(value: string): string {
  return `"${shownValue(value)}"`;
}
