import { text } from '../shared/text.js';
/**
 * Validasi dan pembentukan NIP (Nomor Induk Pegawai) dan NIK (Nomor Induk
 * Kependudukan) untuk ASN. Murni TypeScript, tanpa dependensi.
 *
 * NIP PNS/CPNS (18 digit):
 *   [1-8]   tanggal lahir YYYYMMDD
 *   [9-14]  TMT CPNS YYYYMM
 *   [15]    jenis kelamin: 1 = laki-laki, 2 = perempuan
 *   [16-18] nomor urut 001..999
 *
 * NIP PPPK (18 digit): tanggal lahir YYYYMMDD, lalu tahun pengangkatan + "21"
 * (bukan bulan sungguhan), jenis kelamin, nomor urut. Untuk PPPK hanya
 * panjang, tanggal lahir, dan kode jenis kelamin yang diperiksa, dan NIP tidak
 * dicocokkan dengan NIK.
 *
 * NIK (16 digit):
 *   [1-6]   kode wilayah: provinsi (11..94), kabupaten/kota, kecamatan
 *   [7-12]  tanggal lahir DDMMYY; perempuan DD + 40 (41..71)
 *   [13-16] nomor urut 0001..9999
 */

export type EmployeeType = 'PNS' | 'CPNS' | 'PPPK';

export interface FieldError {
  field: 'nip' | 'nik';
  message: string;
}

export interface ParsedNip {
  /** YYYY-MM-DD */
  birthDate: string;
  /** YYYY-MM; null for PPPK */
  cpnsStart: string | null;
  sex: 'L' | 'P';
  sequence: number;
}

export interface ParsedNik {
  regionCode: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'L' | 'P';
  sequence: number;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: FieldError };

export const NIP_LENGTH = 18;
export const NIK_LENGTH = 16;
/** Earliest plausible birth year for an active ASN. */
export const MIN_BIRTH_YEAR = 1940;
/** Minimum age (in years, by year only) at TMT CPNS. */
export const MIN_CPNS_AGE = 17;
export const MIN_PROVINCE_CODE = 11;
export const MAX_PROVINCE_CODE = 94;
/** NIK encodes women's birth day as day + 40. */
export const NIK_FEMALE_DAY_OFFSET = 40;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/** Trim; null/undefined/non-strings become their string form ('' for nullish). */
function normalize(value: unknown): string {
  if (value === null || value === undefined) return '';
  return text(value).trim();
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True when year/month/day (month 1-12) form a real calendar date. */
export function isValidDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12) return false;
  return day >= 1 && day <= daysInMonth(year, month);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function isoDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Comparable number YYYYMMDD (local calendar date of `now`). */
function dateKey(year: number, month: number, day: number): number {
  return year * 10000 + month * 100 + day;
}

function todayKey(now: Date): number {
  return dateKey(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

function formatFail(field: 'nip' | 'nik', label: string, length: number, value: string): FieldError | null {
  if (value === '') {
    return { field, message: `${label} wajib diisi (${length} digit angka)` };
  }
  if (!/^[0-9]+$/.test(value)) {
    return {
      field,
      message: `${label} harus ${length} digit angka (mengandung karakter selain angka, misalnya huruf, spasi, atau titik)`,
    };
  }
  if (value.length !== length) {
    return { field, message: `${label} harus ${length} digit angka (diterima ${value.length} digit)` };
  }
  return null;
}

/** Resolve a century hint (e.g. 19, 20, 1900, 2000, or a full year such as 1985) to 1900/2000/... */
function resolveCenturyBase(hint: number): number | null {
  if (!Number.isFinite(hint) || hint <= 0) return null;
  const h = Math.floor(hint);
  return h < 100 ? h * 100 : Math.floor(h / 100) * 100;
}

// ---------------------------------------------------------------------------
// NIP
// ---------------------------------------------------------------------------

interface CheckResult<T> {
  value: T | null;
  errors: FieldError[];
}

/** Runs every NIP check and returns all errors found (format errors stop further checks). */
export function checkNip(nipInput: string, type: EmployeeType = 'PNS', now: Date = new Date()): CheckResult<ParsedNip> {
  const nip = normalize(nipInput);
  const fmt = formatFail('nip', 'NIP', NIP_LENGTH, nip);
  if (fmt) return { value: null, errors: [fmt] };

  const errors: FieldError[] = [];
  const isPppk = type === 'PPPK';

  const birthRaw = nip.slice(0, 8);
  const by = Number(birthRaw.slice(0, 4));
  const bm = Number(birthRaw.slice(4, 6));
  const bd = Number(birthRaw.slice(6, 8));
  const birthValid = isValidDate(by, bm, bd);
  let birthPlausible = birthValid;
  if (!birthValid) {
    errors.push({ field: 'nip', message: `NIP: tanggal lahir ${birthRaw} tidak valid` });
  } else if (!isPppk) {
    const maxYear = now.getFullYear() - MIN_CPNS_AGE;
    if (by < MIN_BIRTH_YEAR || by > maxYear) {
      birthPlausible = false;
      errors.push({
        field: 'nip',
        message: `NIP: tahun lahir ${by} tidak wajar (harus antara ${MIN_BIRTH_YEAR} dan ${maxYear})`,
      });
    }
  }

  const startRaw = nip.slice(8, 14);
  const sy = Number(startRaw.slice(0, 4));
  const sm = Number(startRaw.slice(4, 6));
  if (!isPppk) {
    if (sm < 1 || sm > 12) {
      errors.push({
        field: 'nip',
        message: `NIP: bulan TMT CPNS ${startRaw} tidak valid (bulan harus 01-12)`,
      });
    } else if (sy * 100 + sm > now.getFullYear() * 100 + (now.getMonth() + 1)) {
      errors.push({ field: 'nip', message: `NIP: TMT CPNS ${startRaw} tidak boleh di masa depan` });
    }
    // Skipped when the birth year itself is already reported as wrong.
    if (birthPlausible && sy < by + MIN_CPNS_AGE) {
      errors.push({
        field: 'nip',
        message: `NIP: TMT CPNS ${startRaw} tidak wajar, kurang dari ${MIN_CPNS_AGE} tahun setelah tahun lahir ${by}`,
      });
    }
  }

  const sexDigit = nip.charAt(14);
  if (sexDigit !== '1' && sexDigit !== '2') {
    errors.push({
      field: 'nip',
      message: `NIP: kode jenis kelamin harus 1 (laki-laki) atau 2 (perempuan), diterima ${sexDigit}`,
    });
  }

  const sequence = Number(nip.slice(15, 18));
  if (!isPppk && sequence === 0) {
    errors.push({ field: 'nip', message: 'NIP: nomor urut tidak boleh 000' });
  }

  if (errors.length > 0) return { value: null, errors };
  return {
    value: {
      birthDate: isoDate(by, bm, bd),
      cpnsStart: isPppk ? null : `${pad(sy, 4)}-${pad(sm, 2)}`,
      sex: sexDigit === '1' ? 'L' : 'P',
      sequence,
    },
    errors,
  };
}

export function parseNip(nip: string, type: EmployeeType = 'PNS', now: Date = new Date()): ParseResult<ParsedNip> {
  const r = checkNip(nip, type, now);
  if (r.value) return { ok: true, value: r.value };
  return { ok: false, error: r.errors[0] };
}

// ---------------------------------------------------------------------------
// NIK
// ---------------------------------------------------------------------------

/**
 * Parses a NIK. The 2-digit birth year is resolved to 20YY unless that date
 * lies after `now`, in which case 19YY. With `centuryHint` (19/20, 1900/2000,
 * or any full year such as the NIP birth year) that century is used instead.
 */
export function parseNik(nikInput: string, now: Date = new Date(), centuryHint?: number): ParseResult<ParsedNik> {
  const nik = normalize(nikInput);
  const fail = (message: string): ParseResult<ParsedNik> => ({ ok: false, error: { field: 'nik', message } });

  const fmt = formatFail('nik', 'NIK', NIK_LENGTH, nik);
  if (fmt) return { ok: false, error: fmt };

  const regionCode = nik.slice(0, 6);
  if (regionCode === '000000') return fail('NIK: kode wilayah tidak boleh 000000');
  const province = Number(regionCode.slice(0, 2));
  if (province < MIN_PROVINCE_CODE || province > MAX_PROVINCE_CODE) {
    return fail(`NIK: kode provinsi ${regionCode.slice(0, 2)} tidak valid (harus ${MIN_PROVINCE_CODE}-${MAX_PROVINCE_CODE})`);
  }

  const rawDay = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  let sex: 'L' | 'P';
  let day: number;
  if (rawDay >= 1 && rawDay <= 31) {
    sex = 'L';
    day = rawDay;
  } else if (rawDay >= 1 + NIK_FEMALE_DAY_OFFSET && rawDay <= 31 + NIK_FEMALE_DAY_OFFSET) {
    sex = 'P';
    day = rawDay - NIK_FEMALE_DAY_OFFSET;
  } else {
    return fail(`NIK: tanggal lahir ${nik.slice(6, 8)} tidak valid (01-31 untuk laki-laki, 41-71 untuk perempuan)`);
  }
  if (month < 1 || month > 12) {
    return fail(`NIK: bulan lahir ${nik.slice(8, 10)} tidak valid (harus 01-12)`);
  }

  let year: number;
  const base = centuryHint === undefined ? null : resolveCenturyBase(centuryHint);
  if (base !== null) {
    year = base + yy;
  } else {
    year = 2000 + yy;
    if (dateKey(year, month, day) > todayKey(now)) year = 1900 + yy;
  }
  const shown = `${pad(day, 2)}-${pad(month, 2)}-${pad(yy, 2)}`;
  if (!isValidDate(year, month, day)) {
    return fail(`NIK: tanggal lahir ${shown} tidak valid (tahun ${year})`);
  }

  const sequence = Number(nik.slice(12, 16));
  if (sequence === 0) return fail('NIK: nomor urut tidak boleh 0000');

  return { ok: true, value: { regionCode, birthDate: isoDate(year, month, day), sex, sequence } };
}

// ---------------------------------------------------------------------------
// Combined validation
// ---------------------------------------------------------------------------

function nikShortDate(isoBirth: string): string {
  const [y, m, d] = isoBirth.split('-');
  return `${d}-${m}-${y.slice(2)}`;
}

/**
 * Validates NIP and NIK together. Returns [] when both are fine, otherwise all
 * errors found. For PNS/CPNS the NIK birth date and sex must match the NIP.
 */
export function validateIdentity(input: { nip: string; nik: string; type: EmployeeType }, now: Date = new Date()): FieldError[] {
  const type: EmployeeType = input.type ?? 'PNS';
  const nipCheck = checkNip(input.nip, type, now);
  const errors: FieldError[] = [...nipCheck.errors];

  const crossCheck = type !== 'PPPK' && nipCheck.value !== null;
  const nipValue = nipCheck.value;
  const hint = crossCheck && nipValue ? Number(nipValue.birthDate.slice(0, 4)) : undefined;
  const nikResult = parseNik(input.nik, now, hint);
  if (!nikResult.ok) {
    errors.push(nikResult.error);
    return errors;
  }

  if (crossCheck && nipValue) {
    const nik = nikResult.value;
    if (nik.birthDate !== nipValue.birthDate) {
      errors.push({
        field: 'nik',
        message: `NIK: tanggal lahir tidak sama dengan NIP (NIK ${nikShortDate(nik.birthDate)}, NIP ${nipValue.birthDate})`,
      });
    }
    if (nik.sex !== nipValue.sex) {
      const label = (s: 'L' | 'P') => (s === 'L' ? 'laki-laki' : 'perempuan');
      errors.push({
        field: 'nik',
        message: `NIK: jenis kelamin tidak sama dengan NIP (NIK ${label(nik.sex)}, NIP ${label(nipValue.sex)})`,
      });
    }
  }
  return errors;
}

// ---------------------------------------------------------------------------
// Masking and generation
// ---------------------------------------------------------------------------

/**
 * Masks a NIK for display: first 4 and last 4 characters kept, 'x' in
 * between ('3313xxxxxxxx0001'). '' for empty input; values of 8 characters or
 * fewer are masked entirely so nothing leaks.
 */
export function maskNik(nik: string | null | undefined): string {
  const v = normalize(nik);
  if (v === '') return '';
  if (v.length <= 8) return 'x'.repeat(v.length);
  return v.slice(0, 4) + 'x'.repeat(v.length - 8) + v.slice(-4);
}

/**
 * Is this a NIK as maskNik shows it (it carries the mask character 'x')? A role that sees the NIK
 * masked sends it back so from an edit form: such a value is never written over the real one.
 */
export function isMaskedNik(value: unknown): value is string {
  return typeof value === 'string' && value.includes('x');
}

function digitsOnly(value: string, name: string, length: number, fn: string): string {
  const v = normalize(value).replace(/-/g, '');
  if (!/^[0-9]+$/.test(v) || v.length !== length) {
    throw new RangeError(`${fn}: ${name} harus ${length} digit angka (diterima "${value}")`);
  }
  return v;
}

function sequenceDigits(sequence: number, width: number, fn: string): string {
  const max = 10 ** width - 1;
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > max) {
    throw new RangeError(`${fn}: nomor urut harus bilangan bulat 0-${max} (diterima ${sequence})`);
  }
  return pad(sequence, width);
}

function sexCode(sex: 'L' | 'P', fn: string): 'L' | 'P' {
  if (sex !== 'L' && sex !== 'P') throw new RangeError(`${fn}: jenis kelamin harus 'L' atau 'P'`);
  return sex;
}

/**
 * Builds a NIP by concatenation. birthDate 'YYYY-MM-DD' or 'YYYYMMDD';
 * cpnsStart 'YYYY-MM' / 'YYYYMM', or for PPPK the 6-char 'YYYY21' block.
 * Only lengths/characters are checked; use parseNip for full validation.
 */
export function makeNip(p: { birthDate: string; cpnsStart: string; sex: 'L' | 'P'; sequence: number }): string {
  const birth = digitsOnly(p.birthDate, 'tanggal lahir', 8, 'makeNip');
  const start = digitsOnly(p.cpnsStart, 'TMT CPNS', 6, 'makeNip');
  const sex = sexCode(p.sex, 'makeNip') === 'L' ? '1' : '2';
  return birth + start + sex + sequenceDigits(p.sequence, 3, 'makeNip');
}

/**
 * Builds a NIK: region code (6 digits) + DDMMYY (day + 40 for women) + 4-digit sequence.
 * birthDate 'YYYY-MM-DD' or 'YYYYMMDD'.
 */
export function makeNik(p: { regionCode: string; birthDate: string; sex: 'L' | 'P'; sequence: number }): string {
  const region = digitsOnly(p.regionCode, 'kode wilayah', 6, 'makeNik');
  const birth = digitsOnly(p.birthDate, 'tanggal lahir', 8, 'makeNik');
  const day = Number(birth.slice(6, 8)) + (sexCode(p.sex, 'makeNik') === 'P' ? NIK_FEMALE_DAY_OFFSET : 0);
  return region + pad(day, 2) + birth.slice(4, 6) + birth.slice(2, 4) + sequenceDigits(p.sequence, 4, 'makeNik');
}
