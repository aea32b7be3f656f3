import { ImportFileError } from './import-errors.js';
import type { ImportProfile } from './import-profile.js';
import { normaliseWord } from './words.js';

/**
 * Finds the profile's columns in a file's header row, before any data row is read. Tolerates
 * case, extra or non-breaking spaces, a BOM and the aliases of the configuration; refuses a
 * header without a required column (naming every missing one) or with a column twice.
 */

export interface ColumnBinding<F extends string> {
  /** Cell index per field found in the header. */
  index: Partial<Record<F, number>>;
  /** The column's header in this file per field; the official name for an absent column. */
  header: Record<F, string>;
  /** Number of header cells up to the last non-empty one. */
  width: number;
  /** Non-empty headers the profile does not use (shown in the preview for information). */
  unused: string[];
}

const displayHeader = (cell: string) =>
  cell
    .replace(/\uFEFF/g, '')
    .replace(/[\s\u00A0]+/g, ' ')
    .trim();

export function bindColumns<F extends string>(profile: ImportProfile<F, unknown>, headerCells: readonly string[]): ColumnBinding<F> {
  const normalised = headerCells.map(normaliseWord);
  const used = new Set<number>();
  const index: Partial<Record<F, number>> = {};
  const header = {} as Record<F, string>;
  const missing: string[] = [];
  const twice: string[] = [];

  for (const spec of profile.fields) {
    const aliases = profile.aliases[spec.key];
    header[spec.key] = aliases[0]!;
    for (const alias of aliases) {
      const want = normaliseWord(alias);
      const at = normalised.flatMap((h, i) => (h === want ? [i] : []));
      if (at.length === 0) continue;
      if (at.length > 1) twice.push(`${displayHeader(headerCells[at[0]])} (kolom ${at.map((i) => i + 1).join(' dan ')})`);
      index[spec.key] = at[0]!;
      header[spec.key] = displayHeader(headerCells[at[0]]);
      at.forEach((i) => used.add(i));
      break;
    }
    if (index[spec.key] === undefined && spec.required) missing.push(aliases[0]);
  }

  if (missing.length) {
    const found = Object.keys(index).length;
    const hint = found === 0 ? `. Berkas ini tampaknya bukan ${profile.label}` : '';
    throw new ImportFileError('missing_columns', `Kolom wajib tidak ditemukan: ${missing.join(', ')}${hint}`, missing);
  }
  if (twice.length) throw new ImportFileError('duplicate_columns', `Kolom muncul lebih dari sekali: ${twice.join(', ')}`);

  let width = headerCells.length;
  while (width > 0 && normalised[width - 1] === '') width--;
  const unused = headerCells.flatMap((c, i) => (!used.has(i) && normalised[i] !== '' ? [displayHeader(c)] : []));
  return { index, header, width, unused };
}
