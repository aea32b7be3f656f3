import type { ColumnBinding } from './header.matcher.js';
import type { RowError } from './import-errors.js';
import type { ImportProfile, NormaliseContext, RowCells } from './import-profile.js';
import { isEmptyRow, type SheetRow } from './sheet-row.js';

/**
 * Turns a stream of sheet rows into validated rows of a profile, one at a time: cells that lost
 * digits are refused, rows with cells beyond the header are refused (a shifted row), the profile
 * normalises the rest, and a key seen before in the file (NIP, PNS ID, usul) is reported on the
 * second occurrence with the first row's number. Only the keys are remembered, not the rows.
 */

export type ValidatedRow<T> =
  { row: number; ok: true; value: T; ref: string } | { row: number; ok: false; errors: RowError[]; ref: string };

export type ValidateOptions = NormaliseContext;

function rowCells<F extends string>(binding: ColumnBinding<F>, sheet: SheetRow): RowCells<F> {
  const imprecise = sheet.imprecise ? new Set(sheet.imprecise) : null;
  return {
    row: sheet.row,
    text: (f) => {
      const i = binding.index[f];
      return i === undefined ? '' : (sheet.cells[i] ?? '');
    },
    column: (f) => binding.header[f],
    has: (f) => binding.index[f] !== undefined,
    blocked: (f) => {
      const i = binding.index[f];
      return imprecise !== null && i !== undefined && imprecise.has(i);
    },
  };
}

export async function* validateRows<F extends string, T>(
  profile: ImportProfile<F, T>,
  binding: ColumnBinding<F>,
  rows: AsyncIterable<SheetRow>,
  options: ValidateOptions,
): AsyncGenerator<ValidatedRow<T>> {
  // One map per kind of key, keyed by the value itself (no concatenated strings to keep).
  const firstRow = new Map<string, Map<string, number>>();
  for await (const sheet of rows) {
    if (isEmptyRow(sheet.cells)) continue;
    const cells = rowCells(binding, sheet);
    const ref = cells.text(profile.refField);

    const extra = sheet.cells.findIndex((c, i) => i >= binding.width && c !== '');
    if (extra >= 0) {
      const filled = sheet.cells.slice(binding.width).filter((c) => c !== '').length;
      yield {
        row: sheet.row,
        ok: false,
        ref,
        errors: [
          {
            row: sheet.row,
            column: '',
            value: sheet.cells[extra],
            message: `Baris berisi ${filled} isian di luar kolom judul (mulai kolom ke-${extra + 1}); periksa pemisah kolom atau tanda kutip pada baris ini`,
          },
        ],
      };
      continue;
    }

    const errors: RowError[] = [];
    for (const spec of profile.fields) {
      if (!cells.blocked(spec.key)) continue;
      const column = cells.column(spec.key);
      errors.push({
        row: sheet.row,
        column,
        value: cells.text(spec.key),
        message: `${column} tersimpan sebagai angka sehingga digit terakhirnya hilang (terbaca ${cells.text(spec.key)}); ubah format kolom ${column} menjadi Teks, isi ulang dengan angka yang benar, lalu simpan lagi`,
      });
    }

    const result = profile.normalise(cells, options);
    errors.push(...result.errors);
    for (const key of result.keys) {
      let seen = firstRow.get(key.kind);
      if (!seen) firstRow.set(key.kind, (seen = new Map<string, number>()));
      const first = seen.get(key.value);
      if (first === undefined) seen.set(key.value, sheet.row);
      else errors.push({ row: sheet.row, column: key.column, value: key.shown, message: key.message(first) });
    }
    if (errors.length === 0 && result.value !== null) yield { row: sheet.row, ok: true, value: result.value, ref };
    else yield { row: sheet.row, ok: false, errors, ref };
  }
}
