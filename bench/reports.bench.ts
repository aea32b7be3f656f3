/**
 * Report benchmark: how long and how much memory the completion reports take for a regency,
 * against an honest floor, in pairs.
 *
 *   npm run bench:reports                                   # 9,000 and 100,000 employees, SQLite, 3 pairs
 *   npm run bench:reports -- --employees 100000 --db mariadb
 *   options: --opds 40  --repeat 3 (pairs)  --keep (keep the temp dir / database)  --seed 1
 *            --statements (the statements of each phase by shape)  --full (also the workbooks-only phase)
 *            --use-db <file.sqlite | mysql://…> (measure a kept database instead of generating one)
 *            --mysql-url mysql://root@127.0.0.1:3306/ (where the scratch pdm_bench_reports_<N> go)
 *
 * For each size it creates a fresh database (SQLite: a temp file; MariaDB/MySQL: a scratch
 * database, dropped afterwards), real migrations, fills it with a synthetic regency (bulk
 * inserts), then runs `repeat` pairs, floor and product side by side (the order alternating
 * between pairs), each phase in its own child process so that maxRSS is the peak of that phase:
 *  - floor:   the same work with no product logic (runFloor): plain SQL for the same rows, the
 *             same workbooks and sheets with exceljs' streaming writer, the same mails to the same
 *             loopback SMTP server;
 *  - product: the real product path, as the scheduler runs it: createReportServices (SMTP
 *             transport to a loopback smtp-server in the bench parent) and runService.runSchedule
 *             for an 'opd' and a 'regency' schedule (workbooks stored, mails rendered, outbox rows,
 *             every mail handed to SMTP);
 *  - full (--full): opdSummaries + buildOpdReport + opdReportWorkbook for every OPD +
 *             buildRegencyReport + regencyReportWorkbook, then the `afterWorkbooks` hook (no mail).
 * The parent's SMTP server checks it got one message per OPD with a head e-mail plus one regency
 * message, from the floor and from the product. The summary gives each pair's ratio
 * (product / floor of the same pair: wall time and CPU time), median and range, and the
 * statements each phase sent (lease renewals counted apart).
 * Targets (issue 11): full cycle <= 1.5x the floor at 100,000 ASN, <= 3x at 9,000.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { QueryTypes, type Transaction } from 'sequelize';
import ExcelJS from 'exceljs';
import { connect, dropDatabase, ensureDatabase, migrateUp, type Database } from '../src/db/index.js';
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
  if (db.dialect === 'sqlite') await db.sequelize.query('PRAGMA synchronous = OFF');
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
  if (db.dialect === 'sqlite') await db.sequelize.query('PRAGMA synchronous = NORMAL');
  if (db.dialect === 'sqlite') await db.sequelize.query('ANALYZE');
  else
    for (const t of ['employees', 'submissions', 'submission_events', 'employee_placements'])
      await db.sequelize.query(`ANALYZE TABLE ${t}`);
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

/**
 * Floor: the same work as the product's OPD and regency runs, with no product logic — plain SQL
 * for the same rows (every active employee and every submission of each OPD, its recent
 * history events; for the regency every employee page by page with its submissions), the same
 * number of workbooks with the same sheets and about the same cells written with exceljs'
 * streaming WorkbookWriter into memory (as the product does), each stored as a file, and the
 * same mails (one per OPD to its head, cc its secretary; one regency mail to the Bupati, cc the
 * approvers) with the workbook attached, over a pooled nodemailer SMTP transport to the same
 * loopback server. One OPD after the other, no read-ahead, no outbox, no lease.
 */
export async function runFloor(db: Database, asOf: Date, dir: string, smtpPort: number): Promise<Record<string, unknown>> {
  const nodemailer = (await import('nodemailer')).default;
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: true });
  const select = <T extends object>(sql: string, replacements: Record<string, unknown> = {}) =>
    db.sequelize.query<T>(sql, { type: QueryTypes.SELECT, replacements });
  const day = (v: unknown) => (v ? new Date(v as string).toISOString().slice(0, 10) : null);
  const statuses = ['submitted', 'needs_fix', 'rejected', 'verified', 'validated', 'approved'];
  const sheet = (wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, headers: string[], rows: ExcelJS.CellValue[][]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 5 }], pageSetup: { paperSize: 9, orientation: 'landscape' } });
    ws.columns = headers.map(() => ({ width: 16 }));
    for (const line of ['Laporan', name, asOf.toISOString()]) ws.addRow([line]).commit();
    ws.addRow([]).commit();
    const head = ws.addRow(headers);
    head.font = { bold: true };
    head.commit();
    for (const r of rows) ws.addRow(r).commit();
    ws.autoFilter = { from: { row: 5, column: 1 }, to: { row: 5, column: headers.length } };
    ws.commit();
  };
  const bufferWorkbook = async (build: (wb: ExcelJS.stream.xlsx.WorkbookWriter) => Promise<void> | void): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    const sink = new PassThrough();
    sink.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise<void>((resolve) => sink.on('end', () => resolve()));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
    await build(wb);
    await wb.commit();
    await ended;
    return Buffer.concat(chunks);
  };
  const send = (to: string, cc: string[], subject: string, filename: string, content: Buffer) =>
    transport.sendMail({
      from: 'BKPSDM Bench <bkpsdm@pdm.example>',
      to,
      cc,
      subject,
      text: `${subject}\n\nTerlampir laporan.`,
      html: `<p>${subject}</p><p>Terlampir laporan.</p>`,
      attachments: [{ filename, content, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }],
    });
  const since = new Date(asOf.getTime() - 14 * DAY);
  let statements = 0;
  let rows = 0;
  let bytes = 0;
  let mails = 0;
  let workbooks = 0;
  const q = async <T extends object>(sql: string, r: Record<string, unknown> = {}) => {
    statements++;
    const out = await select<T>(sql, r);
    rows += out.length;
    return out;
  };
  try {
    const opds = await q<{ id: number; code: string; name: string; head_email: string | null; secretary_email: string | null }>(
      'SELECT id, code, name, head_email, secretary_email FROM opds WHERE active = 1 ORDER BY id',
    );
    const ranking: ExcelJS.CellValue[][] = [];
    for (const opd of opds) {
      const emps = await q<Record<string, unknown>>(
        `SELECT id, nip, name, unit, position, employee_type, mysapk_activated_at, password_changed_at
         FROM employees WHERE opd_id = :opd AND active = 1 AND created_at <= :asOf ORDER BY name, id`,
        { opd: opd.id, asOf },
      );
      const subs = await q<{ employee_id: number; category: string; status: string; submitted_at: unknown }>(
        'SELECT employee_id, category, status, submitted_at FROM submissions WHERE opd_id = :opd AND submitted_at <= :asOf',
        { opd: opd.id, asOf },
      );
      const events = await q<{ to_status: string; created_at: unknown }>(
        'SELECT to_status, created_at FROM submission_events WHERE opd_id = :opd AND created_at >= :since AND created_at <= :asOf',
        { opd: opd.id, since, asOf },
      );
      if (emps.length === 0 || !opd.head_email) continue;
      // Counting, no rules: per employee n / open / approved, per category × status, per day × status.
      const perEmp = new Map<number, { n: number; open: number; approved: number }>();
      const perCat = new Map<string, number[]>();
      for (const s of subs) {
        const e = perEmp.get(Number(s.employee_id)) ?? { n: 0, open: 0, approved: 0 };
        e.n++;
        if (s.status === 'approved') e.approved++;
        else if (s.status !== 'rejected') e.open++;
        perEmp.set(Number(s.employee_id), e);
        const c = perCat.get(s.category) ?? statuses.map(() => 0);
        c[statuses.indexOf(s.status)]++;
        perCat.set(s.category, c);
      }
      const perDay = new Map<string, number[]>();
      for (const ev of events) {
        const d = day(ev.created_at)!;
        const c = perDay.get(d) ?? [0, 0, 0];
        const k = ['verified', 'needs_fix', 'rejected'].indexOf(ev.to_status);
        if (k >= 0) c[k]++;
        perDay.set(d, c);
      }
      let activated = 0;
      let pw = 0;
      let completed = 0;
      const toAct: ExcelJS.CellValue[][] = [];
      for (const e of emps) {
        if (e.mysapk_activated_at) activated++;
        if (e.password_changed_at) pw++;
        const s = perEmp.get(Number(e.id));
        if (s && s.open === 0 && s.approved > 0) completed++;
        else
          toAct.push([
            toAct.length + 1,
            e.nip as string,
            e.name as string,
            e.unit as string,
            e.position as string,
            e.employee_type as string,
            e.mysapk_activated_at ? 'Ya' : 'Belum',
            e.password_changed_at ? 'Ya' : 'Belum',
            s?.n ?? 0,
            s ? 'Usul belum selesai' : 'Belum mengusulkan',
          ]);
      }
      const total = emps.length;
      const submitted = perCat.size ? [...perCat.values()].reduce((a, c) => a + c[0], 0) : 0;
      ranking.push([0, opd.code, opd.name, total, activated / total, pw / total, perEmp.size, completed / total]);
      const buf = await bufferWorkbook((wb) => {
        sheet(
          wb,
          'Ringkasan',
          ['Uraian', 'Jumlah', 'Persentase', 'Perubahan'],
          [
            ['Jumlah ASN', total, 1, 0],
            ['Aktivasi MySAPK', activated, activated / total, 0],
            ['Ganti password', pw, pw / total, 0],
            ['Mengusulkan', perEmp.size, perEmp.size / total, 0],
            ['Selesai', completed, completed / total, 0],
            ['Usul diajukan', subs.length, null, 0],
            ['Menunggu verifikasi', submitted, null, 0],
          ],
        );
        sheet(
          wb,
          'Usul per Kategori',
          ['No', 'Kategori', ...statuses, 'Jumlah'],
          [...perCat.entries()].map(([cat, c], i) => [i + 1, cat, ...c, c.reduce((a, b) => a + b, 0)]),
        );
        sheet(
          wb,
          'Kinerja Verifikator',
          ['Tanggal', 'Diverifikasi', 'Dikembalikan (BTS)', 'Ditolak (TMS)', 'Jumlah'],
          [...perDay.entries()].sort().map(([d, c]) => [d, ...c, c[0] + c[1] + c[2]]),
        );
        sheet(
          wb,
          'Perlu Tindak Lanjut',
          ['No', 'NIP', 'Nama', 'Unit', 'Jabatan', 'Jenis', 'Aktivasi', 'Ganti Password', 'Jumlah Usul', 'Keterangan'],
          toAct,
        );
        sheet(
          wb,
          'Prakiraan',
          Array.from({ length: 12 }, (_x, i) => `K${i + 1}`),
          [[opd.code, opd.name, total, completed, total - completed, 0, 0, 0, null, null, 0, '-']],
        );
        sheet(
          wb,
          'Umur Antrean',
          Array.from({ length: 8 }, (_x, i) => `K${i + 1}`),
          [['Verifikasi OPD', submitted, 0, 0, 0, 0, 0, 0]],
        );
      });
      const name = `laporan-${opd.code.toLowerCase()}.xlsx`;
      fs.writeFileSync(path.join(dir, name), buf);
      workbooks++;
      bytes += buf.length;
      await send(opd.head_email, opd.secretary_email ? [opd.secretary_email] : [], `Laporan PDM ASN — ${opd.name}`, name, buf);
      mails++;
    }
    // The regency: the ranking from the per-OPD counts, every employee page by page with its submissions.
    const bupati = await q<{ email: string }>("SELECT email FROM users WHERE role = 'regent' AND active = 1 ORDER BY id");
    const approvers = await q<{ email: string }>("SELECT email FROM users WHERE role = 'approver' AND active = 1 ORDER BY id");
    const perOpd = await q<Record<string, unknown>>(
      'SELECT opd_id, COUNT(*) AS n FROM employees WHERE active = 1 AND created_at <= :asOf GROUP BY opd_id',
      { asOf },
    );
    ranking.sort((a, b) => Number(b[7]) - Number(a[7])).forEach((r, i) => (r[0] = i + 1));
    const buf = await bufferWorkbook(async (wb) => {
      sheet(
        wb,
        'Peringkat OPD',
        ['Peringkat', 'Kode', 'OPD', 'Jumlah ASN', 'Aktivasi %', 'Ganti Password %', 'Mengusulkan', 'Selesai %'],
        ranking,
      );
      const ws = wb.addWorksheet('Rincian ASN', { views: [{ state: 'frozen', ySplit: 5 }] });
      ws.columns = Array.from({ length: 9 }, () => ({ width: 16 }));
      for (const line of ['Laporan', 'Rincian ASN', asOf.toISOString()]) ws.addRow([line]).commit();
      ws.addRow([]).commit();
      ws.addRow(['OPD', 'NIP', 'Nama', 'Jenis', 'Aktivasi', 'Ganti Password', 'Jumlah Usul', 'Usul Disetujui', 'Selesai']).commit();
      let after = 0;
      for (;;) {
        const page = await q<Record<string, unknown>>(
          `SELECT e.id, o.name AS opd_name, e.nip, e.name, e.employee_type, e.mysapk_activated_at, e.password_changed_at
           FROM employees e JOIN opds o ON o.id = e.opd_id
           WHERE e.id > :after AND e.active = 1 AND e.created_at <= :asOf ORDER BY e.id LIMIT ${EMPLOYEE_PAGE_SIZE}`,
          { after, asOf },
        );
        if (page.length === 0) break;
        const last = Number(page[page.length - 1].id);
        const subs = await q<{ employee_id: number; status: string }>(
          'SELECT employee_id, status FROM submissions WHERE employee_id > :after AND employee_id <= :last AND submitted_at <= :asOf',
          { after, last, asOf },
        );
        const per = new Map<number, { n: number; open: number; approved: number }>();
        for (const s of subs) {
          const e = per.get(Number(s.employee_id)) ?? { n: 0, open: 0, approved: 0 };
          e.n++;
          if (s.status === 'approved') e.approved++;
          else if (s.status !== 'rejected') e.open++;
          per.set(Number(s.employee_id), e);
        }
        for (const r of page) {
          const s = per.get(Number(r.id));
          ws.addRow([
            r.opd_name as string,
            r.nip as string,
            r.name as string,
            r.employee_type as string,
            r.mysapk_activated_at ? 'Ya' : 'Belum',
            r.password_changed_at ? 'Ya' : 'Belum',
            s?.n ?? 0,
            s?.approved ?? 0,
            s && s.open === 0 && s.approved > 0 ? 'Ya' : 'Belum',
          ]).commit();
        }
        after = last;
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (page.length < EMPLOYEE_PAGE_SIZE) break;
      }
      ws.commit();
      sheet(
        wb,
        'Prakiraan',
        Array.from({ length: 12 }, (_x, i) => `K${i + 1}`),
        ranking.map((r) => [r[1], r[2], r[3], 0, 0, 0, 0, 0, null, null, 0, '-']),
      );
      sheet(
        wb,
        'Umur Antrean',
        Array.from({ length: 8 }, (_x, i) => `K${i + 1}`),
        [['Verifikasi OPD', perOpd.length, 0, 0, 0, 0, 0, 0]],
      );
    });
    fs.writeFileSync(path.join(dir, 'laporan-kabupaten.xlsx'), buf);
    workbooks++;
    bytes += buf.length;
    if (bupati.length) {
      await send(
        bupati[0].email,
        approvers.map((a) => a.email),
        `Laporan PDM ASN — ${REGENCY}`,
        'laporan-kabupaten.xlsx',
        buf,
      );
      mails++;
    }
  } finally {
    transport.close();
  }
  return { mailsSent: mails, workbooks, bytes, statements, rows };
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

/** What the floor and product children need from the parent. */
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
  /** SQL statements the phase sent, by kind, and the lease renewals among them (UPDATE report_runs … lease_until). */
  statements: Record<string, number>;
  /** The same by shape (verb and tables), most frequent first. */
  shapes: Array<[string, number]>;
  detail: Record<string, unknown>;
}

/** Counts the statements a phase sends: by verb, report_runs lease renewals, and the report tables' writes. */
function statementCounter(): { log: (sql: string) => void; counts: Record<string, number>; shapes: Record<string, number> } {
  const counts: Record<string, number> = { total: 0 };
  const shapes: Record<string, number> = {};
  return {
    counts,
    shapes,
    log(sql: string) {
      const text = sql.replace(/^Executing \([^)]*\): /, '');
      const verb = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? '?';
      counts.total++;
      counts[verb] = (counts[verb] ?? 0) + 1;
      // RunLease.renew: UPDATE report_runs SET lease_until = … (alone) WHERE id, owner, status.
      if (
        /^UPDATE [`"]?report_runs[`"]? SET [`"]?lease_until[`"]?\s*=/.test(text) &&
        !/[`"]status[`"]\s*=\s*[?$'][^W]*WHERE/.test(text.split('WHERE')[0] + 'WHERE')
      )
        counts.leaseRenewals = (counts.leaseRenewals ?? 0) + 1;
      if (/`?report_deliveries`?/.test(text) && verb !== 'SELECT') counts.deliveryWrites = (counts.deliveryWrites ?? 0) + 1;
      // The statement's shape (verb and tables), for --statements.
      const tables = [...new Set([...text.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE)\s+[`"]?(\w+)/gi)].map((m) => m[1]))].join(',');
      const shape = `${verb} ${tables}`;
      shapes[shape] = (shapes[shape] ?? 0) + 1;
    },
  };
}

async function childMain(phase: Phase, url: string, outDir: string, product: ProductArgs | null): Promise<void> {
  const counter = statementCounter();
  let counting = false;
  const db = connect(url, { logging: (sql: string) => counting && counter.log(sql) });
  // Open the connection before measuring.
  await db.sequelize.query('SELECT 1');
  if (phase === 'product') await import('../src/container.js');
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    const r = process.memoryUsage().rss;
    if (r > peak) peak = r;
  }, 20);
  counting = true;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let detail: Record<string, unknown>;
  if (phase === 'floor') {
    detail = await runFloor(db, BENCH_AS_OF, outDir, product!.smtpPort);
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
  counting = false;
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
    statements: counter.counts,
    shapes: Object.entries(counter.shapes).sort((x, y) => y[1] - x[1]),
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
  const repeat = Math.max(1, Number(a.get('repeat')?.[0] ?? 3));
  const keep = a.has('keep');
  const seed = Number(a.get('seed')?.[0] ?? 1);
  const dialect = (a.get('db')?.[0] ?? 'sqlite') as 'sqlite' | 'mariadb';
  if (dialect !== 'sqlite' && dialect !== 'mariadb') throw new Error('--db sqlite|mariadb');
  const mysqlBase = a.get('mysql-url')?.[0] ?? 'mysql://root@127.0.0.1:3306/';
  // --full: also the workbooks-only phase (no mail), as before the product phase existed.
  const phases: Phase[] = a.has('full') ? ['floor', 'full', 'product'] : ['floor', 'product'];
  const table: Array<Record<string, string>> = [];
  // --use-db <file>: measure an existing (kept) benchmark database instead of generating one.
  const useDb = a.get('use-db')?.[0];
  const smtp = await startBenchSmtp();
  const smtpChecks: string[] = [];
  const load0 = os.loadavg();
  let runIndex = 0;
  const ratios: Record<string, number[]> = {};
  for (const size of useDb ? [0] : sizes) {
    let dir: string;
    let url: string;
    let label = String(size);
    let setup: ProductSetup;
    if (useDb) {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-bench-reuse-'));
      url = useDb.startsWith('mysql:') ? useDb : `sqlite:${path.resolve(useDb)}`;
      const db = connect(url);
      const [[c]] = (await db.sequelize.query('SELECT COUNT(*) AS n FROM employees')) as unknown as [[{ n: number }]];
      setup = await setupProduct(db);
      await db.close();
      label = String(c.n);
      console.log(`\n[${label}] using ${useDb}`);
    } else {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), `pdm-bench-${size}-`));
      url =
        dialect === 'sqlite' ? `sqlite:${path.join(dir, 'bench.sqlite')}` : `${mysqlBase.replace(/\/?$/, '/')}pdm_bench_reports_${size}`;
      if (dialect === 'mariadb') await dropDatabase(url);
      await ensureDatabase(url);
      const db = connect(url);
      await migrateUp(db);
      const gen = await generateRegency(db, { employees: size, opds: nOpds, seed });
      setup = await setupProduct(db);
      await db.close();
      const dbMb = dialect === 'sqlite' ? `, database ${(fs.statSync(path.join(dir, 'bench.sqlite')).size / 1048576).toFixed(0)} MB` : '';
      console.log(
        `\n[${size}] ${dialect}: generated ${gen.employees} employees, ${gen.submissions} submissions, ${gen.events} events in ${gen.opds} OPDs ` +
          `(${gen.seconds.toFixed(1)} s${dbMb})`,
      );
    }
    const runs: Record<Phase, PhaseResult[]> = { floor: [], full: [], product: [] };
    for (let r = 0; r < repeat; r++) {
      // Pairs: floor and product side by side, the order alternating between repetitions so a
      // drift of the machine's load does not favour one of them.
      const order = r % 2 === 0 ? phases : [...phases].reverse();
      for (const phase of order) {
        const out = fs.mkdtempSync(path.join(dir, `${phase}-`));
        smtp.reset();
        const productArgs: ProductArgs = {
          smtpPort: smtp.port,
          opdScheduleId: setup.opdScheduleId,
          regencyScheduleId: setup.regencyScheduleId,
          rep: phase === 'product' ? runIndex++ : -1,
        };
        const res = await runChild(phase, url, out, productArgs);
        console.log(
          `[${label}] pair ${r + 1} ${phase}: ${res.seconds.toFixed(2)} s (cpu ${res.cpuSeconds.toFixed(2)} s), peak RSS ${res.maxRssMb.toFixed(0)} MB ` +
            `(sampled ${res.sampledPeakMb.toFixed(0)} MB), load ${os.loadavg()[0].toFixed(2)}; statements ${JSON.stringify(res.statements)} ${JSON.stringify(res.detail)}`,
        );
        if (phase !== 'full') {
          const expected = setup.opdsWithHead + 1;
          const ok = smtp.messages === expected;
          const msg =
            `[${label}] ${phase} pair ${r + 1}: SMTP server received ${smtp.messages} message(s), ${(smtp.bytes / 1048576).toFixed(1)} MB; ` +
            `expected ${expected} (${setup.opdsWithHead} OPDs with head e-mail + 1 regency): ${ok ? 'OK' : 'MISMATCH'}`;
          console.log(msg);
          if (!ok) smtpChecks.push(msg);
        }
        if (a.has('statements'))
          console.log(`[${label}] ${phase} statements by shape: ${res.shapes.map(([k, n]) => `${n} ${k}`).join('; ')}`);
        runs[phase].push(res);
        if (!keep) fs.rmSync(out, { recursive: true, force: true });
      }
    }
    const med = (xs: number[]) => {
      const s = [...xs].sort((x, y) => x - y);
      return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    };
    const range = (xs: number[]) => `${med(xs).toFixed(2)} (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;
    const pair = (f: (p: PhaseResult, fl: PhaseResult) => number, phase: Phase = 'product') =>
      runs[phase].map((p, i) => f(p, runs.floor[i]));
    const wall = pair((p, fl) => p.seconds / fl.seconds);
    ratios[label] = wall;
    const p0 = runs.product;
    table.push({
      size: label,
      'floor s': range(runs.floor.map((x) => x.seconds)),
      'product s': range(p0.map((x) => x.seconds)),
      'product/floor (pairs)': range(wall),
      'cpu ratio (pairs)': range(pair((p, fl) => p.cpuSeconds / fl.cpuSeconds)),
      ...(phases.includes('full') ? { 'full/floor (pairs)': range(pair((p, fl) => p.seconds / fl.seconds, 'full')) } : {}),
      'floor MB': med(runs.floor.map((x) => x.maxRssMb)).toFixed(0),
      'product MB': med(p0.map((x) => x.maxRssMb)).toFixed(0),
      'floor stmts': String(med(runs.floor.map((x) => x.statements.total))),
      'product stmts': String(med(p0.map((x) => x.statements.total))),
      'lease renewals': String(med(p0.map((x) => x.statements.leaseRenewals ?? 0))),
      mails: String(p0[0].detail.mailsSent),
    });
    if (keep) console.log(`[${label}] kept ${dir}${dialect === 'mariadb' ? ` and ${url}` : ''}`);
    else {
      fs.rmSync(dir, { recursive: true, force: true });
      if (dialect === 'mariadb' && !useDb) await dropDatabase(url);
    }
  }
  const load1 = os.loadavg();
  console.log(
    `\nReports benchmark (${dialect}, ${nOpds} OPDs, ${repeat} pair(s) per size). floor = the same rows by plain SQL, the same workbooks ` +
      '(exceljs streaming writer) and the same mails to the loopback SMTP, no product logic; product = runSchedule(opd) + runSchedule(regency). ' +
      'Each ratio is product / floor of the same pair; median (range) over the pairs; MB = maxRSS.',
  );
  const cols = Object.keys(table[0]);
  const width = cols.map((c) => Math.max(c.length, ...table.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(width[i])).join(' | ');
  console.log(line(cols));
  console.log(width.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of table) console.log(line(cols.map((c) => r[c])));
  for (const m of smtpChecks) console.log(m);
  console.log(`load average: start ${load0.map((x) => x.toFixed(2)).join(' ')}, end ${load1.map((x) => x.toFixed(2)).join(' ')}`);
  await smtp.close();
  for (const [size, limit] of [
    ['100000', 1.5],
    ['9000', 3],
  ] as const) {
    const r = ratios[size];
    if (!r) continue;
    const m = [...r].sort((x, y) => x - y)[Math.floor((r.length - 1) / 2)];
    console.log(
      `Target at ${Number(size).toLocaleString('en')} ASN: full cycle <= ${limit}x the floor: ${m <= limit ? 'OK' : 'NOT MET'} (median ${m.toFixed(2)}x)`,
    );
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  main().catch((err: Error & { sql?: string }) => {
    console.error(String(err.stack ?? err).slice(0, 4000));
    process.exit(1);
  });
}
