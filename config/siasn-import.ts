import fs from 'node:fs';
import { z } from 'zod';
import { EMPLOYEE_TYPES, SUBMISSION_STATUSES, type EmployeeType, type SubmissionStatus } from '../src/domain/shared/constants.js';
import { normaliseWord } from '../src/domain/imports/words.js';
import { referenceData, type ReferenceData } from './reference-data.js';

/**
 * The SIASN vocabulary of the imports (config/siasn-import.json): column aliases per import
 * profile, and SIASN's words for employee types, usul categories and statuses. BKN changes these
 * between releases, so they are data. This module validates the file (zod, plus the checks zod
 * cannot express: codes that exist, no word mapped twice) and returns it as plain data; the
 * profiles in src/domain/imports build their lookups from it.
 */

const words = <T extends z.ZodType>(value: T) => z.object({ _note: z.string().optional(), words: z.record(z.string().min(1), value) });
const aliases = z.array(z.string().trim().min(1)).min(1);
const profile = <S extends Record<string, typeof aliases>>(columns: S) =>
  z.strictObject({ label: z.string().min(1), columns: z.strictObject(columns) });

const FileSchema = z.object({
  _note: z.string().optional(),
  employeeTypes: words(z.enum(EMPLOYEE_TYPES)),
  categories: words(z.string().regex(/^[a-z_]+$/)),
  statuses: words(z.enum(SUBMISSION_STATUSES)),
  profiles: z.strictObject({
    asn: profile({
      pnsId: aliases,
      nip: aliases,
      name: aliases,
      frontTitle: aliases,
      backTitle: aliases,
      birthDate: aliases,
      sex: aliases,
      nik: aliases,
      phone: aliases,
      email: aliases,
      employeeType: aliases,
      legalStatus: aliases,
      rankGrade: aliases,
      position: aliases,
      unitId: aliases,
      unitName: aliases,
    }),
    aktivasi: profile({ nip: aliases, name: aliases, activatedAt: aliases, passwordChangedAt: aliases }),
    usul: profile({ nip: aliases, name: aliases, category: aliases, submittedAt: aliases, status: aliases, reason: aliases }),
  }),
});

type File = z.infer<typeof FileSchema>;
export type ImportProfileCode = keyof File['profiles'];
export const IMPORT_PROFILE_CODES: readonly ImportProfileCode[] = ['asn', 'aktivasi', 'usul'];
export type ProfileColumns<P extends ImportProfileCode> = File['profiles'][P]['columns'];
export type ProfileField<P extends ImportProfileCode> = keyof ProfileColumns<P> & string;

export interface SiasnImportConfig {
  employeeTypes: Readonly<Record<string, EmployeeType>>;
  categories: Readonly<Record<string, string>>;
  statuses: Readonly<Record<string, SubmissionStatus>>;
  profiles: { [P in ImportProfileCode]: { label: string; columns: ProfileColumns<P> } };
}

export class SiasnImportConfigError extends Error {}

function checkWords(where: string, map: Record<string, string>, problems: string[], allowed?: (v: string) => boolean): void {
  const seen = new Map<string, string>();
  for (const [word, value] of Object.entries(map)) {
    const key = normaliseWord(word);
    if (!key) problems.push(`${where}: kata kosong`);
    const before = seen.get(key);
    if (before !== undefined && before !== value) problems.push(`${where}: "${word}" dipetakan dua kali (${before} dan ${value})`);
    seen.set(key, value);
    if (allowed && !allowed(value)) problems.push(`${where}: "${word}" → "${value}" tidak terdaftar`);
  }
}

/** Validates the parsed JSON. Throws SiasnImportConfigError listing every problem. */
export function parseSiasnImportConfig(raw: unknown, reference: ReferenceData, source = 'siasn-import.json'): SiasnImportConfig {
  const parsed = FileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new SiasnImportConfigError(`${source} tidak valid:\n${lines.join('\n')}`);
  }
  const data = parsed.data;
  const problems: string[] = [];
  checkWords('employeeTypes', data.employeeTypes.words, problems);
  checkWords('categories', data.categories.words, problems, (code) => reference.category(code) !== undefined);
  checkWords('statuses', data.statuses.words, problems);
  for (const code of IMPORT_PROFILE_CODES) {
    const owner = new Map<string, string>();
    for (const [field, list] of Object.entries<string[]>(data.profiles[code].columns)) {
      for (const alias of list) {
        const key = normaliseWord(alias);
        const other = owner.get(key);
        if (other !== undefined && other !== field)
          problems.push(`profiles.${code}: judul kolom "${alias}" dipakai oleh ${other} dan ${field}`);
        owner.set(key, field);
      }
    }
  }
  if (problems.length) throw new SiasnImportConfigError(`${source} tidak valid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return {
    employeeTypes: data.employeeTypes.words,
    categories: data.categories.words,
    statuses: data.statuses.words,
    profiles: data.profiles,
  };
}

/** Next to this module in the source tree; from dist/config/ it is two levels up. */
function defaultFile(): URL {
  const candidates = [new URL('./siasn-import.json', import.meta.url), new URL('../../config/siasn-import.json', import.meta.url)];
  return candidates.find((u) => fs.existsSync(u)) ?? candidates[0];
}

export function loadSiasnImportConfig(file: URL | string = defaultFile(), reference: ReferenceData = referenceData()): SiasnImportConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SiasnImportConfigError(`${String(file)} tidak dapat dibaca: ${(err as Error).message}`);
  }
  return parseSiasnImportConfig(raw, reference, String(file));
}

let cached: SiasnImportConfig | null = null;
export function siasnImportConfig(): SiasnImportConfig {
  cached ??= loadSiasnImportConfig();
  return cached;
}
