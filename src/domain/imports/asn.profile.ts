import type { SiasnImportConfig, ProfileField } from '../../../config/siasn-import.js';
import { checkNip, parseNik, parseNip, validateIdentity } from '../employees/nip-nik.js';
import type { EmployeeType } from '../shared/constants.js';
import { RowErrors, optionalText, type FieldSpec, type ImportProfile, type RowCells, type UniqueKey } from './import-profile.js';
import { nipKey, quoted, relabel } from './profile-checks.js';
import { isEmailAddress } from '../shared/email.js';
import { formatSiasnDate, parseSiasnDate } from './siasn-date.parser.js';
import type { SiasnVocabulary } from './siasn-words.mapper.js';

/**
 * SIASN "Export Data ASN" (all ASN of the instansi, 64 upper-case columns). The OPD is not a
 * column: UNOR ID / UNOR NAMA is the work unit, mapped to an OPD by the unit map. Identity is
 * checked exactly as the panel checks it (validateIdentity); birth date and sex come from the
 * NIP, and TANGGAL LAHIR / JENIS KELAMIN, when given, must agree with it.
 */

export type AsnField = ProfileField<'asn'>;

/** A SIASN work unit (unit organisasi). */
export interface SiasnUnit {
  /** UNOR ID, SIASN's key of the unit; null when the file has no such column or cell. */
  id: string | null;
  /** UNOR NAMA. */
  name: string;
}

export interface AsnRow {
  /** SIASN's own key of the person (PNS ID). */
  pnsId: string | null;
  nip: string;
  nik: string;
  /** With gelar, as SIASN shows it: "dr. Sri Lestari, M.Kes.". */
  name: string;
  employeeType: EmployeeType;
  /** YYYY-MM-DD, from the NIP (as the panel derives it). */
  birthDate: string;
  /** From the NIP: L (laki-laki) or P (perempuan). */
  sex: 'L' | 'P';
  phone: string | null;
  email: string | null;
  /** KEDUDUKAN HUKUM NAMA ("Aktif", "CLTN", ...), carried as given. */
  legalStatus: string | null;
  rankGrade: string | null;
  position: string | null;
  unit: SiasnUnit;
}

/** Lengths of the employees table's columns (migrations/20261126-0001-initial-schema.ts). */
export const ASN_MAX = {
  name: 150,
  unit: 200,
  position: 200,
  rankGrade: 40,
  email: 150,
  phone: 30,
  pnsId: 64,
  unitId: 64,
  legalStatus: 60,
} as const;

const FIELDS: readonly FieldSpec<AsnField>[] = [
  { key: 'pnsId', required: true, maxLength: ASN_MAX.pnsId },
  { key: 'nip', required: true },
  { key: 'name', required: true },
  { key: 'frontTitle', required: false },
  { key: 'backTitle', required: false },
  { key: 'birthDate', required: false },
  { key: 'sex', required: false },
  { key: 'nik', required: true },
  { key: 'phone', required: false, maxLength: ASN_MAX.phone },
  { key: 'email', required: false, maxLength: ASN_MAX.email },
  { key: 'employeeType', required: true },
  { key: 'legalStatus', required: false, maxLength: ASN_MAX.legalStatus },
  { key: 'rankGrade', required: false, maxLength: ASN_MAX.rankGrade },
  { key: 'position', required: false, maxLength: ASN_MAX.position },
  { key: 'unitId', required: false, maxLength: ASN_MAX.unitId },
  { key: 'unitName', required: true, maxLength: ASN_MAX.unit },
];

const SEX_WORDS: Record<string, 'L' | 'P'> = { M: 'L', L: 'L', 'LAKI-LAKI': 'L', PRIA: 'L', F: 'P', P: 'P', PEREMPUAN: 'P', WANITA: 'P' };
const sexLabel = (s: 'L' | 'P') => (s === 'L' ? 'laki-laki' : 'perempuan');

/**
 * The name as SIASN shows it: gelar depan, name, ", " gelar belakang. A name that already carries
 * its gelar (some exports do) is not given them twice.
 */
export function composeName(name: string, frontTitle: string | null, backTitle: string | null): string {
  let full = name.trim().replace(/\s+/g, ' ');
  const front = frontTitle?.trim().replace(/\s+/g, ' ') ?? '';
  const back =
    backTitle
      ?.trim()
      .replace(/^[,\s]+/, '')
      .replace(/\s+/g, ' ') ?? '';
  if (front && !full.toLowerCase().startsWith(`${front.toLowerCase()} `)) full = `${front} ${full}`;
  if (back && !full.toLowerCase().endsWith(back.toLowerCase())) full = `${full}, ${back}`;
  return full;
}

export function createAsnProfile(config: SiasnImportConfig, vocabulary: SiasnVocabulary): ImportProfile<AsnField, AsnRow> {
  const { employeeTypes } = vocabulary;

  function employeeType(cells: RowCells<AsnField>, errors: RowErrors<AsnField>): EmployeeType | null {
    const word = cells.text('employeeType');
    const column = cells.column('employeeType');
    if (word === '') {
      errors.add('employeeType', `${column} wajib diisi (${employeeTypes.words.join(', ')})`);
      return null;
    }
    const type = employeeTypes.get(word);
    if (!type) errors.add('employeeType', `${column} tidak dikenal: ${quoted(word)} (yang dikenal: ${employeeTypes.words.join(', ')})`);
    return type ?? null;
  }

  function identity(
    cells: RowCells<AsnField>,
    errors: RowErrors<AsnField>,
    type: EmployeeType | null,
    now: Date,
  ): { nip: string | null; nik: string | null } {
    const nip = cells.text('nip');
    const nik = cells.text('nik');
    const nipBlocked = cells.blocked('nip');
    const nikBlocked = cells.blocked('nik');
    const nipColumn = cells.column('nip');
    const nikColumn = cells.column('nik');
    let nipOk = !nipBlocked;
    let nikOk = !nikBlocked;
    if (type && !nipBlocked && !nikBlocked) {
      for (const e of validateIdentity({ nip, nik, type }, now)) {
        if (e.field === 'nip') nipOk = false;
        else nikOk = false;
        errors.add(e.field, relabel(e.message, e.field === 'nip' ? 'NIP' : 'NIK', e.field === 'nip' ? nipColumn : nikColumn));
      }
    } else {
      // Without a known type (or with one number already refused) check what holds for every type.
      if (!nipBlocked) {
        const e = checkNip(nip, type ?? 'PPPK', now).errors[0];
        if (e) {
          nipOk = false;
          errors.add('nip', relabel(e.message, 'NIP', nipColumn));
        }
      }
      if (!nikBlocked) {
        const r = parseNik(nik, now);
        if (!r.ok) {
          nikOk = false;
          errors.add('nik', relabel(r.error.message, 'NIK', nikColumn));
        }
      }
    }
    return { nip: nipOk ? nip : null, nik: nikOk ? nik : null };
  }

  return {
    code: 'asn',
    label: config.profiles.asn.label,
    fields: FIELDS,
    aliases: config.profiles.asn.columns,
    refField: 'nip',
    normalise(cells, { now }) {
      const errors = new RowErrors(cells);
      const keys: UniqueKey[] = [];
      const type = employeeType(cells, errors);
      const { nip, nik } = identity(cells, errors, type, now);
      if (nip) keys.push(nipKey(cells.column('nip'), nip));

      const fromNip = nip && type ? parseNip(nip, type, now) : null;
      const born = fromNip?.ok ? fromNip.value : null;

      const plainName = optionalText(cells, errors, 'name');
      if (plainName === null && !errors.has('name')) errors.add('name', `${cells.column('name')} wajib diisi`);
      const front = optionalText(cells, errors, 'frontTitle');
      const back = optionalText(cells, errors, 'backTitle');
      let name: string | null = null;
      if (plainName !== null) {
        name = composeName(plainName, front, back);
        if (name.length > ASN_MAX.name) {
          errors.add(
            'name',
            `${cells.column('name')} dengan gelar terlalu panjang (${name.length} karakter, maksimal ${ASN_MAX.name})`,
            name,
          );
          name = null;
        }
      }

      const birthText = optionalText(cells, errors, 'birthDate');
      if (birthText !== null) {
        const column = cells.column('birthDate');
        const parsed = parseSiasnDate(birthText, column);
        if (!parsed.ok) errors.add('birthDate', parsed.message);
        else if (born && parsed.value !== born.birthDate) {
          errors.add(
            'birthDate',
            `${column} ${birthText} tidak sama dengan tanggal lahir pada ${cells.column('nip')} (${formatSiasnDate(born.birthDate)})`,
          );
        }
      }

      const sexText = optionalText(cells, errors, 'sex');
      if (sexText !== null) {
        const column = cells.column('sex');
        const sex = SEX_WORDS[sexText.toUpperCase()];
        if (!sex) errors.add('sex', `${column} harus M (laki-laki) atau F (perempuan), terbaca ${quoted(sexText)}`);
        else if (born && sex !== born.sex) {
          errors.add(
            'sex',
            `${column} ${sexText} (${sexLabel(sex)}) tidak sama dengan kode jenis kelamin pada ${cells.column('nip')} (${sexLabel(born.sex)})`,
          );
        }
      }

      const email = optionalText(cells, errors, 'email', ASN_MAX.email);
      if (email !== null && !isEmailAddress(email)) errors.add('email', `${cells.column('email')}: format e-mail tidak valid`);
      const phone = optionalText(cells, errors, 'phone', ASN_MAX.phone);
      const legalStatus = optionalText(cells, errors, 'legalStatus', ASN_MAX.legalStatus);
      const rankGrade = optionalText(cells, errors, 'rankGrade', ASN_MAX.rankGrade);
      const position = optionalText(cells, errors, 'position', ASN_MAX.position);

      const unitId = optionalText(cells, errors, 'unitId', ASN_MAX.unitId);
      const unitName = optionalText(cells, errors, 'unitName', ASN_MAX.unit);
      if (unitName === null && !errors.has('unitName')) {
        errors.add('unitName', `${cells.column('unitName')} wajib diisi (unit kerja menentukan OPD pegawai)`);
      }

      const pnsId = optionalText(cells, errors, 'pnsId', ASN_MAX.pnsId);
      if (pnsId !== null) {
        if (!/^[0-9A-Za-z-]+$/.test(pnsId))
          errors.add('pnsId', `${cells.column('pnsId')} hanya boleh berisi huruf, angka dan tanda hubung`);
        else {
          const column = cells.column('pnsId');
          keys.push({
            kind: 'pnsId',
            value: pnsId.toUpperCase(),
            column,
            shown: pnsId,
            message: (first) => `${column} ${pnsId} sudah ada di baris ${first}; satu PNS ID hanya untuk satu pegawai`,
          });
        }
      }

      if (!errors.empty || !nip || !nik || !type || !born || !name || !unitName) return { value: null, errors: errors.list, keys };
      return {
        value: {
          pnsId,
          nip,
          nik,
          name,
          employeeType: type,
          birthDate: born.birthDate,
          sex: born.sex,
          phone,
          email,
          legalStatus,
          rankGrade,
          position,
          unit: { id: unitId, name: unitName },
        },
        errors: [],
        keys,
      };
    },
  };
}
