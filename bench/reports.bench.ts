/**
 * Report benchmark: how long and how much memory the completion reports take for a regency.
 *
 *   npx tsx bench/reports.bench.ts                      # two sizes: 9,000 and 100,000 employees
 *   npx tsx bench/reports.bench.ts --employees 100000   # one size (repeatable / comma list)
 *   options: --opds 40  --repeat 1  --keep (keep the temp dir)  --seed 1
 *            --use-db <file.sqlite> (measure a kept database instead of generating one)
 *
 * For each size it creates a fresh SQLite database in a temp dir (real migrations, migrateUp),
 * fills it with a synthetic regency (bulk inserts), then measures two phases, each in its own
 * child process so that process.resourceUsage().maxRSS is the peak of that phase alone:
 *  - floor: select the same employee rows (keyset pages of 5,000) and stream them through an
 *           exceljs WorkbookWriter with 9 columns, no logic;
 *  - full:  opdSummaries + buildOpdReport + opdReportWorkbook for every OPD (the next OPD's
 *           report is queried while the current workbook is written) + buildRegencyReport
 *           + regencyReportWorkbook (streamed to a file), then the `afterWorkbooks` hook.
 *           Step times in the output overlap because of that pipelining.
 *  - product: the real product path, as the scheduler runs it: createReportServices (SMTP
 *           transport to a loopback smtp-server in the bench parent) and runService.runSchedule
 *           for an 'opd' and a 'regency' schedule (workbooks stored, mails rendered, outbox rows,
 *           every mail handed to SMTP). The parent checks the SMTP server got one message per
 *           OPD with a head e-mail plus one regency message.
 * Memory: peak RSS sampled every 20 ms (process.memoryUsage().rss) and the kernel's maxRSS.
 * Target at 100,000 employees: full <= 2 x floor (wall time) and peak RSS < 300 MB.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { QueryTypes, type Transaction } from 'sequelize';
import ExcelJS from 'exceljs';
import { connect, migrateUp, type Database } from '../src/db/index.js';
import { referenceData } from '../config/reference-data.js';
import { EMPLOYEE_PAGE_SIZE } from '../src/domain/reports/data/employee-detail.js';
import { buildOpdReport } from '../src/domain/reports/data/opd-report.js';
import { buildRegencyReport } from '../src/domain/reports/data/regency-report.js';
import { opdSummaries, type OpdSummary } from '../src/domain/reports/data/summaries.js';
import { opdReportWorkbook } from '../src/domain/reports/workbooks/opd-report.workbook.js';
import { regencyReportWorkbook } from '../src/domain/reports/workbooks/regency-report.workbook.js';
import { reportFileName } from '../src/domain/reports/workbooks/report-file.js';
import type { RunOutcome } from '../src/domain/reports/delivery/run.types.js';
import { startOfJakartaDay } from '../src/domain/shared/time.js';
import { mulberry32 } from '../seeders/demo-random.js';
// smtp-server (parent) and the report services (product child) are imported lazily, so that the
// floor and full children load exactly what they loaded before the product phase existed.

// ---------------------------------------------------------------------------
// The hook for the mail part
// ---------------------------------------------------------------------------

/** One workbook produced by the "full" phase. */
export interface BenchWorkbookFile {
  kind: 'opd' | 'regency';
  opdId: number | null;
  /** Who would receive it (OPD head / Bupati), for the mail hook. */
  to: string | null;
  cc: string | null;
  path: string;
  bytes: number;
  /** The key numbers, as stored per delivery (regency: the totals). */
  summary: OpdSummary;
}

/**
 * Plug mail sending in here (or point BENCH_AFTER_WORKBOOKS at a module exporting
 * `afterWorkbooks`): it runs inside the measured "full" phase, after every workbook is written.
 */
export type AfterWorkbooksHook = (files: BenchWorkbookFile[]) => Promise<void>;
export const afterWorkbooks: AfterWorkbooksHook | undefined = undefined;

// ---------------------------------------------------------------------------
// Synthetic regency
// ---------------------------------------------------------------------------

const REGENCY = 'Kabupaten Karanganyar';
/** 26 November 2026 07.00 WIB */
export const BENCH_AS_OF = new Date('2026-11-26T00:00:00.000Z');
const DAY = 86400000;

const KECAMATAN = [
  'Jatipuro',
  'Jatiyoso',
  'Jumapolo',
  'Jumantono',
  'Matesih',
  'Tawangmangu',
  'Ngargoyoso',
  'Karangpandan',
  'Karanganyar',
  'Tasikmadu',
  'Jaten',
  'Colomadu',
  'Gondangrejo',
  'Kebakkramat',
  'Mojogedang',
  'Kerjo',
  'Jenawi',
];
const OTHER_OPDS: Array<[string, string, string, number]> = [
  // code, name, kind, weight (share of employees; kecamatan weigh 1 each)
  ['DISDIKBUD', 'Dinas Pendidikan dan Kebudayaan', 'dinas', 45],
  ['DINKES', 'Dinas Kesehatan', 'dinas', 9],
  ['RSUD', 'RSUD Kabupaten', 'rsud', 6],
  ['SETDA', 'Sekretariat Daerah', 'sekretariat', 3],
  ['SETWAN', 'Sekretariat DPRD', 'sekretariat', 1],
  ['INSPEKTORAT', 'Inspektorat Daerah', 'inspektorat', 1],
  ['BAPPEDA', 'Badan Perencanaan Pembangunan Daerah', 'badan', 1],
  ['BPKPAD', 'Badan Pengelolaan Keuangan, Pendapatan dan Aset Daerah', 'badan', 1.5],
  ['BKPSDM', 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia', 'badan', 1],
  ['BPBD', 'Badan Penanggulangan Bencana Daerah', 'badan', 0.7],
  ['DPUPR', 'Dinas Pekerjaan Umum dan Penataan Ruang', 'dinas', 2],
  ['DISPERTAN', 'Dinas Pertanian, Ketahanan Pangan dan Perikanan', 'dinas', 2],
  ['DISDUKCAPIL', 'Dinas Kependudukan dan Pencatatan Sipil', 'dinas', 1],
  ['DISHUB', 'Dinas Perhubungan', 'dinas', 1],
  ['DLH', 'Dinas Lingkungan Hidup', 'dinas', 1.5],
  ['DINSOS', 'Dinas Sosial', 'dinas', 0.8],
  ['DISNAKER', 'Dinas Tenaga Kerja dan Perindustrian', 'dinas', 0.8],
  ['DISPARPORA', 'Dinas Pariwisata, Pemuda dan Olahraga', 'dinas', 0.8],
  ['DPMPTSP', 'Dinas Penanaman Modal dan PTSP', 'dinas', 0.6],
  ['KOMINFO', 'Dinas Komunikasi dan Informatika', 'dinas', 0.6],
  ['SATPOLPP', 'Satuan Polisi Pamong Praja', 'satpol_pp', 1.2],
  ['DISDAG', 'Dinas Perdagangan, Koperasi dan UKM', 'dinas', 0.8],
  ['DPPKB', 'Dinas Pengendalian Penduduk dan KB', 'dinas', 1.2],
];

const rng = mulberry32;

const FIRST = [
  'Agus',
  'Budi',
  'Siti',
  'Dewi',
  'Eko',
  'Fitri',
  'Joko',
  'Rina',
  'Sri',
  'Wahyu',
  'Yuni',
  'Heru',
  'Tri',
  'Endang',
  'Bambang',
  'Ratna',
];
const LAST = [
  'Santoso',
  'Wibowo',
  'Lestari',
  'Rahayu',
  'Prasetyo',
  'Susanti',
  'Hidayat',
  'Kurniawan',
  'Wulandari',
  'Saputra',
  'Utami',
  'Nugroho',
];
const UNITS = ['Sekretariat', 'Bidang Program', 'Bidang Pelayanan', 'Bidang Pembinaan', 'UPT Wilayah I', 'UPT Wilayah II', null];
const POSITIONS = [
  'Pengadministrasi Umum',
  'Analis Kepegawaian',
  'Guru Ahli Pertama',
  'Guru Ahli Muda',
  'Perawat Terampil',
  'Penata Kelola',
  'Kepala Seksi',
  null,
];

async function insertChunks(db: Database, table: string, rows: Array<Record<string, unknown>>, transaction?: Transaction): Promise<void> {
  const qi = db.sequelize.getQueryInterface();
  for (let i = 0; i < rows.length; i += 2000) await qi.bulkInsert(table, rows.slice(i, i + 2000), { transaction });
}

export async function generateRegency(
  db: Database,
  opts: { employees: number; opds?: number; seed?: number },
): Promise<{ opds: number; employees: number; submissions: number; events: number; seconds: number }> {
  const t0 = performance.now();
  const rand = rng(opts.seed ?? 1);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)];
  await db.sequelize.query('PRAGMA synchronous = OFF');
  const asOf = BENCH_AS_OF.getTime();
  const created = new Date(asOf - 120 * DAY);

  // OPDs: the big ones, then the 17 kecamatan, up to `opds` in all.
  const nOpds = opts.opds ?? 40;
  const defs: Array<[string, string, string, number]> = [
    ...OTHER_OPDS,
    ...KECAMATAN.map((k) => [`KEC-${k.toUpperCase()}`, `Kecamatan ${k}`, 'kecamatan', 1] as [string, string, string, number]),
  ];
  while (defs.length < nOpds) defs.push([`KANTOR-${defs.length}`, `Kantor ${defs.length}`, 'kantor', 0.5]);
  const opdDefs = defs.slice(0, nOpds);
  await insertChunks(
    db,
    'opds',
    opdDefs.map(([code, name, kind], i) => ({
      id: i + 1,
      code,
      name,
      kind,
      address: null,
      head_name: `Kepala ${name}`,
      head_email: `kepala.${code.toLowerCase()}@pdm.example`,
      secretary_name: null,
      secretary_email: `sekretaris.${code.toLowerCase()}@pdm.example`,
      active: true,
      created_at: created,
      updated_at: created,
    })),
  );
  await insertChunks(db, 'campaigns', [
    {
      id: 1,
      name: 'PDM ASN 2026',
      year: 2026,
      helpdesk_start: '2026-10-20',
      self_update_start: '2026-10-25',
      self_update_end: '2026-11-30',
      verification_start: '2026-10-26',
      verification_end: '2026-12-05',
      approval_start: '2026-10-27',
      approval_end: '2026-12-14',
      active: true,
      notes: null,
      created_at: created,
      updated_at: created,
    },
  ]);
  const totalWeight = opdDefs.reduce((a, d) => a + d[3], 0);
  const cumulative: number[] = [];
  opdDefs.reduce((acc, d) => (cumulative.push(acc + d[3] / totalWeight), acc + d[3] / totalWeight), 0);
  const opdOf = () => {
    const r = rand();
    const i = cumulative.findIndex((c) => r < c);
    return (i < 0 ? opdDefs.length - 1 : i) + 1;
  };

  const categories = referenceData().categories.map((c) => c.code);
  const campaignStart = startOfJakartaDay('2026-10-20').getTime();
  let subId = 0;
  let evId = 0;
  let empCount = 0;
  let subCount = 0;
  let evCount = 0;
  const BATCH = 10000;
  await db.sequelize.transaction(async (t) => {
    for (let base = 0; base < opts.employees; base += BATCH) {
      const emps: Array<Record<string, unknown>> = [];
      const subs: Array<Record<string, unknown>> = [];
      const evs: Array<Record<string, unknown>> = [];
      for (let i = base; i < Math.min(opts.employees, base + BATCH); i++) {
        const id = i + 1;
        const opdId = opdOf();
        const tr = rand();
        const type = tr < 0.7 ? 'PNS' : tr < 0.8 ? 'CPNS' : 'PPPK';
        const active = rand() > 0.02;
        const activated = rand() < 0.88 ? new Date(campaignStart + rand() * 30 * DAY) : null;
        const pw = activated && rand() < 0.9 ? new Date(activated.getTime() + rand() * 2 * DAY) : null;
        const birth = 19600101 + Math.floor(rand() * 40) * 10000 + Math.floor(rand() * 12) * 100 + Math.floor(rand() * 28);
        // 18 digits: birth date, then the id in place of TMT CPNS (unique), sex, sequence
        const nip = `${birth}${String(id).padStart(6, '0')}${rand() < 0.5 ? 1 : 2}${String(id % 1000).padStart(3, '0')}`;
        emps.push({
          id,
          nip,
          nik: null,
          name: `${pick(FIRST)} ${pick(LAST)}`,
          employee_type: type,
          opd_id: opdId,
          unit: pick(UNITS),
          position: pick(POSITIONS),
          rank_grade: null,
          birth_date: null,
          sex: null,
          email: null,
          phone: null,
          mysapk_activated_at: activated,
          password_changed_at: pw,
          service_blocked: false,
          service_blocked_at: null,
          active,
          created_at: created,
          updated_at: created,
        });
        empCount++;
        // 75 % of the activated (and 10 % of the others, via the helpdesk) submit 1..3 usulan.
        if (rand() < (activated ? 0.75 : 0.1)) {
          const n = 1 + Math.floor(rand() * rand() * 3);
          const cats = new Set<string>();
          while (cats.size < n) cats.add(pick(categories));
          for (const category of cats) {
            const submittedAt = new Date(campaignStart + 5 * DAY + rand() * 32 * DAY);
            const r = rand();
            const path: string[] =
              r < 0.45
                ? ['submitted', 'verified', 'approved']
                : r < 0.5
                  ? ['submitted', 'rejected']
                  : r < 0.53
                    ? ['submitted', 'verified', 'rejected']
                    : r < 0.68
                      ? ['submitted']
                      : r < 0.76
                        ? ['submitted', 'needs_fix']
                        : r < 0.9
                          ? ['submitted', 'verified']
                          : ['submitted', 'verified', 'validated'];
            const times = [submittedAt];
            for (let k = 1; k < path.length; k++) times.push(new Date(times[k - 1].getTime() + (0.2 + rand() * 4) * DAY));
            const status = path[path.length - 1];
            const id2 = ++subId;
            subs.push({
              id: id2,
              employee_id: id,
              opd_id: opdId,
              campaign_id: 1,
              category,
              proposed_values: null,
              status,
              submitted_at: submittedAt,
              verified_at: path.includes('verified') ? times[path.indexOf('verified')] : null,
              validated_at: path.includes('validated') ? times[path.indexOf('validated')] : null,
              decided_at: status === 'approved' || status === 'rejected' ? times[times.length - 1] : null,
              last_note: null,
              source: 'panel',
              version: path.length - 1,
              created_at: submittedAt,
              updated_at: times[times.length - 1],
            });
            subCount++;
            for (let k = 0; k < path.length; k++) {
              evs.push({
                id: ++evId,
                submission_id: id2,
                opd_id: opdId,
                from_status: k === 0 ? null : path[k - 1],
                to_status: path[k],
                actor_user_id: null,
                actor_role: k === 0 ? 'system' : path[k - 1] === 'submitted' ? 'verifier' : 'approver',
                note: null,
                override_reason: null,
                created_at: times[k],
              });
              evCount++;
            }
          }
        }
      }
      await insertChunks(db, 'employees', emps, t);
      await insertChunks(db, 'submissions', subs, t);
      await insertChunks(db, 'submission_events', evs, t);
    }
    // Their placement history: one open period from creation (as the migration backfills).
    await db.sequelize.query(
      'INSERT INTO employee_placements (employee_id, opd_id, active, valid_from, valid_to, created_at) SELECT id, opd_id, active, created_at, NULL, created_at FROM employees',
      { transaction: t },
    );
  });
  await db.sequelize.query('PRAGMA synchronous = NORMAL');
  await db.sequelize.query('ANALYZE');
  return { opds: nOpds, employees: empCount, submissions: subCount, events: evCount, seconds: (performance.now() - t0) / 1000 };
}

// ---------------------------------------------------------------------------
// What the product path needs in the database
// ---------------------------------------------------------------------------

export interface ProductSetup {
  opdScheduleId: number;
  regencyScheduleId: number;
  /** Active OPDs with a head e-mail: one OPD mail each. */
  opdsWithHead: number;
}

/**
 * Head/secretary e-mails on every OPD (filled in where empty), one active 'regent' and one
 * 'approver' user, and two enabled report schedules (opd daily, regency weekly; no campaign, no window).
 */
export async function setupProduct(db: Database): Promise<ProductSetup> {
  const { models } = db;
  const emailRe = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
  for (const opd of await models.Opd.findAll()) {
    const slug = opd.code.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
    const patch: Record<string, string> = {};
    if (!opd.headEmail || !emailRe.test(opd.headEmail.trim())) patch.headEmail = `kepala.${slug}@pdm.example`;
    if (!opd.secretaryEmail || !emailRe.test(opd.secretaryEmail.trim())) patch.secretaryEmail = `sekretaris.${slug}@pdm.example`;
    if (Object.keys(patch).length) await opd.update(patch);
  }
  const passwordHash = 'bench-not-a-real-hash';
  if (!(await models.User.findOne({ where: { role: 'regent', active: true } }))) {
    await models.User.create({
      email: 'bupati@pdm.example',
      name: 'Bupati Bench',
      passwordHash,
      role: 'regent',
      opdId: null,
      active: true,
      lastLoginAt: null,
      passwordChangedAt: null,
    });
  }
  if (!(await models.User.findOne({ where: { role: 'approver', active: true } }))) {
    await models.User.create({
      email: 'kepala.bkpsdm.approver@pdm.example',
      name: 'Approver Bench',
      passwordHash,
      role: 'approver',
      opdId: null,
      active: true,
      lastLoginAt: null,
      passwordChangedAt: null,
    });
  }
  const common = { campaignId: null, activeFrom: null, activeUntil: null, ccSecretary: true, extraRecipients: null, enabled: true };
  // Reused by name (a kept database measured again with --use-db).
  const schedule = async (name: string, reportKind: 'opd' | 'regency', cron: string) =>
    (await models.ReportSchedule.findOne({ where: { name } })) ?? models.ReportSchedule.create({ ...common, name, reportKind, cron });
  const opdSchedule = await schedule('Bench laporan OPD harian', 'opd', '0 7 * * *');
  const regencySchedule = await schedule('Bench laporan kabupaten mingguan', 'regency', '0 7 * * 1');
  const opds = await models.Opd.findAll({ where: { active: true } });
  return {
    opdScheduleId: opdSchedule.id,
    regencyScheduleId: regencySchedule.id,
    opdsWithHead: opds.filter((o) => !!o.headEmail && emailRe.test(o.headEmail.trim())).length,
  };
}

/** Loopback SMTP server for the product phase (runs in the bench parent). */
interface BenchSmtp {
  port: number;
  messages: number;
  bytes: number;
  reset(): void;
  close(): Promise<void>;
}

async function startBenchSmtp(): Promise<BenchSmtp> {
  const state = { messages: 0, bytes: 0 };
  const { SMTPServer } = await import('smtp-server');
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 200,
    onData(stream: NodeJS.ReadableStream, _session: unknown, callback: (err?: Error | null, message?: string) => void) {
      let n = 0;
      stream.on('data', (c: Buffer) => (n += c.length));
      stream.on('end', () => {
        state.messages++;
        state.bytes += n;
        callback(null, 'Diterima (bench)');
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    get messages() {
      return state.messages;
    },
    get bytes() {
      return state.bytes;
    },
    reset() {
      state.messages = 0;
      state.bytes = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------------------
// The measured phases
// ---------------------------------------------------------------------------

/** Floor: the same employee rows, streamed through a WorkbookWriter with 9 columns, no logic. */
export async function runFloor(db: Database, asOf: Date, dir: string): Promise<{ rows: number; bytes: number }> {
  const file = path.join(dir, 'floor.xlsx');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: fs.createWriteStream(file), useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('Rincian ASN', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = Array.from({ length: 9 }, () => ({ width: 16 }));
  ws.addRow(['OPD', 'NIP', 'Nama', 'Jenis', 'Aktivasi', 'Ganti Password', 'Unit', 'Jabatan', 'Id']).commit();
  let after = 0;
  let rows = 0;
  for (;;) {
    const page = await db.sequelize.query<Record<string, unknown>>(
      `SELECT e.id, o.name AS opd_name, e.nip, e.name, e.employee_type, e.mysapk_activated_at, e.password_changed_at, e.unit, e.position
       FROM employees e JOIN opds o ON o.id = e.opd_id
       WHERE e.id > :after AND e.active = 1 AND e.created_at <= :asOf
       ORDER BY e.id LIMIT ${EMPLOYEE_PAGE_SIZE}`,
      { type: QueryTypes.SELECT, replacements: { after, asOf } },
    );
    if (page.length === 0) break;
    for (const r of page) {
      ws.addRow([
        r.opd_name,
        r.nip,
        r.name,
        r.employee_type,
        r.mysapk_activated_at,
        r.password_changed_at,
        r.unit,
        r.position,
        r.id,
      ]).commit();
    }
    rows += page.length;
    after = Number(page[page.length - 1].id);
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (page.length < EMPLOYEE_PAGE_SIZE) break;
  }
  ws.commit();
  await wb.commit();
  return { rows, bytes: fs.statSync(file).size };
}

/** Full: every OPD report and workbook, the regency report and its streamed workbook, then the hook. */
export async function runFull(
  db: Database,
  asOf: Date,
  dir: string,
  opts: { afterWorkbooks?: AfterWorkbooksHook } = {},
): Promise<{ files: BenchWorkbookFile[]; steps: Record<string, number> }> {
  const { models } = db;
  const steps: Record<string, number> = {};
  const step = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await f();
    } finally {
      steps[name] = (steps[name] ?? 0) + (performance.now() - t) / 1000;
    }
  };
  const summaries = await step('opdSummaries', () => opdSummaries(models, asOf));
  // "Previous" = what the outbox stored with the last deliveries (here: a JSON copy).
  const previous = new Map<number, OpdSummary>(summaries.map((s) => [s.opdId, JSON.parse(JSON.stringify(s)) as OpdSummary]));
  const files: BenchWorkbookFile[] = [];
  // Pipeline: SQLite answers on its worker thread while exceljs writes on the main thread. The
  // reports of the next OPDs are queried (up to READ_AHEAD ahead) while the current workbook is
  // written, and the regency report right after the last OPD report. Queries still run one at a
  // time on the single connection, in the order they are needed.
  const READ_AHEAD = 2;
  const build = (i: number) =>
    step('buildOpdReport', () => buildOpdReport(models, summaries[i].opdId, asOf, previous.get(summaries[i].opdId) ?? null));
  const queue: Array<ReturnType<typeof build>> = [];
  let next = 0;
  let regencyPromise: Promise<Awaited<ReturnType<typeof buildRegencyReport>>> | null = null;
  const fill = () => {
    while (queue.length < READ_AHEAD && next < summaries.length) {
      const p = build(next++);
      p.catch(() => undefined);
      queue.push(p);
    }
    if (next === summaries.length && !regencyPromise) {
      regencyPromise = step('buildRegencyReport', () => buildRegencyReport(models, asOf, previous));
      regencyPromise.catch(() => undefined);
    }
  };
  fill();
  for (let i = 0; i < summaries.length; i++) {
    const report = await queue.shift()!;
    fill();
    const buf = await step('opdReportWorkbook', () => opdReportWorkbook(report, { regencyName: REGENCY }));
    const file = path.join(dir, reportFileName(report.opd.code, asOf));
    fs.writeFileSync(file, buf);
    files.push({
      kind: 'opd',
      opdId: report.opd.id,
      to: report.opd.headEmail,
      cc: report.opd.secretaryEmail,
      path: file,
      bytes: buf.length,
      summary: report.summary,
    });
  }
  fill();
  const regency = await regencyPromise!;
  const regFile = path.join(dir, reportFileName(REGENCY, asOf));
  await step('regencyReportWorkbook', async () => {
    const out = fs.createWriteStream(regFile);
    const closed = new Promise<void>((resolve, reject) => {
      out.on('close', () => resolve());
      out.on('error', reject);
    });
    await regencyReportWorkbook(regency, { regencyName: REGENCY, models, asOf, out });
    await closed;
  });
  files.push({
    kind: 'regency',
    opdId: null,
    to: null,
    cc: null,
    path: regFile,
    bytes: fs.statSync(regFile).size,
    summary: regency.totals,
  });
  if (opts.afterWorkbooks) await step('afterWorkbooks', () => opts.afterWorkbooks!(files));
  return { files, steps };
}

// ---------------------------------------------------------------------------
// Child: one measured phase
// ---------------------------------------------------------------------------

type Phase = 'floor' | 'full' | 'product';

/** What the product child needs from the parent. */
interface ProductArgs {
  smtpPort: number;
  opdScheduleId: number;
  regencyScheduleId: number;
  /** Repetition index: shifts the fire times so every repetition gets new run keys. */
  rep: number;
}

interface PhaseResult {
  phase: Phase;
  seconds: number;
  /** CPU time of the process (all threads, user + system): steadier than wall time on a busy machine. */
  cpuSeconds: number;
  sampledPeakMb: number;
  maxRssMb: number;
  detail: Record<string, unknown>;
}

async function childMain(phase: Phase, url: string, outDir: string, product: ProductArgs | null): Promise<void> {
  const db = connect(url);
  // Open the connection before measuring.
  await db.sequelize.query('SELECT 1');
  if (phase === 'product') await import('../src/container.js');
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    const r = process.memoryUsage().rss;
    if (r > peak) peak = r;
  }, 20);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let detail: Record<string, unknown>;
  if (phase === 'floor') {
    detail = await runFloor(db, BENCH_AS_OF, outDir);
  } else if (phase === 'product') {
    detail = await runProduct(db, outDir, product!);
  } else {
    let hook: AfterWorkbooksHook | undefined = afterWorkbooks;
    if (process.env.BENCH_AFTER_WORKBOOKS) {
      const mod = (await import(pathToFileURL(path.resolve(process.env.BENCH_AFTER_WORKBOOKS)).href)) as {
        afterWorkbooks?: AfterWorkbooksHook;
      };
      hook = mod.afterWorkbooks;
    }
    const r = await runFull(db, BENCH_AS_OF, outDir, { afterWorkbooks: hook });
    const opdFiles = r.files.filter((f) => f.kind === 'opd');
    detail = {
      workbooks: r.files.length,
      opdBytes: opdFiles.reduce((a, f) => a + f.bytes, 0),
      regencyBytes: r.files.find((f) => f.kind === 'regency')?.bytes,
      steps: Object.fromEntries(Object.entries(r.steps).map(([k, v]) => [k, Number(v.toFixed(2))])),
    };
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  await db.close();
  const result: PhaseResult = {
    phase,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    sampledPeakMb: peak / 1048576,
    // Linux reports maxRSS in kilobytes.
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    detail,
  };
  process.send!(result);
}

/** Product: the scheduler's path (ReportRunService.runSchedule) for the OPD and regency schedules, mail over SMTP. */
async function runProduct(db: Database, outDir: string, p: ProductArgs): Promise<Record<string, unknown>> {
  const varDir = path.join(outDir, 'var');
  const outboxDir = path.join(outDir, 'outbox');
  fs.mkdirSync(varDir, { recursive: true });
  // Loaded before the measurement starts (childMain), like the static imports of the other phases.
  const { createReportServices } = await import('../src/container.js');
  const { AuditService } = await import('../src/domain/audit/audit.service.js');
  const services = createReportServices(
    db,
    {
      smtpUrl: `smtp://127.0.0.1:${p.smtpPort}`,
      outboxDir,
      mailFrom: 'BKPSDM Bench <bkpsdm@pdm.example>',
      mailReplyTo: 'bkpsdm@pdm.example',
      varDir,
      regencyName: REGENCY,
    },
    { audit: new AuditService(db.models), instanceId: 'bench' },
  );
  const t = performance.now();
  // Distinct fire minutes (and per repetition) so every run key is new; the numbers are taken at BENCH_AS_OF.
  const opdFire = new Date(BENCH_AS_OF.getTime() + 2 * p.rep * 60_000);
  const regFire = new Date(BENCH_AS_OF.getTime() + (2 * p.rep + 1) * 60_000);
  let opd: RunOutcome;
  let regency: RunOutcome;
  let opdSeconds: number;
  try {
    opd = await services.runService.runSchedule(p.opdScheduleId, opdFire, { trigger: 'manual', asOf: BENCH_AS_OF });
    opdSeconds = (performance.now() - t) / 1000;
    regency = await services.runService.runSchedule(p.regencyScheduleId, regFire, { trigger: 'manual', asOf: BENCH_AS_OF });
  } finally {
    await services.close();
  }
  const brief = (o: RunOutcome) => ({
    claimed: o.claimed,
    status: o.status,
    ...o.counts,
    ...(o.reason ? { reason: o.reason.slice(0, 300) } : {}),
  });
  return {
    mailsSent: opd.counts.sent + regency.counts.sent,
    mailsFailed: opd.counts.failed + regency.counts.failed,
    opd: brief(opd),
    regency: brief(regency),
    steps: { opdRun: Number(opdSeconds.toFixed(2)), regencyRun: Number(((performance.now() - t) / 1000 - opdSeconds).toFixed(2)) },
  };
}

function runChild(phase: Phase, url: string, outDir: string, product?: ProductArgs): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const extra = product ? ['--product', JSON.stringify(product)] : [];
    const child = fork(fileURLToPath(import.meta.url), ['--child', phase, '--db', url, '--out', outDir, ...extra], {
      execArgv: process.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: PhaseResult | null = null;
    child.on('message', (m) => (result = m as PhaseResult));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 && result ? resolve(result) : reject(new Error(`${phase} child exited with ${code}`))));
  });
}

// ---------------------------------------------------------------------------
// Parent
// ---------------------------------------------------------------------------

function args(): Map<string, string[]> {
  const m = new Map<string, string[]>();
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    if (!a[i].startsWith('--')) continue;
    const key = a[i].slice(2);
    const val = a[i + 1] && !a[i + 1].startsWith('--') ? a[++i] : 'true';
    m.set(key, [...(m.get(key) ?? []), val]);
  }
  return m;
}

async function main(): Promise<void> {
  const a = args();
  if (a.has('child')) {
    const product = a.get('product')?.[0];
    await childMain(a.get('child')![0] as Phase, a.get('db')![0], a.get('out')![0], product ? (JSON.parse(product) as ProductArgs) : null);
    return;
  }
  const sizes = (a.get('employees') ?? ['9000', '100000']).flatMap((s) => s.split(',')).map((s) => Number(s.replace(/[_.]/g, '')));
  const nOpds = Number(a.get('opds')?.[0] ?? 40);
  const repeat = Math.max(1, Number(a.get('repeat')?.[0] ?? 1));
  const keep = a.has('keep');
  const seed = Number(a.get('seed')?.[0] ?? 1);
  const table: Array<Record<string, string>> = [];
  // --use-db <file>: measure an existing (kept) benchmark database instead of generating one.
  const useDb = a.get('use-db')?.[0];
  const smtp = await startBenchSmtp();
  const smtpChecks: string[] = [];
  let runIndex = 0;
  for (const size of useDb ? [0] : sizes) {
    let dir: string;
    let url: string;
    let label = String(size);
    let setup: ProductSetup;
    if (useDb) {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-bench-reuse-'));
      url = `sqlite:${path.resolve(useDb)}`;
      const db = connect(url);
      const [[c]] = (await db.sequelize.query('SELECT COUNT(*) AS n FROM employees')) as unknown as [[{ n: number }]];
      setup = await setupProduct(db);
      await db.close();
      label = String(c.n);
      console.log(`\n[${label}] using ${useDb}`);
    } else {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), `pdm-bench-${size}-`));
      url = `sqlite:${path.join(dir, 'bench.sqlite')}`;
      const db = connect(url);
      await migrateUp(db);
      const gen = await generateRegency(db, { employees: size, opds: nOpds, seed });
      setup = await setupProduct(db);
      await db.close();
      const dbMb = fs.statSync(path.join(dir, 'bench.sqlite')).size / 1048576;
      console.log(
        `\n[${size}] generated ${gen.employees} employees, ${gen.submissions} submissions, ${gen.events} events in ${gen.opds} OPDs ` +
          `(${gen.seconds.toFixed(1)} s, database ${dbMb.toFixed(0)} MB)`,
      );
    }
    const best: Partial<Record<Phase, PhaseResult>> = {};
    for (let r = 0; r < repeat; r++) {
      for (const phase of ['floor', 'full', 'product'] as const) {
        const out = fs.mkdtempSync(path.join(dir, `${phase}-`));
        smtp.reset();
        const productArgs: ProductArgs | undefined =
          phase === 'product'
            ? { smtpPort: smtp.port, opdScheduleId: setup.opdScheduleId, regencyScheduleId: setup.regencyScheduleId, rep: runIndex++ }
            : undefined;
        const res = await runChild(phase, url, out, productArgs);
        console.log(
          `[${label}] ${phase}: ${res.seconds.toFixed(2)} s (cpu ${res.cpuSeconds.toFixed(2)} s), peak RSS ${res.maxRssMb.toFixed(0)} MB (sampled ${res.sampledPeakMb.toFixed(0)} MB) ${JSON.stringify(res.detail)}`,
        );
        if (phase === 'product') {
          const expected = setup.opdsWithHead + 1;
          const ok = smtp.messages === expected;
          const msg =
            `[${label}] SMTP server received ${smtp.messages} message(s), ${(smtp.bytes / 1048576).toFixed(1)} MB; ` +
            `expected ${expected} (${setup.opdsWithHead} OPDs with head e-mail + 1 regency): ${ok ? 'OK' : 'MISMATCH'}`;
          console.log(msg);
          smtpChecks.push(msg);
        }
        if (!best[phase] || res.seconds < best[phase].seconds) best[phase] = res;
        if (!keep) fs.rmSync(out, { recursive: true, force: true });
      }
    }
    const f = best.floor!;
    const u = best.full!;
    const p = best.product!;
    table.push({
      size: label,
      'floor s': f.seconds.toFixed(2),
      'floor MB': f.maxRssMb.toFixed(0),
      'full s': u.seconds.toFixed(2),
      'full MB': u.maxRssMb.toFixed(0),
      'full/floor': (u.seconds / f.seconds).toFixed(2),
      'product s': p.seconds.toFixed(2),
      'product MB': p.maxRssMb.toFixed(0),
      'product/floor': (p.seconds / f.seconds).toFixed(2),
      'product sampled MB': p.sampledPeakMb.toFixed(0),
      'floor cpu s': f.cpuSeconds.toFixed(2),
      'full cpu s': u.cpuSeconds.toFixed(2),
      'product cpu s': p.cpuSeconds.toFixed(2),
      'product cpu ratio': (p.cpuSeconds / f.cpuSeconds).toFixed(2),
      mails: String(p.detail.mailsSent),
    });
    if (keep) console.log(`[${label}] kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `\nReports benchmark (SQLite, ${nOpds} OPDs; best wall time of ${repeat} run(s) per phase; peak = process maxRSS of that run; ` +
      'full = workbooks only; product = runSchedule(opd) + runSchedule(regency): workbooks + mail through loopback SMTP; ' +
      'ratios = wall s / floor wall s; cpu = user+system seconds of the process; MB = maxRSS)',
  );
  const cols = Object.keys(table[0]);
  const width = cols.map((c) => Math.max(c.length, ...table.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(width[i])).join(' | ');
  console.log(line(cols));
  console.log(width.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of table) console.log(line(cols.map((c) => r[c])));
  for (const m of smtpChecks) console.log(m);
  await smtp.close();
  const big = table.find((r) => r.size === '100000');
  if (big) {
    for (const [name, ratioCol, mbCol] of [
      ['full (workbooks only)', 'full/floor', 'full MB'],
      ['product (workbooks + mail)', 'product/floor', 'product MB'],
    ] as const) {
      const okRatio = Number(big[ratioCol]) <= 2;
      const okMem = Number(big[mbCol]) < 300;
      console.log(
        `Target at 100,000, ${name}: <= 2x floor: ${okRatio ? 'OK' : 'NOT MET'} (${big[ratioCol]}x); peak < 300 MB: ${okMem ? 'OK' : 'NOT MET'} (${big[mbCol]} MB)`,
      );
    }
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  main().catch((err: Error & { sql?: string }) => {
    console.error(String(err.stack ?? err).slice(0, 4000));
    process.exit(1);
  });
}
