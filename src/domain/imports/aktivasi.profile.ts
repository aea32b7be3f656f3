import type { ProfileField, SiasnImportConfig } from '../../../config/siasn-import.js';
import { RowErrors, optionalText, type FieldSpec, type ImportProfile, type UniqueKey } from './import-profile.js';
import { checkListNip, dateTimeCell, nipKey } from './profile-checks.js';
import { formatSiasnDateTime } from './siasn-date.parser.js';

/**
 * MySAPK activation list: per NIP, when the ASN activated MySAPK and when they changed the
 * initial password (dd-mm-yyyy HH:MM, WIB). The employee must already exist (the planner checks).
 */

export type AktivasiField = ProfileField<'aktivasi'>;

export interface AktivasiRow {
  nip: string;
  /** NAMA as in the list, for the preview only (the employee's name comes from the ASN import). */
  name: string | null;
  activatedAt: Date;
  passwordChangedAt: Date | null;
}

const FIELDS: readonly FieldSpec<AktivasiField>[] = [
  { key: 'nip', required: true },
  { key: 'name', required: false },
  { key: 'activatedAt', required: true },
  { key: 'passwordChangedAt', required: false },
];

export function createAktivasiProfile(config: SiasnImportConfig): ImportProfile<AktivasiField, AktivasiRow> {
  return {
    code: 'aktivasi',
    label: config.profiles.aktivasi.label,
    fields: FIELDS,
    aliases: config.profiles.aktivasi.columns,
    refField: 'nip',
    normalise(cells, { now }) {
      const errors = new RowErrors(cells);
      const keys: UniqueKey[] = [];
      const nip = checkListNip(cells, errors, 'nip', now);
      if (nip) keys.push(nipKey(cells.column('nip'), nip));
      const name = optionalText(cells, errors, 'name');
      const activatedAt = dateTimeCell(cells, errors, 'activatedAt', now, true);
      const passwordChangedAt = dateTimeCell(cells, errors, 'passwordChangedAt', now, false);
      if (activatedAt && passwordChangedAt && passwordChangedAt.getTime() < activatedAt.getTime()) {
        errors.add(
          'passwordChangedAt',
          `${cells.column('passwordChangedAt')} ${formatSiasnDateTime(passwordChangedAt)} lebih awal dari ${cells.column('activatedAt')} ${formatSiasnDateTime(activatedAt)}`,
        );
      }
      if (!errors.empty || !nip || !activatedAt) return { value: null, errors: errors.list, keys };
      return { value: { nip, name, activatedAt, passwordChangedAt }, errors: [], keys };
    },
  };
}
