import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { UniqueConstraintError, type CreationAttributes, type Model, type ModelStatic, type Transaction } from 'sequelize';
import { referenceData, type Category } from '../config/reference-data.js';
import type { Database } from '../src/db/index.js';
import type { SubmissionEvent } from '../src/db/models/index.js';
import type { AuditService } from '../src/domain/audit/audit.service.js';
import { makeNik, makeNip, daysInMonth } from '../src/domain/employees/nip-nik.js';
import { openPlacements } from '../src/domain/employees/employee-placement.js';
import { SYSTEM_ACTOR } from '../src/domain/shared/actor.js';
import type { EmployeeType, Role, SubmissionStatus } from '../src/domain/shared/constants.js';
import { addDays, daysBetween, jakartaDate, startOfJakartaDay } from '../src/domain/shared/time.js';
import { makeDemoPdf } from './demo-pdf.js';
import {
  ADMIN_JOBS,
  APPROVAL_OVERRIDE_REASON,
  BKN_REJECT_NOTES,
  BKN_RETURN_NOTES,
  ENTRY_RANK,
  REJECT_NOTES,
  REJECT_NOTES_PENDIDIKAN,
  RETURN_NOTES,
  SCHOOL_ADMIN,
  TEACHER,
  TICKET_TEXTS,
  ahliJob,
  healthJobs,
  personName,
  phoneNumber,
  proposedValues,
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
import { Rng } from './demo-random.js';
import { KARANGANYAR_OPDS, PUSKESMAS, RSUD_UNITS, type KaranganyarOpd } from './karanganyar-opds.js';

/**
 * The deterministic demo data set for the embedded quick start: Kabupaten Karanganyar's OPDs,
 * ~9,000 ASN, one PDM campaign in the middle of its verification phase (day 4), submissions in
 * every status with their history, real small PDFs, demo accounts for every role, helpdesk
 * tickets and the two report schedules.
 *
 * - Idempotent: does nothing when any OPD exists.
 * - One transaction: nothing half-written. (PDF files are content-addressed and written before
 *   their rows; a rolled-back seed may leave unreferenced files, never a row without its file.)
 * - Deterministic: a seeded PRNG; the same options (seed, employees, now) give the same data.
 *   All timestamps derive from `now`.
 */

export interface DemoSeedOptions {
  /** The audit trail (the container's): the seed leaves one 'seed' row. */
  audit: AuditService;
  /** The password of every demo account (hashed once with bcrypt, cost 10). */
  password: string;
  /** "Now"; the campaign is placed so that today (Asia/Jakarta) is day 4 of verification. */
  now?: Date;
  /** Where document files go: `<uploadDir>/<sha[0..2]>/<sha>.pdf`. */
  uploadDir: string;
  /** Number of employees; default 9000. */
  employees?: number;
  /** PRNG seed; default 20210810. */
  seed?: number;
}

export interface DemoSeedResult {
  seeded: boolean;
  opds: number;
  employees: number;
  users: number;
  submissions: number;
  documents: number;
}

export const DEFAULT_DEMO_EMPLOYEES = 9000;
export const DEFAULT_DEMO_SEED = 20210810;
/** Submissions that carry scanned documents (each gets one PDF per required document type). */
export const DEMO_DOCUMENT_SUBMISSIONS = 300;
export const DEMO_TICKETS = 60;
export const DEMO_EMAIL_DOMAIN = 'pdm.example';
/** Employees' own e-mail addresses (never a real domain). */
const EMPLOYEE_EMAIL_DOMAIN = 'asn.pdm.example';
const BCRYPT_COST = 10;
const CHUNK = 500;

/** The 2021 round (Instruksi Bupati Karanganyar 800/29/2021): its dates, and the phase lengths every demo round keeps. */
export const PDM_2021_DATES = {
  helpdeskStart: '2021-08-10',
  selfUpdateStart: '2021-08-15',
  selfUpdateEnd: '2021-08-25',
  verificationStart: '2021-08-26',
  verificationEnd: '2021-09-04',
  approvalStart: '2021-09-05',
  approvalEnd: '2021-09-14',
} as const;
export type CampaignDates = { -readonly [K in keyof typeof PDM_2021_DATES]: string };

/** Today (Asia/Jakarta) is this day of the demo campaign's verification phase. */
export const DEMO_VERIFICATION_DAY = 4;

/**
 * The demo campaign's dates: the 2021 phases shifted so that `now`'s date in Asia/Jakarta is
 * day 4 of the verification phase (verification started three days ago).
 */
export function demoCampaignDates(now: Date): CampaignDates {
  const verificationStart = addDays(jakartaDate(now), -(DEMO_VERIFICATION_DAY - 1));
  const shift = daysBetween(PDM_2021_DATES.verificationStart, verificationStart);
  const out = {} as CampaignDates;
  for (const [k, v] of Object.entries(PDM_2021_DATES)) out[k as keyof CampaignDates] = addDays(v, shift);
  return out;
}

// ---------------------------------------------------------------------------
// The plan: every row, built in memory from the PRNG before anything is written
// ---------------------------------------------------------------------------

type ActorKey = 'system' | 'helpdesk' | 'verifier' | 'bkn' | 'approver';
const ACTOR_ROLE: Record<ActorKey, Role | 'system'> = {
  system: 'system',
  helpdesk: 'helpdesk',
  verifier: 'verifier',
  bkn: 'bkn_validator',
  approver: 'approver',
};

interface PlannedOpd {
  data: KaranganyarOpd;
  staff: number;
  activationRate: number;
  passwordRate: number;
  submitRate: number;
  /** Share of submissions the OPD's verifier has already handled. */
  diligence: number;
}

interface PlannedEmployee {
  opd: number;
  nip: string;
  nik: string;
  name: string;
  employeeType: EmployeeType;
  unit: string;
  position: string;
  rankGrade: string;
  birthDate: string;
  sex: Sex;
  email: string | null;
  phone: string | null;
  activatedAt: Date | null;
  passwordChangedAt: Date | null;
  startYear: number;
  kecamatan: string;
}

interface PlannedEvent {
  from: SubmissionStatus | null;
  to: SubmissionStatus;
  at: Date;
  actor: ActorKey;
  note: string | null;
  overrideReason: string | null;
}

interface PlannedSubmission {
  employee: number;
  opd: number;
  category: string;
  proposedValues: Record<string, unknown>;
  source: 'import' | 'panel';
  submittedAt: Date;
  events: PlannedEvent[];
}

interface PlannedDocument {
  submission: number;
  documentType: string;
  originalName: string;
  bytes: Buffer;
  sha256: string;
  createdAt: Date;
  byHelpdesk: boolean;
}

interface PlannedTicket {
  employee: number | null;
  opd: number | null;
  nip: string | null;
  reporterName: string;
  reporterPhone: string | null;
  kind: string;
  description: string;
  status: string;
  handled: boolean;
  resolution: string | null;
  resolvedAt: Date | null;
  createdAt: Date;
}

interface PlannedUser {
  email: string;
  name: string;
  role: Role;
  opd: number | null;
}

interface Plan {
  dates: CampaignDates;
  year: number;
  setupAt: Date;
  opds: PlannedOpd[];
  employees: PlannedEmployee[];
  submissions: PlannedSubmission[];
  documents: PlannedDocument[];
  tickets: PlannedTicket[];
  users: PlannedUser[];
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** MySQL DATETIME keeps whole seconds: round every planned instant so both databases agree. */
const sec = (t: number): Date => new Date(Math.floor(t / 1000) * 1000);
const wib = (ymd: string, hours: number): number => startOfJakartaDay(ymd).getTime() + hours * HOUR;

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
    out[i]! += 1;
    left -= 1;
  }
  return out.map((n) => n + floor);
}

const CATEGORY_WEIGHTS: Record<string, number> = {
  data_personal: 24,
  keluarga: 18,
  pendidikan: 16,
  jabatan: 14,
  pangkat: 6,
  diklat: 6,
  skp: 5,
  cpns_pns: 3,
  penghargaan: 3,
  organisasi: 2,
  pmk: 1.5,
  cltn: 1,
  pindah_instansi: 1,
};
/** Categories that do not apply to PPPK (no CPNS/PNS decree, no rank, no CLTN or transfer). */
const NOT_FOR_PPPK = new Set(['cpns_pns', 'pangkat', 'pmk', 'cltn', 'pindah_instansi']);

const PPPK_SHARE: Record<KaranganyarOpd['profile'], number> = { education: 0.27, health: 0.15, hospital: 0.16, kecamatan: 0.04, general: 0.05 };
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

const KECAMATAN = KARANGANYAR_OPDS.filter((o) => o.kind === 'kecamatan').map((o) => ({
  name: o.name.replace(/^Kecamatan /, ''),
  regionCode: o.regionCode!,
  weight: o.staff,
}));

/** State schools per kecamatan (SD Negeri n, SMP Negeri n, TK Negeri Pembina), weighted by size. */
const SCHOOLS: Array<readonly [string, number]> = KECAMATAN.flatMap((k) => {
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

const TMT_MONTHS = [[1, 5], [3, 3], [4, 2], [2, 1], [6, 1], [12, 1]] as const;
const TMT_WAVES: ReadonlyArray<readonly [readonly [number, number], number]> = [
  [[1986, 1999], 14],
  [[2000, 2004], 12],
  [[2005, 2009], 30],
  [[2010, 2014], 12],
  [[2015, 2018], 4],
  [[2019, 9999], 28],
] as const;

function randomDay(rng: Rng, year: number): string {
  const m = rng.int(1, 12);
  const d = rng.int(1, daysInMonth(year, m));
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** An instant on a working day hour (07:30–16:30 WIB) between lo and hi, or uniform when none fits. */
function workInstant(rng: Rng, lo: number, hi: number): number {
  const firstDay = jakartaDate(new Date(lo));
  const days = daysBetween(firstDay, jakartaDate(new Date(hi)));
  for (let i = 0; i < 6; i++) {
    const t = wib(addDays(firstDay, rng.int(0, days)), 7.5 + rng.float() * 9);
    if (t >= lo && t <= hi) return t;
  }
  return lo + rng.float() * (hi - lo);
}

/** `count` increasing instants in [lo, hi], at least a minute apart. */
function increasingInstants(rng: Rng, lo: number, hi: number, count: number): Date[] {
  const ts = Array.from({ length: count }, () => workInstant(rng, lo, hi)).sort((a, b) => a - b);
  for (let i = 1; i < ts.length; i++) if (ts[i]! < ts[i - 1]! + MIN) ts[i] = ts[i - 1]! + MIN + rng.int(0, 30) * MIN;
  return ts.map((t) => sec(Math.min(t, hi)));
}

function buildPlan(opts: { now: Date; employees: number; seed: number }): Plan {
  const { now } = opts;
  const root = new Rng(opts.seed);
  const dates = demoCampaignDates(now);
  const year = Number(dates.selfUpdateStart.slice(0, 4));
  const nowMs = now.getTime();
  const latest = nowMs - 5 * MIN;
  const setupAt = sec(wib(addDays(dates.helpdeskStart, -14), 8));
  const ref = referenceData();

  // --- OPDs and their campaign engagement -------------------------------------------------
  const rngOpd = root.fork('opds');
  const counts = allocate(opts.employees, KARANGANYAR_OPDS.map((o) => o.staff), 3);
  const opds: PlannedOpd[] = KARANGANYAR_OPDS.map((data, i) => {
    const e = data.engagement;
    return {
      data,
      staff: counts[i]!,
      activationRate: e === 'lagging' ? rngOpd.between(0.45, 0.6) : e === 'leading' ? rngOpd.between(0.93, 0.98) : rngOpd.between(0.8, 0.92),
      passwordRate: e === 'lagging' ? rngOpd.between(0.55, 0.7) : e === 'leading' ? rngOpd.between(0.88, 0.95) : rngOpd.between(0.75, 0.85),
      submitRate: e === 'lagging' ? rngOpd.between(0.6, 0.75) : e === 'leading' ? rngOpd.between(0.85, 0.92) : rngOpd.between(0.75, 0.88),
      diligence: e === 'lagging' ? rngOpd.between(0.08, 0.2) : e === 'leading' ? rngOpd.between(0.6, 0.8) : rngOpd.between(0.3, 0.55),
    };
  });

  // --- Employees -----------------------------------------------------------------------------
  const rngEmp = root.fork('employees');
  const employees: PlannedEmployee[] = [];
  const nips = new Set<string>();
  const niks = new Set<string>();
  const nowYm = Number(jakartaDate(now).slice(0, 4)) * 12 + Number(jakartaDate(now).slice(5, 7)) - 1;
  const activationDays = daysBetween(dates.helpdeskStart, dates.selfUpdateEnd) + 1;
  const helpdeskDays = daysBetween(dates.helpdeskStart, dates.selfUpdateStart);

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

      let birthYear: number;
      let startYear: number;
      let startBlock: string;
      if (type === 'PPPK') {
        // PPPK were first appointed in 2019; the NIP carries the appointment year and "21".
        const apptHi = Math.max(2019, year - 1);
        startYear = rngEmp.int(Math.max(2019, apptHi - 3), apptHi);
        birthYear = rngEmp.int(Math.max(1965, startYear - 56), Math.min(2000, startYear - minAge));
        startBlock = `${startYear}21`;
      } else {
        let startMonth: number;
        if (type === 'CPNS') {
          const ym = nowYm - rngEmp.int(2, 18);
          startYear = Math.floor(ym / 12);
          startMonth = (ym % 12) + 1;
        } else {
          const range = post ? ([1986, Math.min(2008, year - 15)] as const) : rngEmp.weighted(TMT_WAVES);
          const hi = Math.min(range[1], year - 2);
          startYear = rngEmp.int(Math.min(range[0], hi), hi);
          startMonth = rngEmp.weighted(TMT_MONTHS);
          // Born 1965 or later and at least `minAge` at TMT CPNS.
          startYear = Math.max(startYear, 1965 + minAge);
        }
        const lo = Math.max(minAge, startYear - 2000);
        const hi = Math.max(lo, Math.min(35, startYear - 1965));
        const age = lo + Math.floor(rngEmp.float() ** 1.4 * (hi - lo + 1));
        birthYear = startYear - age;
        startBlock = `${startYear}${String(startMonth).padStart(2, '0')}`;
      }
      const birthDate = randomDay(rngEmp, birthYear);

      // Unit and place of residence (NIK region).
      const unitKind = job.unit === 'any' ? (opd.profile === 'education' ? (rngEmp.chance(0.6) ? 'school' : 'office') : opd.profile === 'health' ? (rngEmp.chance(0.6) ? 'puskesmas' : 'office') : opd.profile === 'hospital' ? 'hospital' : 'office') : job.unit;
      let unit: string;
      if (post) unit = post.startsWith('Asisten ') ? opd.name : (opd.units.find((u) => post.endsWith(u.replace(/^(Bagian|Bidang|Seksi|Subbagian) /, ''))) ?? opd.units[0]!);
      else if (unitKind === 'school' && opd.profile === 'education') unit = rngEmp.weighted(SCHOOLS);
      else if (unitKind === 'puskesmas' && opd.profile === 'health') unit = rngEmp.chance(0.88) ? rngEmp.pick(PUSKESMAS) : rngEmp.pick(opd.units);
      else if (opd.profile === 'hospital') unit = rngEmp.chance(0.85) ? rngEmp.pick(RSUD_UNITS) : rngEmp.pick(opd.units);
      else unit = rngEmp.pick(opd.units);
      const home = (opd.regionCode && rngEmp.chance(0.7) ? KECAMATAN.find((x) => x.regionCode === opd.regionCode) : null) ??
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
      const suffix = edu === 'SMA' ? null : post ? rngEmp.pick(['S.Sos., M.M.', 'S.E., M.M.', 'S.H., M.H.', 'S.IP., M.Si.', 'S.T., M.T.', 'S.Sos.', 'S.E.']) : job.suffix(rngEmp, sex);
      const name = withTitles(plain, prefix, suffix);
      const email = rngEmp.chance(0.9) ? `${slug(plain)}.${nip.slice(-4)}@${EMPLOYEE_EMAIL_DOMAIN}` : null;
      const phone = rngEmp.chance(0.95) ? phoneNumber(rngEmp) : null;

      // MySAPK activation (helpdesk and self-update phases), then the forced password change.
      let activatedAt: Date | null = null;
      let passwordChangedAt: Date | null = null;
      if (rngEmp.chance(po.activationRate)) {
        const day = rngEmp.weighted(Array.from({ length: activationDays }, (_, d) => [d, d < helpdeskDays ? 3 : d >= activationDays - 2 ? 4 : 2] as const));
        activatedAt = sec(wib(addDays(dates.helpdeskStart, day), 6 + rngEmp.float() * 16));
        if (rngEmp.chance(po.passwordRate)) {
          const delay = rngEmp.chance(0.7) ? rngEmp.between(3 * MIN, 45 * MIN) : rngEmp.between(1 * DAY, 4 * DAY);
          passwordChangedAt = sec(Math.min(activatedAt.getTime() + delay, latest));
        }
      }

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

  // --- Submissions and their history ------------------------------------------------------------
  const rngSub = root.fork('submissions');
  const categories = ref.categories;
  const categoryWeights = (type: EmployeeType) =>
    categories.filter((c) => type !== 'PPPK' || !NOT_FOR_PPPK.has(c.code)).map((c) => [c, CATEGORY_WEIGHTS[c.code] ?? 1] as const);
  const weightsByType: Record<EmployeeType, Array<readonly [Category, number]>> = {
    PNS: categoryWeights('PNS'),
    CPNS: categoryWeights('CPNS'),
    PPPK: categoryWeights('PPPK'),
  };
  const suStart = wib(dates.selfUpdateStart, 6);
  const suEnd = wib(dates.selfUpdateEnd, 23);
  const verLo = wib(dates.verificationStart, 7.5);
  const submissions: PlannedSubmission[] = [];

  const planSubmission = (empIdx: number, category: Category, submittedAt: Date, processed: boolean) => {
    const e = employees[empIdx]!;
    const bkn = category.validatedByBkn;
    const retNote = () => rngSub.pick([...(RETURN_NOTES[category.code] ?? []), ...RETURN_NOTES._any!, ...(RETURN_NOTES[category.code] ?? [])]);
    const rejNote = () => rngSub.pick(category.code === 'pendidikan' ? REJECT_NOTES_PENDIDIKAN : REJECT_NOTES);
    type Step = [SubmissionStatus | null, SubmissionStatus, ActorKey, string | null, string | null];
    const source: 'import' | 'panel' = rngSub.chance(0.12) ? 'panel' : 'import';
    const steps: Step[] = [[null, 'submitted', source === 'panel' ? 'helpdesk' : 'system', null, null]];
    if (processed) {
      const outcome = rngSub.weighted(
        bkn
          ? ([['verified', 40], ['validated', 18], ['needs_fix', 12], ['bkn_return', 6], ['rejected', 5], ['bkn_reject', 3], ['resubmitted', 8], ['fixed_verified', 4], ['approved', 4]] as const)
          : ([['verified', 58], ['needs_fix', 20], ['rejected', 7], ['resubmitted', 8], ['fixed_verified', 4], ['approved', 3]] as const),
      );
      switch (outcome) {
        case 'verified':
          steps.push(['submitted', 'verified', 'verifier', null, null]);
          break;
        case 'validated':
          steps.push(['submitted', 'verified', 'verifier', null, null], ['verified', 'validated', 'bkn', null, null]);
          break;
        case 'needs_fix':
          steps.push(['submitted', 'needs_fix', 'verifier', retNote(), null]);
          break;
        case 'bkn_return':
          steps.push(['submitted', 'verified', 'verifier', null, null], ['verified', 'needs_fix', 'bkn', rngSub.pick(BKN_RETURN_NOTES), null]);
          break;
        case 'rejected':
          steps.push(['submitted', 'rejected', 'verifier', rejNote(), null]);
          break;
        case 'bkn_reject':
          steps.push(['submitted', 'verified', 'verifier', null, null], ['verified', 'rejected', 'bkn', rngSub.pick(BKN_REJECT_NOTES), null]);
          break;
        case 'resubmitted':
          steps.push(['submitted', 'needs_fix', 'verifier', retNote(), null], ['needs_fix', 'submitted', source === 'panel' ? 'helpdesk' : 'system', null, null]);
          break;
        case 'fixed_verified':
          steps.push(['submitted', 'needs_fix', 'verifier', retNote(), null], ['needs_fix', 'submitted', source === 'panel' ? 'helpdesk' : 'system', null, null], ['submitted', 'verified', 'verifier', null, null]);
          break;
        case 'approved':
          steps.push(['submitted', 'verified', 'verifier', null, null]);
          if (bkn) steps.push(['verified', 'validated', 'bkn', null, null]);
          steps.push([bkn ? 'validated' : 'verified', 'approved', 'approver', null, APPROVAL_OVERRIDE_REASON]);
          break;
      }
    }
    const later = increasingInstants(rngSub, Math.max(verLo, submittedAt.getTime() + HOUR), latest, steps.length - 1);
    const times = [submittedAt, ...later];
    const opdData = opds[e.opd]!.data;
    submissions.push({
      employee: empIdx,
      opd: e.opd,
      category: category.code,
      proposedValues: proposedValues(rngSub, category.code, {
        name: e.name,
        sex: e.sex,
        position: e.position,
        unit: e.unit,
        rankGrade: e.rankGrade,
        employeeType: e.employeeType,
        birthYear: Number(e.birthDate.slice(0, 4)),
        startYear: e.startYear,
        year,
        kecamatan: opdData.kind === 'kecamatan' ? opdData.name.replace(/^Kecamatan /, '') : e.kecamatan,
      }),
      source,
      submittedAt,
      events: steps.map(([from, to, actor, note, overrideReason], i) => ({ from, to, at: times[i]!, actor, note, overrideReason })),
    });
  };

  const usedCategories = new Map<number, Set<string>>();
  employees.forEach((e, empIdx) => {
    const po = opds[e.opd]!;
    if (!e.passwordChangedAt) return;
    const lo = Math.max(e.passwordChangedAt.getTime() + 5 * MIN, suStart);
    if (lo >= suEnd - HOUR || !rngSub.chance(po.submitRate)) return;
    const n = rngSub.weighted([[1, 50], [2, 32], [3, 18]] as const);
    const chosen = new Set<string>();
    for (let i = 0; i < n * 3 && chosen.size < n; i++) chosen.add(rngSub.weighted(weightsByType[e.employeeType]).code);
    usedCategories.set(empIdx, chosen);
    let i = 0;
    for (const code of chosen) {
      // Skewed towards the deadline, as every real round is.
      const t = lo + (suEnd - lo) * rngSub.float() ** 0.7;
      planSubmission(empIdx, ref.category(code)!, sec(t + i++ * 97_000), rngSub.chance(po.diligence));
    }
  });
  // Every category appears at least once (when there is anyone to submit it).
  for (const c of categories) {
    if (submissions.some((s) => s.category === c.code)) continue;
    const candidate = [...usedCategories.entries()].find(([idx, set]) => set.size < 3 && !set.has(c.code) && (employees[idx]!.employeeType !== 'PPPK' || !NOT_FOR_PPPK.has(c.code)));
    if (!candidate) continue;
    const [idx, set] = candidate;
    set.add(c.code);
    const e = employees[idx]!;
    const lo = Math.max(e.passwordChangedAt!.getTime() + 5 * MIN, suStart);
    planSubmission(idx, c, sec(lo + (suEnd - lo) * rngSub.float() + 3 * 97_000), rngSub.chance(opds[e.opd]!.diligence));
  }

  // --- Documents: ~300 submissions carry one PDF per required type ----------------------------
  const rngDoc = root.fork('documents');
  const scored = submissions.map((s, i) => {
    const processed = s.events.length > 1;
    return { i, key: rngDoc.float() ** (1 / (processed ? 3 : 1)) };
  });
  scored.sort((a, b) => b.key - a.key || a.i - b.i);
  const withDocs = scored.slice(0, DEMO_DOCUMENT_SUBMISSIONS).map((x) => x.i).sort((a, b) => a - b);
  const documents: PlannedDocument[] = [];
  for (const si of withDocs) {
    const s = submissions[si]!;
    const e = employees[s.employee]!;
    const cat = ref.category(s.category)!;
    const types = cat.requiredDocumentTypes.length ? cat.requiredDocumentTypes : [cat.documentTypes[0]!];
    for (const type of types) {
      const label = ref.documentType(type)?.label ?? type;
      const bytes = makeDemoPdf(`SALINAN ${label.toUpperCase()} - ${e.name}`, [
        `NIP ${e.nip}`,
        `${e.position} - ${e.unit}`,
        opds[s.opd]!.data.name,
        `Usul pemutakhiran: ${cat.label}`,
      ]);
      documents.push({
        submission: si,
        documentType: type,
        originalName: `${type}_${e.nip}.pdf`,
        bytes,
        sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
        // Imported with the submission (a few seconds after it).
        createdAt: sec(s.submittedAt.getTime() + rngDoc.int(1, 120) * 1000),
        byHelpdesk: s.source === 'panel',
      });
    }
  }

  // --- Helpdesk tickets ------------------------------------------------------------------------
  const rngTic = root.fork('tickets');
  const tickets: PlannedTicket[] = [];
  const activated = employees.map((e, i) => [e, i] as const).filter(([e]) => e.activatedAt);
  const notActivated = employees.map((e, i) => [e, i] as const).filter(([e]) => !e.activatedAt);
  const submitters = [...usedCategories.keys()];
  const hdStart = wib(dates.helpdeskStart, 7.5);
  const ticketCount = employees.length ? DEMO_TICKETS : 0;
  for (let n = 0; n < ticketCount; n++) {
    const kind = rngTic.weighted([['login_activation', 30], ['forgot_password', 20], ['upload', 18], ['submission', 15], ['other', 12]] as const);
    let text = rngTic.pick(TICKET_TEXTS[kind]!);
    let empIdx: number | null = null;
    let createdAt: number;
    let status = rngTic.weighted([['resolved', 50], ['closed', 22], ['in_progress', 12], ['open', 16]] as const);
    if (kind === 'login_activation' && (status === 'resolved' || status === 'closed') && activated.length) {
      // Solved activation problems: the employee activated right after the helpdesk helped.
      const [e, i] = rngTic.pick(activated);
      empIdx = i;
      createdAt = Math.max(hdStart, e.activatedAt!.getTime() - rngTic.between(2 * HOUR, 2 * DAY));
      if (createdAt >= e.activatedAt!.getTime() - 20 * MIN) createdAt = e.activatedAt!.getTime() - 20 * MIN;
    } else if (kind === 'login_activation' && notActivated.length) {
      const [, i] = rngTic.pick(notActivated);
      empIdx = i;
      createdAt = workInstant(rngTic, verLo - 2 * DAY, latest - HOUR);
    } else if (kind === 'submission' && submitters.length) {
      empIdx = rngTic.pick(submitters);
      const first = Math.min(...submissions.filter((s) => s.employee === empIdx).map((s) => s.submittedAt.getTime()));
      createdAt = workInstant(rngTic, first + 30 * MIN, latest - HOUR);
    } else if (kind === 'other' && rngTic.chance(0.3)) {
      // A school operator asking on behalf of teachers: no single employee.
      text = TICKET_TEXTS.other!.find((t) => t.description.startsWith('Operator')) ?? text;
      createdAt = workInstant(rngTic, hdStart, suEnd);
    } else if (activated.length) {
      const [e, i] = rngTic.pick(activated);
      empIdx = i;
      const lo = kind === 'upload' ? Math.max(suStart, e.activatedAt!.getTime()) : e.activatedAt!.getTime();
      createdAt = workInstant(rngTic, lo + 30 * MIN, rngTic.chance(0.85) ? Math.max(lo + HOUR, suEnd) : latest - HOUR);
    } else {
      createdAt = workInstant(rngTic, hdStart, latest - HOUR);
    }
    createdAt = Math.min(createdAt, latest - HOUR);
    let resolvedAt: number | null = null;
    if (status === 'resolved' || status === 'closed') {
      resolvedAt = kind === 'login_activation' && empIdx !== null && employees[empIdx]!.activatedAt
        ? employees[empIdx]!.activatedAt!.getTime() - rngTic.between(1, 15) * MIN
        : createdAt + rngTic.between(10 * MIN, 30 * HOUR);
      if (resolvedAt <= createdAt) resolvedAt = createdAt + 5 * MIN;
      if (resolvedAt > latest) {
        resolvedAt = null;
        status = 'in_progress';
      }
    }
    const e = empIdx === null ? null : employees[empIdx]!;
    const school = rngTic.weighted(SCHOOLS);
    tickets.push({
      employee: empIdx,
      opd: e ? e.opd : opds.findIndex((o) => o.data.profile === 'education'),
      nip: e ? e.nip : null,
      reporterName: e ? e.name : `Operator ${school}`,
      reporterPhone: e ? e.phone : phoneNumber(rngTic),
      kind,
      description: text.description,
      status,
      handled: status !== 'open',
      resolution: resolvedAt !== null ? text.resolution : null,
      resolvedAt: resolvedAt !== null ? sec(resolvedAt) : null,
      createdAt: sec(createdAt),
    });
  }
  tickets.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());

  // --- Users -------------------------------------------------------------------------------------
  const rngUsr = root.fork('users');
  const bkpsdm = opds.find((o) => o.data.code === 'BKPSDM')?.data;
  const users: PlannedUser[] = [
    { email: `admin@${DEMO_EMAIL_DOMAIN}`, name: 'Administrator Sistem BKPSDM', role: 'admin', opd: null },
    { email: `approver@${DEMO_EMAIL_DOMAIN}`, name: `Kepala BKPSDM Kabupaten Karanganyar${bkpsdm ? ` (${bkpsdm.headName})` : ''}`, role: 'approver', opd: null },
    { email: `helpdesk@${DEMO_EMAIL_DOMAIN}`, name: 'Helpdesk BKPSDM (Lantai 2)', role: 'helpdesk', opd: null },
    { email: `bkn@${DEMO_EMAIL_DOMAIN}`, name: 'Verifikator Kanreg I BKN Yogyakarta', role: 'bkn_validator', opd: null },
    { email: `bupati@${DEMO_EMAIL_DOMAIN}`, name: 'Bupati Karanganyar', role: 'regent', opd: null },
  ];
  opds.forEach((o, i) => {
    const code = o.data.code.toLowerCase();
    const sex: Sex = rngUsr.chance(0.5) ? 'P' : 'L';
    users.push(
      { email: `verifikator.${code}@${DEMO_EMAIL_DOMAIN}`, name: withTitles(personName(rngUsr, sex), null, rngUsr.pick(['S.Sos.', 'S.E.', 'S.H.', 'S.IP.', 'A.Md.'])), role: 'verifier', opd: i },
      { email: `sekretaris.${code}@${DEMO_EMAIL_DOMAIN}`, name: o.data.secretaryName, role: 'secretary', opd: i },
      { email: `kepala.${code}@${DEMO_EMAIL_DOMAIN}`, name: o.data.headName, role: 'opd_head', opd: i },
    );
  });

  return { dates, year, setupAt, opds, employees, submissions, documents, tickets, users };
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

async function insertAll<M extends Model & { id: number }>(model: ModelStatic<M>, rows: CreationAttributes<M>[], transaction: Transaction): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const created = await model.bulkCreate(rows.slice(i, i + CHUNK), { transaction });
    for (const row of created) {
      const id = Number(row.get('id'));
      if (!Number.isInteger(id) || id <= 0) throw new Error(`Seeder: id baris ${model.name} tidak dikembalikan oleh database`);
      ids.push(id);
    }
  }
  return ids;
}

/** Writes a content-addressed file (`<dir>/<sha[0..2]>/<sha>.pdf`) via a temp name and rename. */
function storeFile(uploadDir: string, sha: string, bytes: Buffer): string {
  const key = `${sha.slice(0, 2)}/${sha}.pdf`;
  const target = path.join(uploadDir, key);
  if (fs.existsSync(target) && fs.statSync(target).size === bytes.length) return key;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, bytes, { flag: 'wx' });
  fs.renameSync(tmp, target);
  return key;
}

const NOT_SEEDED: DemoSeedResult = { seeded: false, opds: 0, employees: 0, users: 0, submissions: 0, documents: 0 };

export async function seedDemo(db: Database, opts: DemoSeedOptions): Promise<DemoSeedResult> {
  if (!opts.password) throw new Error('Seeder demo: kata sandi akun demo wajib diisi');
  if (!opts.uploadDir) throw new Error('Seeder demo: direktori unggahan wajib diisi');
  const employeesWanted = opts.employees ?? DEFAULT_DEMO_EMPLOYEES;
  if (!Number.isInteger(employeesWanted) || employeesWanted < 0) throw new Error(`Seeder demo: jumlah pegawai tidak valid (${employeesWanted})`);
  const m = db.models;
  if ((await m.Opd.count()) > 0) return NOT_SEEDED;

  const now = opts.now ?? new Date();
  const plan = buildPlan({ now, employees: employeesWanted, seed: opts.seed ?? DEFAULT_DEMO_SEED });
  const passwordHash = await bcrypt.hash(opts.password, BCRYPT_COST);

  try {
    return await db.sequelize.transaction(async (transaction) => {
      // Checked again inside the transaction: another instance may have seeded meanwhile.
      if ((await m.Opd.count({ transaction })) > 0) return NOT_SEEDED;
      const { dates, setupAt } = plan;

      const opdIds = await insertAll(
        m.Opd,
        plan.opds.map(({ data }) => ({
          code: data.code,
          name: data.name,
          kind: data.kind,
          address: data.address,
          headName: data.headName,
          headEmail: `kepala.${data.code.toLowerCase()}@${DEMO_EMAIL_DOMAIN}`,
          secretaryName: data.secretaryName,
          secretaryEmail: `sekretaris.${data.code.toLowerCase()}@${DEMO_EMAIL_DOMAIN}`,
          active: true,
          createdAt: setupAt,
          updatedAt: setupAt,
        })),
        transaction,
      );

      // Demo accounts; an account that already exists (e.g. made with user:create) is kept as it is.
      const existing = await m.User.findAll({ where: { email: plan.users.map((u) => u.email) }, attributes: ['id', 'email'], transaction });
      const userIdByEmail = new Map(existing.map((u) => [u.email, u.id]));
      const newUsers = plan.users.filter((u) => !userIdByEmail.has(u.email));
      const newUserIds = await insertAll(
        m.User,
        newUsers.map((u) => ({
          email: u.email,
          name: u.name,
          passwordHash,
          role: u.role,
          opdId: u.opd === null ? null : opdIds[u.opd]!,
          active: true,
          locale: 'id',
          lastLoginAt: null,
          passwordChangedAt: null,
          createdAt: setupAt,
          updatedAt: setupAt,
        })),
        transaction,
      );
      newUsers.forEach((u, i) => userIdByEmail.set(u.email, newUserIds[i]!));
      const userId = (email: string) => userIdByEmail.get(email) ?? null;
      const verifierOf = plan.opds.map((o) => userId(`verifikator.${o.data.code.toLowerCase()}@${DEMO_EMAIL_DOMAIN}`));
      const helpdeskId = userId(`helpdesk@${DEMO_EMAIL_DOMAIN}`);
      const actorId = (actor: ActorKey, opd: number): number | null =>
        actor === 'verifier' ? verifierOf[opd]! : actor === 'bkn' ? userId(`bkn@${DEMO_EMAIL_DOMAIN}`) : actor === 'approver' ? userId(`approver@${DEMO_EMAIL_DOMAIN}`) : actor === 'helpdesk' ? helpdeskId : null;

      const employeeIds = await insertAll(
        m.Employee,
        plan.employees.map((e) => ({
          nip: e.nip,
          nik: e.nik,
          name: e.name,
          employeeType: e.employeeType,
          opdId: opdIds[e.opd]!,
          unit: e.unit,
          position: e.position,
          rankGrade: e.rankGrade,
          birthDate: e.birthDate,
          sex: e.sex,
          email: e.email,
          phone: e.phone,
          mysapkActivatedAt: e.activatedAt,
          passwordChangedAt: e.passwordChangedAt,
          serviceBlocked: false,
          serviceBlockedAt: null,
          active: true,
          createdAt: setupAt,
          updatedAt: e.passwordChangedAt ?? e.activatedAt ?? setupAt,
        })),
        transaction,
      );

      // Their placement history: one open period from the setup (employee-placement.ts).
      await openPlacements(
        m,
        plan.employees.map((e, i) => ({ id: employeeIds[i]!, opdId: opdIds[e.opd]!, active: true, createdAt: setupAt })),
        transaction,
      );

      const campaignRows = [];
      if (plan.year > 2021) {
        campaignRows.push({
          name: 'PDM ASN 2021',
          year: 2021,
          ...PDM_2021_DATES,
          active: false,
          notes: 'Instruksi Bupati Karanganyar Nomor 800/29/2021 tentang Pemutakhiran Data Mandiri ASN.',
          createdAt: sec(wib('2021-07-26', 8)),
          updatedAt: sec(wib('2021-09-20', 8)),
        });
      }
      campaignRows.push({
        name: `PDM ASN ${plan.year}`,
        year: plan.year,
        ...dates,
        active: true,
        notes: 'Data demo: jadwal mengikuti panjang tahap tahun 2021; hari ini adalah hari ke-4 tahap verifikasi.',
        createdAt: setupAt,
        updatedAt: setupAt,
      });
      const campaignIds = await insertAll(m.Campaign, campaignRows, transaction);
      const campaignId = campaignIds[campaignIds.length - 1]!;

      const submissionIds = await insertAll(
        m.Submission,
        plan.submissions.map((s) => {
          const last = s.events[s.events.length - 1]!;
          const lastAt = (to: SubmissionStatus) => [...s.events].reverse().find((ev) => ev.to === to)?.at ?? null;
          const final = last.to === 'approved' || last.to === 'rejected';
          const noted = [...s.events].reverse().find((ev) => ev.note);
          return {
            employeeId: employeeIds[s.employee]!,
            opdId: opdIds[s.opd]!,
            campaignId,
            category: s.category,
            proposedValues: s.proposedValues,
            status: last.to,
            submittedAt: s.submittedAt,
            verifiedAt: ['verified', 'validated', 'approved'].includes(last.to) || (last.to !== 'submitted' && last.from === 'verified') ? lastAt('verified') : null,
            validatedAt: last.to === 'validated' || last.to === 'approved' ? lastAt('validated') : null,
            decidedAt: final ? last.at : null,
            lastNote: noted?.note ?? null,
            source: s.source,
            version: s.events.length - 1,
            createdAt: s.submittedAt,
            updatedAt: last.at,
          };
        }),
        transaction,
      );

      const eventRows: CreationAttributes<SubmissionEvent>[] = [];
      plan.submissions.forEach((s, i) => {
        for (const ev of s.events) {
          eventRows.push({
            submissionId: submissionIds[i]!,
            opdId: opdIds[s.opd]!,
            fromStatus: ev.from,
            toStatus: ev.to,
            actorUserId: actorId(ev.actor, s.opd),
            actorRole: ACTOR_ROLE[ev.actor],
            note: ev.note,
            overrideReason: ev.overrideReason,
            createdAt: ev.at,
          });
        }
      });
      await insertAll(m.SubmissionEvent, eventRows, transaction);

      const documentRows = plan.documents.map((d) => {
        const s = plan.submissions[d.submission]!;
        return {
          submissionId: submissionIds[d.submission]!,
          opdId: opdIds[s.opd]!,
          documentType: d.documentType,
          originalName: d.originalName,
          size: d.bytes.length,
          sha256: d.sha256,
          storageKey: storeFile(opts.uploadDir, d.sha256, d.bytes),
          mimeType: 'application/pdf',
          uploadedBy: d.byHelpdesk ? helpdeskId : null,
          createdAt: d.createdAt,
          updatedAt: d.createdAt,
        };
      });
      await insertAll(m.Document, documentRows, transaction);

      await insertAll(
        m.HelpdeskTicket,
        plan.tickets.map((t) => ({
          employeeId: t.employee === null ? null : employeeIds[t.employee]!,
          opdId: t.opd === null || t.opd < 0 ? null : opdIds[t.opd]!,
          nip: t.nip,
          reporterName: t.reporterName,
          reporterPhone: t.reporterPhone,
          kind: t.kind,
          description: t.description,
          status: t.status,
          handlerUserId: t.handled ? helpdeskId : null,
          resolution: t.resolution,
          resolvedAt: t.resolvedAt,
          createdAt: t.createdAt,
          updatedAt: t.resolvedAt ?? t.createdAt,
        })),
        transaction,
      );

      await insertAll(
        m.ReportSchedule,
        [
          { name: 'Laporan harian OPD', reportKind: 'opd' as const, cron: '0 7 * * *', ccSecretary: true },
          { name: 'Laporan mingguan Bupati', reportKind: 'regency' as const, cron: '0 7 * * 1', ccSecretary: true },
        ].map((s) => ({
          ...s,
          campaignId,
          activeFrom: dates.helpdeskStart,
          activeUntil: addDays(dates.approvalEnd, 7),
          extraRecipients: null,
          enabled: true,
          createdAt: setupAt,
          updatedAt: setupAt,
        })),
        transaction,
      );

      const result: DemoSeedResult = {
        seeded: true,
        opds: opdIds.length,
        employees: employeeIds.length,
        users: newUserIds.length,
        submissions: submissionIds.length,
        documents: documentRows.length,
      };
      await opts.audit.record(
        SYSTEM_ACTOR,
        {
          action: 'seed',
          resource: 'demo',
          after: { ...result, submissionEvents: eventRows.length, helpdeskTickets: plan.tickets.length, campaign: `PDM ASN ${plan.year}`, now: now.toISOString() },
          message: `Data demo dibuat: ${result.opds} OPD, ${result.employees} pegawai, ${result.submissions} usulan, ${result.documents} dokumen`,
        },
        transaction,
      );
      return result;
    });
  } catch (err) {
    // A concurrent seed won the race (unique OPD code): that is "already seeded", not a failure.
    if (err instanceof UniqueConstraintError && (await m.Opd.count()) > 0) return NOT_SEEDED;
    throw err;
  }
}
