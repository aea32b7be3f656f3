import type { ReferenceData } from '../../../config/reference-data.js';
import type { SiasnImportConfig } from '../../../config/siasn-import.js';
import { createAktivasiProfile, type AktivasiField, type AktivasiRow } from './aktivasi.profile.js';
import { createAsnProfile, type AsnField, type AsnRow } from './asn.profile.js';
import { bindColumns, type ColumnBinding } from './header.matcher.js';
import { ImportFileError } from './import-errors.js';
import type { ImportProfile } from './import-profile.js';
import { validateRows, type ValidatedRow } from './row.validator.js';
import { isEmptyRow, type SheetRow } from './sheet-row.js';
import type { SheetSource } from './sheet.reader.js';
import { siasnVocabulary } from './siasn-words.mapper.js';
import { createUsulProfile, type UsulField, type UsulRow } from './usul.profile.js';

/**
 * From an opened sheet to validated rows of a profile: finds the header (the first non-empty
 * row), binds the profile's columns — refusing the file before any data row is read when a
 * required column is missing — then validates row by row. A file with a header and no data row
 * is refused at the end (an empty ASN export would otherwise report every employee as gone).
 */

export interface ImportProfiles {
  asn: ImportProfile<AsnField, AsnRow>;
  aktivasi: ImportProfile<AktivasiField, AktivasiRow>;
  usul: ImportProfile<UsulField, UsulRow>;
}

export function createImportProfiles(config: SiasnImportConfig, reference: ReferenceData): ImportProfiles {
  const vocabulary = siasnVocabulary(config, reference);
  return {
    asn: createAsnProfile(config, vocabulary),
    aktivasi: createAktivasiProfile(config),
    usul: createUsulProfile(config, vocabulary),
  };
}

export interface OpenedImport<F extends string, T> {
  kind: SheetSource['kind'];
  binding: ColumnBinding<F>;
  /** Row number of the header (1 unless the file starts with empty rows). */
  headerRow: number;
  /** Validated data rows, in file order; read once. */
  rows: AsyncGenerator<ValidatedRow<T>>;
  /** Bytes of the file read so far (progress). */
  bytesRead(): number;
}

export interface OpenImportOptions {
  now: Date;
}

export async function openImport<F extends string, T>(
  profile: ImportProfile<F, T>,
  source: SheetSource,
  options: OpenImportOptions,
): Promise<OpenedImport<F, T>> {
  const it = source.rows;
  let header: SheetRow | undefined;
  try {
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      if (!isEmptyRow(next.value.cells)) {
        header = next.value;
        break;
      }
    }
    if (!header) throw new ImportFileError('empty', 'Berkas kosong (tidak ada baris judul kolom)');
    const binding = bindColumns(profile, header.cells);

    async function* dataRows(): AsyncGenerator<SheetRow> {
      let count = 0;
      try {
        for (;;) {
          const next = await it.next();
          if (next.done) break;
          if (!isEmptyRow(next.value.cells)) count++;
          yield next.value;
        }
      } finally {
        await it.return(undefined);
      }
      if (count === 0) throw new ImportFileError('no_rows', 'Berkas hanya berisi baris judul kolom, tanpa baris data');
    }

    return {
      kind: source.kind,
      binding,
      headerRow: header.row,
      rows: validateRows(profile, binding, dataRows(), options),
      bytesRead: () => source.bytesRead(),
    };
  } catch (err) {
    await it.return(undefined);
    throw err;
  }
}
