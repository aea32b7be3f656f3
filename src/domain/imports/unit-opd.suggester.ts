/**
 * Suggests the OPD of a SIASN work unit (UNOR NAMA) for the admin who maps unknown units. Pure:
 * given the OPD list (code, name, kind). A suggestion carries an Indonesian reason and a
 * confidence; when two OPDs fit equally, or nothing fits clearly, there is no suggestion —
 * a wrong OPD would put employees in another OPD's reports.
 */

export interface OpdRef {
  id: number;
  code: string;
  name: string;
  kind: string;
}

export type SuggestionRule =
  'same_name' | 'same_name_without_prefix' | 'puskesmas' | 'school' | 'kecamatan' | 'kelurahan_desa' | 'contains_name';

export interface UnitSuggestion {
  opd: OpdRef;
  rule: SuggestionRule;
  /** 0..1: 1 for the same name, lower for rules that assume. */
  confidence: number;
  /** Bahasa Indonesia, shown beside the suggestion. */
  reason: string;
}

/** Confidence per rule (the order of the rules is the order they are tried). */
export const SUGGESTION_CONFIDENCE: Record<SuggestionRule, number> = {
  same_name: 1,
  same_name_without_prefix: 0.85,
  puskesmas: 0.9,
  school: 0.9,
  kecamatan: 0.95,
  kelurahan_desa: 0.6,
  contains_name: 0.75,
};

/** Lower case, punctuation as spaces, single spaces. */
export function normaliseUnitName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[.,;:()/\\'"`_-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Leading words that say what kind of OPD it is, not which one. */
const KIND_PREFIX = /^(dinas|badan|kantor|kecamatan|inspektorat|sekretariat|satuan)\s+/;
const PUSKESMAS = /^(upt |uptd )?(puskesmas|pustu|puskesmas pembantu)\b/;
const SCHOOL =
  /^(upt |uptd |satuan pendidikan )?(sd|sdn|smp|smpn|tk|tkn|slb|paud|kb|sps|sekolah dasar|sekolah menengah pertama|taman kanak kanak)( negeri| swasta| n)?\b/;
/** Upper secondary schools belong to the province, not to a regency's Dinas Pendidikan. */
const PROVINCIAL_SCHOOL = /^(sma|sman|smk|smkn|ma|man|sekolah menengah atas|sekolah menengah kejuruan)\b/;
const TERRITORY = /^(kecamatan|kelurahan|desa)\s+(.+)$/;

const containsWords = (haystack: string, needle: string) => ` ${haystack} `.includes(` ${needle} `);

function single<T>(list: T[]): T | null {
  return list.length === 1 ? list[0] : null;
}

export function suggestOpdForUnit(unitName: string, opds: readonly OpdRef[]): UnitSuggestion | null {
  const unit = normaliseUnitName(unitName);
  if (unit === '') return null;
  const named = opds.map((opd) => {
    const name = normaliseUnitName(opd.name);
    return { opd, name, stem: name.replace(KIND_PREFIX, '') };
  });
  const make = (opd: OpdRef, rule: SuggestionRule, reason: string): UnitSuggestion => ({
    opd,
    rule,
    confidence: SUGGESTION_CONFIDENCE[rule],
    reason,
  });

  const same = single(named.filter((o) => o.name === unit));
  if (same) return make(same.opd, 'same_name', `Nama unit sama dengan nama OPD "${same.opd.name}"`);

  const sameStem = named.filter((o) => o.stem !== o.name && o.stem === unit);
  if (sameStem.length === 1) {
    const o = sameStem[0];
    return make(o.opd, 'same_name_without_prefix', `Nama unit sama dengan nama OPD "${o.opd.name}" tanpa awalan jenisnya`);
  }
  if (sameStem.length > 1) return null;

  if (PUSKESMAS.test(unit)) {
    const health = single(named.filter((o) => o.name.startsWith('dinas kesehatan')));
    return health ? make(health.opd, 'puskesmas', `Puskesmas adalah unit pelaksana teknis ${health.opd.name}`) : null;
  }
  if (PROVINCIAL_SCHOOL.test(unit)) return null;
  const school = SCHOOL.exec(unit);
  if (school) {
    const education = single(named.filter((o) => o.name.startsWith('dinas pendidikan')));
    const level = school[2].toUpperCase();
    return education ? make(education.opd, 'school', `Sekolah (${level}) berada di bawah ${education.opd.name}`) : null;
  }

  const territory = TERRITORY.exec(unit);
  if (territory) {
    const [, what, place] = territory as unknown as [string, string, string];
    const kecamatan = single(
      named.filter((o) => o.opd.kind === 'kecamatan' && (o.stem === place || (what === 'kecamatan' && place.startsWith(`${o.stem} `)))),
    );
    if (kecamatan) {
      if (what === 'kecamatan') return make(kecamatan.opd, 'kecamatan', `Unit kecamatan: ${kecamatan.opd.name}`);
      const label = what === 'desa' ? 'Desa' : 'Kelurahan';
      return make(
        kecamatan.opd,
        'kelurahan_desa',
        `${label} ${unitName.trim().split(/\s+/).slice(1).join(' ')} diasumsikan berada di ${kecamatan.opd.name} (nama sama); periksa sebelum menyimpan`,
      );
    }
  }

  // The longest OPD name found in the unit's name (a multi-word stem counts too: a one-word
  // stem such as "Jaten" or "Kesehatan" says too little).
  let best: { opd: OpdRef; length: number }[] = [];
  for (const o of named) {
    const candidates = [o.name, ...(o.stem !== o.name && o.stem.includes(' ') ? [o.stem] : [])];
    for (const c of candidates) {
      if (!containsWords(unit, c)) continue;
      if (best.length === 0 || c.length > best[0].length) best = [{ opd: o.opd, length: c.length }];
      else if (c.length === best[0].length && !best.some((b) => b.opd.id === o.opd.id)) best.push({ opd: o.opd, length: c.length });
    }
  }
  const contained = single(best);
  return contained ? make(contained.opd, 'contains_name', `Nama unit memuat nama OPD "${contained.opd.name}"`) : null;
}
