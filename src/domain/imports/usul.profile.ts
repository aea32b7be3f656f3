import type { ProfileField, SiasnImportConfig } from '../../../config/siasn-import.js';
import type { SubmissionStatus } from '../shared/constants.js';
import { MAX_NOTE_LENGTH } from '../submissions/rules.js';
import { RowErrors, optionalText, type FieldSpec, type ImportProfile, type UniqueKey } from './import-profile.js';
import { checkListNip, dateTimeCell, quoted } from './profile-checks.js';
import { formatSiasnDateTime } from './siasn-date.parser.js';
import type { SiasnVocabulary } from './siasn-words.mapper.js';

/**
 * SIASN's usulan monitoring list: one usul per (NIP, JENIS RIWAYAT, TANGGAL USUL), with SIASN's
 * status word. Category and status words are mapped through config/siasn-import.json.
 */

export type UsulField = ProfileField<'usul'>;

export interface UsulRow {
  nip: string;
  name: string | null;
  /** Category code (config/categories.json). */
  category: string;
  /** JENIS RIWAYAT as written in the file. */
  categoryWord: string;
  /** TANGGAL USUL (minute precision, WIB in the file). */
  submittedAt: Date;
  status: SubmissionStatus;
  /** STATUS USUL as written in the file. */
  statusWord: string;
  /** ALASAN (the verifier's or BKN's note), if any. */
  reason: string | null;
}

const FIELDS: readonly FieldSpec<UsulField>[] = [
  { key: 'nip', required: true },
  { key: 'name', required: false },
  { key: 'category', required: true },
  { key: 'submittedAt', required: true },
  { key: 'status', required: true },
  { key: 'reason', required: false, maxLength: MAX_NOTE_LENGTH },
];

/** The identity of an usul across imports: NIP, category and the submission minute. */
export function usulKey(nip: string, category: string, submittedAt: Date): string {
  return `${nip}|${category}|${new Date(Math.floor(submittedAt.getTime() / 60000) * 60000).toISOString()}`;
}

export function createUsulProfile(config: SiasnImportConfig, vocabulary: SiasnVocabulary): ImportProfile<UsulField, UsulRow> {
  const { categories, statuses } = vocabulary;
  return {
    code: 'usul',
    label: config.profiles.usul.label,
    fields: FIELDS,
    aliases: config.profiles.usul.columns,
    refField: 'nip',
    normalise(cells, { now }) {
      const errors = new RowErrors(cells);
      const keys: UniqueKey[] = [];
      const nip = checkListNip(cells, errors, 'nip', now);
      const name = optionalText(cells, errors, 'name');

      const categoryWord = cells.text('category').replace(/\s+/g, ' ');
      const category = categoryWord === '' ? undefined : categories.get(categoryWord);
      if (categoryWord === '') errors.add('category', `${cells.column('category')} wajib diisi`);
      else if (!category) {
        errors.add(
          'category',
          `${cells.column('category')} tidak dikenal: ${quoted(categoryWord)}; tambahkan padanannya di config/siasn-import.json (categories)`,
        );
      }

      const submittedAt = dateTimeCell(cells, errors, 'submittedAt', now, true);

      const statusWord = cells.text('status').replace(/\s+/g, ' ');
      const status = statusWord === '' ? undefined : statuses.get(statusWord);
      if (statusWord === '') errors.add('status', `${cells.column('status')} wajib diisi`);
      else if (!status) {
        errors.add('status', `${cells.column('status')} tidak dikenal: ${quoted(statusWord)} (yang dikenal: ${statuses.words.join(', ')})`);
      }

      const reason = optionalText(cells, errors, 'reason', MAX_NOTE_LENGTH);

      if (nip && category && submittedAt) {
        const column = cells.column('nip');
        const when = formatSiasnDateTime(submittedAt);
        keys.push({
          kind: 'usul',
          value: usulKey(nip, category, submittedAt),
          column,
          shown: nip,
          message: (first) =>
            `Usul yang sama (${column} ${nip}, ${cells.column('category')} ${categoryWord}, ${cells.column('submittedAt')} ${when}) sudah ada di baris ${first}`,
        });
      }
      if (!errors.empty || !nip || !category || !submittedAt || !status) return { value: null, errors: errors.list, keys };
      return { value: { nip, name, category, categoryWord, submittedAt, status, statusWord, reason }, errors: [], keys };
    },
  };
}
