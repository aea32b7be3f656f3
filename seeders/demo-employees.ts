import type { EmployeeType } from '../src/domain/shared/constants.js';
import { makeNik, makeNip } from '../src/domain/employees/nip-nik.js';
import { jakartaDate } from '../src/domain/shared/time.js';
import { DAY, MIN, daysFrom, plusDays, randomDay, sec, wib, type PlanClock } from './demo-calendar.js';
import {
  ADMIN_JOBS,
  ENTRY_RANK,
  SCHOOL_ADMIN,
  TEACHER,
  ahliJob,
  healthJobs,
  personName,
  phoneNumber,
  rankAfter,
  rankIndex,
  RANKS,
  slug,
  terampilJob,
  withTitles,
  type Education,
  type JobPick,
  type Sex,
} from './demo-people.js';
import type { PlannedEmployee, PlannedOpd } from './demo-rows.js';
import type { Rng } from './demo-random.js';
import { KARANGANYAR_OPDS, PUSKESMAS, RSUD_UNITS, type KaranganyarOpd } from './karanganyar-opds.js';

/**
 * The demo's people: the Karanganyar OPDs with how engaged each is in the round, and their ASN —
 * a realistic mix of PNS, CPNS and PPPK with valid NIP/NIK, ranks that follow service years,
 * units, and MySAPK activation and password change during the helpdesk and self-update phases.
 */

/** Employees' own e-mail addresses (never a real domain). */
const EMPLOYEE_EMAIL_DOMAIN = 'asn.pdm.example';

/** Splits `total` over `weights` (largest remainder), giving every entry at least `min` when possible. */
function allocate(total: number, weights: number[], min: number): number[] {
  const floor = total >= min * weights.length ? min : 0;
  const rest = total - floor * weights.length;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (rest * w) / sum);
  const out = exact.map((x) => Math.floor(x));
  let left = rest - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i] += 1;
    left -= 1;
  }
  return out.map((n) => n + floor);
}

const PPPK_SHARE: Record<KaranganyarOpd['profile'], number> = {
  education: 0.27,
  health: 0.15,
  hospital: 0.16,
  kecamatan: 0.04,
  general: 0.05,
};
const CPNS_SHARE = 0.03;

function functionalJobs(opd: KaranganyarOpd): Array<readonly [JobPick, number]> {
  const out: Array<readonly [JobPick, number]> = [];
  for (const f of opd.functional) {
    if (f.levels !== 'terampil') out.push([ahliJob(f.base), f.levels === 'both' ? f.weight / 2 : f.weight]);
    if (f.levels !== 'ahli') out.push([terampilJob(f.base), f.levels === 'both' ? f.weight / 2 : f.weight]);
  }
  return out;
}

/** Weighted job list of an OPD, built once. */
function jobsOf(opd: KaranganyarOpd): Array<readonly [JobPick, number]> {
  const scale = (list: Array<readonly [JobPick, number]>, share: number) => {
    const sum = list.reduce((a, [, w]) => a + w, 0) || 1;
    return list.map(([j, w]) => [j, (w / sum) * share] as const);
  };
  const fn = functionalJobs(opd);
  switch (opd.profile) {
    case 'education':
      return [[TEACHER, 0.86], [SCHOOL_ADMIN, 0.06], ...scale(ADMIN_JOBS, 0.05), ...scale(fn, 0.03)];
    case 'health':
      return [...scale(healthJobs(false), 0.84), ...scale(ADMIN_JOBS, 0.14), ...scale(fn, 0.02)];
    case 'hospital':
      return [...scale(healthJobs(true), 0.85), ...scale(ADMIN_JOBS, 0.14), ...scale(fn, 0.01)];
    case 'kecamatan':
      return [...scale(ADMIN_JOBS, 0.75), ...scale(fn, 0.25)];
    default:
      return fn.length ? [...scale(ADMIN_JOBS, 0.55), ...scale(fn, 0.45)] : ADMIN_JOBS;
  }
}

export const KECAMATAN = KARANGANYAR_OPDS.filter((o) => o.kind === 'kecamatan').map((o) => ({
  name: o.name.replace(/^Kecamatan /, ''),
  regionCode: o.regionCode!,
  weight: o.staff,
}));

/** State schools per kecamatan (SD Negeri n, SMP Negeri n, TK Negeri Pembina), weighted by size. */
export const SCHOOLS: Array<readonly [string, number]> = KECAMATAN.flatMap((k) => {
  const sd = Math.round(k.weight / 4);
  const smp = k.weight >= 30 ? 3 : 2;
  return [
    ...Array.from({ length: sd }, (_, i) => [`SD Negeri ${i + 1} ${k.name}`, 10] as const),
    ...Array.from({ length: smp }, (_, i) => [`SMP Negeri ${i + 1} ${k.name}`, 28] as const),
    [`TK Negeri Pembina ${k.name}`, 3] as const,
  ];
});

function kecamatanOfUnit(unit: string): (typeof KECAMATAN)[number] | null {
  return KECAMATAN.find((k) => unit.endsWith(` ${k.name}`) || unit.includes(` ${k.name} `)) ?? null;
}

/** Structural posts need seniority: heads of sections/subsections at least III/d, heads of divisions and above IV/a. */
function minRankForStructural(post: string): number {
  return /^(Kepala Subbagian|Kepala Seksi)/.test(post) ? 11 : 12;
}

const TMT_MONTHS = [
  [1, 5],
  [3, 3],
  [4, 2],
  [2, 1],
  [6, 1],
  [12, 1],
] as const;
const TMT_WAVES: ReadonlyArray<readonly [readonly [number, number], number]> = [
  [[1986, 1999], 14],
  [[2000, 2004], 12],
  [[2005, 2009], 30],
  [[2010, 2014], 12],
  [[2015, 2018], 4],
  [[2019, 9999], 28],
] as const;

/** Every Karanganyar OPD with its share of `employees` and how it takes part in the round. */
export function planOpds(rngOpd: Rng, employees: number): PlannedOpd[] {
  const counts = allocate(
    employees,
    KARANGANYAR_OPDS.map((o) => o.staff),
    3,
  );
  return KARANGANYAR_OPDS.map((data, i) => {
    const e = data.engagement;
    return {
      data,
      staff: counts[i],
      activationRate:
        e === 'lagging' ? rngOpd.between(0.45, 0.6) : e === 'leading' ? rngOpd.between(0.93, 0.98) : rngOpd.between(0.8, 0.92),
      passwordRate: e === 'lagging' ? rngOpd.between(0.55, 0.7) : e === 'leading' ? rngOpd.between(0.88, 0.95) : rngOpd.between(0.75, 0.85),
      submitRate: e === 'lagging' ? rngOpd.between(0.6, 0.75) : e === 'leading' ? rngOpd.between(0.85, 0.92) : rngOpd.between(0.75, 0.88),
      diligence: e === 'lagging' ? rngOpd.between(0.08, 0.2) : e === 'leading' ? rngOpd.between(0.6, 0.8) : rngOpd.between(0.3, 0.55),
    };
  });
}

/** The OPDs' ASN, OPD by OPD. */
export function planEmployees(rngEmp: Rng, clock: PlanClock, opds: PlannedOpd[]): PlannedEmployee[] {
  const { now, year } = clock;
  const employees: PlannedEmployee[] = [];
  const nips = new Set<string>();
  const niks = new Set<string>();
  const nowYm = Number(jakartaDate(now).slice(0, 4)) * 12 + Number(jakartaDate(now).slice(5, 7)) - 1;

  opds.forEach((po, opdIdx) => {
    const opd = po.data;
    const jobs = jobsOf(opd);
    const structural = po.staff >= opd.structural.length * 3 ? opd.structural : opd.structural.slice(0, Math.floor(po.staff / 3));
    for (let k = 0; k < po.staff; k++) {
      const post = structural[k];
      const job: JobPick = post
        ? { ...ahliJob('Analis Kebijakan'), position: () => post, pppk: null, edu: rngEmp.chance(0.5) ? 'S2' : 'S1' }
        : rngEmp.weighted(jobs);
      let type: EmployeeType = 'PNS';
      if (!post) {
        const r = rngEmp.float();
        if (r < CPNS_SHARE) type = 'CPNS';
        else if (job.pppk && r < CPNS_SHARE + PPPK_SHARE[opd.profile]) type = 'PPPK';
      }
      const sex: Sex = rngEmp.chance(job.female) ? 'P' : 'L';
      const edu: Education = job.edu;
      const minAge = { SMA: 19, D3: 21, S1: 23, S2: 25 }[edu];

      const { birthYear, startYear, startBlock } = appointment(rngEmp, type, minAge, post, year, nowYm);
      const birthDate = randomDay(rngEmp, birthYear);

      // Place of residence (NIK region): near the OPD, the unit, or anywhere.
      const unit = unitOf(rngEmp, opd, job, post);
      const home =
        (opd.regionCode && rngEmp.chance(0.7) ? KECAMATAN.find((x) => x.regionCode === opd.regionCode) : null) ??
        (rngEmp.chance(0.65) ? kecamatanOfUnit(unit) : null) ??
        rngEmp.weighted(KECAMATAN.map((x) => [x, x.weight] as const));

      let nip = '';
      for (let tries = 0; tries < 50 && (!nip || nips.has(nip)); tries++) {
        nip = makeNip({ birthDate, cpnsStart: startBlock, sex, sequence: rngEmp.int(1, tries < 20 ? 120 : 999) });
      }
      if (nips.has(nip)) throw new Error(`Seeder: tidak dapat membuat NIP unik untuk ${birthDate}`);
      nips.add(nip);
      let nik = '';
      for (let tries = 0; tries < 50 && (!nik || niks.has(nik)); tries++) {
        nik = makeNik({ regionCode: home.regionCode, birthDate, sex, sequence: rngEmp.int(1, 9999) });
      }
      niks.add(nik);

      // Rank/grade and position.
      let rankGrade: string;
      let position: string;
      if (type === 'PPPK') {
        rankGrade = job.pppk!.grade;
        position = job.pppk!.position;
      } else {
        let idx = type === 'CPNS' ? ENTRY_RANK[edu] : rankIndex(rankAfter(edu, year - startYear));
        if (post) idx = Math.max(idx, minRankForStructural(post));
        rankGrade = RANKS[idx]!;
        position = job.position(idx);
      }

      const plain = personName(rngEmp, sex);
      const prefix = job.prefix(rngEmp, sex);
      const suffix =
        edu === 'SMA'
          ? null
          : post
            ? rngEmp.pick(['S.Sos., M.M.', 'S.E., M.M.', 'S.H., M.H.', 'S.IP., M.Si.', 'S.T., M.T.', 'S.Sos.', 'S.E.'])
            : job.suffix(rngEmp, sex);
      const name = withTitles(plain, prefix, suffix);
      const email = rngEmp.chance(0.9) ? `${slug(plain)}.${nip.slice(-4)}@${EMPLOYEE_EMAIL_DOMAIN}` : null;
      const phone = rngEmp.chance(0.95) ? phoneNumber(rngEmp) : null;

      const { activatedAt, passwordChangedAt } = activation(rngEmp, po, clock);

      employees.push({
        opd: opdIdx,
        nip,
        nik,
        name,
        employeeType: type,
        unit,
        position,
        rankGrade,
        birthDate,
        sex,
        email,
        phone,
        activatedAt,
        passwordChangedAt,
        startYear,
        kecamatan: home.name,
      });
    }
  });
  return employees;
}

/** TMT CPNS (or the PPPK appointment) and the birth year, as the NIP carries them (`startBlock`: YYYYMM, or YYYY21 for PPPK). */
function appointment(rng: Rng, type: EmployeeType, minAge: number, post: string | undefined, year: number, nowYm: number) {
  let birthYear: number;
  let startYear: number;
  let startBlock: string;
  if (type === 'PPPK') {
    // PPPK were first appointed in 2019; the NIP carries the appointment year and "21".
    const apptHi = Math.max(2019, year - 1);
    startYear = rng.int(Math.max(2019, apptHi - 3), apptHi);
    birthYear = rng.int(Math.max(1965, startYear - 56), Math.min(2000, startYear - minAge));
    startBlock = `${startYear}21`;
  } else {
    let startMonth: number;
    if (type === 'CPNS') {
      const ym = nowYm - rng.int(2, 18);
      startYear = Math.floor(ym / 12);
      startMonth = (ym % 12) + 1;
    } else {
      const range = post ? ([1986, Math.min(2008, year - 15)] as const) : rng.weighted(TMT_WAVES);
      const hi = Math.min(range[1], year - 2);
      startYear = rng.int(Math.min(range[0], hi), hi);
      startMonth = rng.weighted(TMT_MONTHS);
      // Born 1965 or later and at least `minAge` at TMT CPNS.
      startYear = Math.max(startYear, 1965 + minAge);
    }
    const lo = Math.max(minAge, startYear - 2000);
    const hi = Math.max(lo, Math.min(35, startYear - 1965));
    const age = lo + Math.floor(rng.float() ** 1.4 * (hi - lo + 1));
    birthYear = startYear - age;
    startBlock = `${startYear}${String(startMonth).padStart(2, '0')}`;
  }
  return { birthYear, startYear, startBlock };
}

/** The unit an employee works in: a structural post's own, else by the OPD's kind and the job. */
function unitOf(rng: Rng, opd: KaranganyarOpd, job: JobPick, post: string | undefined): string {
  const unitKind =
    job.unit === 'any'
      ? opd.profile === 'education'
        ? rng.chance(0.6)
          ? 'school'
          : 'office'
        : opd.profile === 'health'
          ? rng.chance(0.6)
            ? 'puskesmas'
            : 'office'
          : opd.profile === 'hospital'
            ? 'hospital'
            : 'office'
      : job.unit;
  let unit: string;
  if (post)
    unit = post.startsWith('Asisten ')
      ? opd.name
      : (opd.units.find((u) => post.endsWith(u.replace(/^(Bagian|Bidang|Seksi|Subbagian) /, ''))) ?? opd.units[0]);
  else if (unitKind === 'school' && opd.profile === 'education') unit = rng.weighted(SCHOOLS);
  else if (unitKind === 'puskesmas' && opd.profile === 'health') unit = rng.chance(0.88) ? rng.pick(PUSKESMAS) : rng.pick(opd.units);
  else if (opd.profile === 'hospital') unit = rng.chance(0.85) ? rng.pick(RSUD_UNITS) : rng.pick(opd.units);
  else unit = rng.pick(opd.units);
  return unit;
}

/** MySAPK activation (helpdesk and self-update phases, busiest at their ends), then the forced password change. */
function activation(rng: Rng, po: PlannedOpd, clock: PlanClock): { activatedAt: Date | null; passwordChangedAt: Date | null } {
  const { dates, latest } = clock;
  const activationDays = daysFrom(dates.helpdeskStart, dates.selfUpdateEnd) + 1;
  const helpdeskDays = daysFrom(dates.helpdeskStart, dates.selfUpdateStart);
  let activatedAt: Date | null = null;
  let passwordChangedAt: Date | null = null;
  if (rng.chance(po.activationRate)) {
    const day = rng.weighted(
      Array.from({ length: activationDays }, (_, d) => [d, d < helpdeskDays ? 3 : d >= activationDays - 2 ? 4 : 2] as const),
    );
    activatedAt = sec(wib(plusDays(dates.helpdeskStart, day), 6 + rng.float() * 16));
    if (rng.chance(po.passwordRate)) {
      const delay = rng.chance(0.7) ? rng.between(3 * MIN, 45 * MIN) : rng.between(1 * DAY, 4 * DAY);
      passwordChangedAt = sec(Math.min(activatedAt.getTime() + delay, latest));
    }
  }
  return { activatedAt, passwordChangedAt };
}
