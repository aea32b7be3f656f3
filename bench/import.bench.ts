/**
 * Import benchmark: the SIASN "Export Data ASN" import (preview + commit) beside a floor.
 *
 *   npm run bench:import                                   # 100,000 rows, 5 pairs, SQLite
 *   npm run bench:import -- --rows 20000 --rounds 3
 *   npm run bench:import -- --db mysql://root@127.0.0.1:3306/   # MariaDB (scratch databases)
 *   npm run bench:import -- --db sqlite --db mysql://root@127.0.0.1:3306/
 *   env: BENCH_ROWS, BENCH_ROUNDS, BENCH_DATABASE_URL (same meaning); --keep keeps the temp dir;
 *        BENCH_CPU_PROF=DIR writes a V8 CPU profile of every child there.
 *
 * The file: a synthetic export in the real layout of the sample (the 64 columns of
 * ../shared/samples/siasn-export-asn.csv, its units, gelar and dates), every row a new person
 * with a NIP and NIK that pass the product's validators (birth date, sex, TMT CPNS consistent).
 * Every unit of the file is mapped to an OPD before the rounds (the product's own mapUnits,
 * suggestions first), so every row imports.
 *
 * Each round is one pair, in alternating order, each side in its own child process on its own
 * fresh migrated database (SQLite: a copy of a migrated file; MariaDB: a scratch database
 * created, migrated and dropped), so process.resourceUsage().maxRSS is that side's peak:
 *  - product: the container as the CLI builds it (withContainer), ImportService.preview then
 *             ImportService.commit (all or nothing, one transaction), as `npm run cli -- import asn`;
 *  - floor:   the same file through the same CSV parser (parseCsv) once to count the rows (its
 *             "preview"), then once more bulk-inserting every row into employees (500 per INSERT,
 *             one transaction) with no validation and no mapping (its "commit").
 * Targets (issue 10): commit <= 30 s and <= 2 x the floor's commit, peak RSS <= 400 MB.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/env.js';
import { KARANGANYAR_OPDS } from '../seeders/karanganyar-opds.js';
import { connect, dropDatabase, ensureDatabase, migrateUp } from '../src/db/index.js';
import { makeNik, makeNip } from '../src/domain/employees/nip-nik.js';
import { parseCsv } from '../src/domain/imports/csv.parser.js';
import { suggestOpdForUnit } from '../src/domain/imports/unit-opd.suggester.js';
import { SYSTEM_ACTOR, type Actor } from '../src/domain/shared/actor.js';
import { createLogger } from '../src/logger.js';

/** The sample export kept in the repository (test/fixtures/siasn), from bench/ (tsx) or dist/bench/ (npm run). */
const SAMPLE = ['../test/fixtures/siasn/siasn-export-asn.csv', '../../test/fixtures/siasn/siasn-export-asn.csv']
  .map((p) => fileURLToPath(new URL(p, import.meta.url)))
  .find((p) => fs.existsSync(p))!;
const BENCH_ACTOR: Actor = { ...SYSTEM_ACTOR, email: 'bench (SIASN)' };
const MB = 1024 * 1024;

// ---------------------------------------------------------------------------
// The synthetic export
// ---------------------------------------------------------------------------

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const pad = (n: number, w: number) => String(n).padStart(w, '0');

async function readTable(file: string): Promise<{ header: string[]; rows: string[][] }> {
  const all: string[][] = [];
  for await (const r of parseCsv(fs.createReadStream(file))) all.push(r.cells);
  const [header, ...rows] = all;
  return { header, rows: rows.filter((r) => r.length > 1) };
}

/** Writes `n` rows: row k takes the layout, unit, gelar and rank of sample row k % 500, and its own person. */
export async function generateExport(file: string, n: number): Promise<{ bytes: number; units: Array<{ id: string; name: string }> }> {
  const sample = await readTable(SAMPLE);
  const c = (name: string) => {
    const i = sample.header.indexOf(name);
    if (i < 0) throw new Error(`sample has no column ${name}`);
    return i;
  };
  const col = {
    pnsId: c('PNS ID'),
    nip: c('NIP BARU'),
    name: c('NAMA'),
    birth: c('TANGGAL LAHIR'),
    sex: c('JENIS KELAMIN'),
    nik: c('NIK'),
    phone: c('NOMOR HP'),
    email: c('EMAIL'),
    type: c('JENIS PEGAWAI NAMA'),
    tmtCpns: c('TMT CPNS'),
    unorId: c('UNOR ID'),
    unorName: c('UNOR NAMA'),
  };
  const out = fs.createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(sample.header.map(csvCell).join(',') + '\r\n');
  const units = new Map<string, { id: string; name: string }>();
  // Birth dates spread over 1966..2000 (12,775 days); the sequence makes (date, sex) pairs unique.
  const base = Date.UTC(1966, 0, 1);
  const DAYS = 12775;
  let chunk = '';
  for (let k = 0; k < n; k++) {
    const row = [...sample.rows[k % sample.rows.length]];
    const d = new Date(base + (k % DAYS) * 86400000);
    const y = d.getUTCFullYear();
    const ymd = `${y}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}`;
    const sex = k % 2 === 0 ? 'L' : 'P';
    const seq = 1 + Math.floor(k / DAYS);
    const tmtYear = y + 24;
    const tmtMonth = 1 + (k % 12);
    row[col.pnsId] = `B${pad(k, 29)}`;
    row[col.nip] = makeNip({ birthDate: ymd, cpnsStart: `${tmtYear}${pad(tmtMonth, 2)}`, sex, sequence: seq });
    row[col.nik] = makeNik({ regionCode: '331302', birthDate: ymd, sex, sequence: seq });
    row[col.birth] = `${pad(d.getUTCDate(), 2)}-${pad(d.getUTCMonth() + 1, 2)}-${y}`;
    row[col.sex] = sex === 'L' ? 'M' : 'F';
    row[col.type] = 'PNS Daerah';
    row[col.tmtCpns] = `01-${pad(tmtMonth, 2)}-${tmtYear}`;
    row[col.phone] = `08${pad(k, 10)}`;
    row[col.email] = `asn${k}@example.net`;
    units.set(row[col.unorId] || row[col.unorName], { id: row[col.unorId], name: row[col.unorName] });
    chunk += row.map(csvCell).join(',') + '\r\n';
    if (chunk.length > 256 * 1024) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return { bytes: fs.statSync(file).size, units: [...units.values()] };
}

// ---------------------------------------------------------------------------
// A fresh database: migrated, the regency's OPDs, the file's units mapped
// ---------------------------------------------------------------------------

function childConfig(url: string, varDir: string) {
  return loadConfig({
    NODE_ENV: 'production',
    SESSION_SECRET: 'b'.repeat(48),
    VAR_DIR: varDir,
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    IMPORT_MAX_MB: '1024',
  });
}

async function prepareDatabase(url: string, varDir: string, units: Array<{ id: string; name: string }>): Promise<void> {
  await ensureDatabase(url);
  const db = connect(url);
  try {
    await migrateUp(db);
    await db.models.Opd.bulkCreate(
      KARANGANYAR_OPDS.map((o) => ({
        code: o.code,
        name: o.name,
        kind: o.kind,
        address: null,
        headName: o.headName,
        headEmail: null,
        secretaryName: null,
        secretaryEmail: null,
      })),
    );
    const opds = (await db.models.Opd.findAll()).map((o) => ({ id: o.id, code: o.code, name: o.name, kind: o.kind }));
    const admin = await db.models.User.create({
      email: 'admin.bench@pdm.example',
      name: 'Admin Bench',
      passwordHash: 'bench-not-a-real-hash',
      role: 'admin',
      opdId: null,
      lastLoginAt: null,
      passwordChangedAt: null,
    });
    const { createServices } = await import('../src/container.js');
    const services = createServices(childConfig(url, varDir), db);
    try {
      await services.imports.mapUnits(
        { id: admin.id, email: admin.email, role: 'admin', opdId: null },
        units.map((u) => ({
          unitId: u.id || null,
          unitName: u.name,
          opdId: suggestOpdForUnit(u.name, opds)?.opd.id ?? opds.find((o) => o.name === u.name)?.id ?? opds[0].id,
        })),
      );
    } finally {
      await services.reports.close();
    }
  } finally {
    await db.close();
  }
}

// ---------------------------------------------------------------------------
// Child: one side of a pair
// ---------------------------------------------------------------------------

type Side = 'product' | 'floor';

interface SideResult {
  side: Side;
  previewS: number;
  commitS: number;
  maxRssMb: number;
  rows: number;
  detail: string;
}

async function runProduct(url: string, file: string, varDir: string): Promise<Omit<SideResult, 'side' | 'maxRssMb'>> {
  const { withContainer } = await import('../src/bootstrap.js');
  const config = childConfig(url, varDir);
  return withContainer(config, createLogger('silent'), async (c) => {
    const t0 = performance.now();
    const preview = await c.services.imports.preview(BENCH_ACTOR, 'asn', { path: file, name: path.basename(file) });
    const t1 = performance.now();
    if (preview.counts.errors) {
      throw new Error(`the synthetic file has ${preview.counts.errors} rows in error: ${JSON.stringify(preview.errors.slice(0, 3))}`);
    }
    const result = await c.services.imports.commit(BENCH_ACTOR, preview.import.id, {});
    const t2 = performance.now();
    const employees = await c.db.models.Employee.count();
    if (employees !== preview.counts.rows) throw new Error(`expected ${preview.counts.rows} employees, found ${employees}`);
    return { previewS: (t1 - t0) / 1000, commitS: (t2 - t1) / 1000, rows: result.counts.new, detail: result.message };
  });
}

/** The floor: same parser, no validation, no mapping; one bulk INSERT per 500 rows in one transaction. */
async function runFloor(url: string, file: string): Promise<Omit<SideResult, 'side' | 'maxRssMb'>> {
  const db = connect(url);
  try {
    const opdId = (await db.models.Opd.findOne({ order: [['id', 'ASC']] }))!.id;
    const t0 = performance.now();
    let counted = 0;
    for await (const r of parseCsv(fs.createReadStream(file, { highWaterMark: 64 * 1024 }))) if (r.row > 1) counted++;
    const t1 = performance.now();
    let rows = 0;
    const qi = db.sequelize.getQueryInterface();
    const at = new Date();
    await db.sequelize.transaction(async (transaction) => {
      let idx: Record<string, number> = {};
      let batch: Array<Record<string, unknown>> = [];
      for await (const r of parseCsv(fs.createReadStream(file, { highWaterMark: 64 * 1024 }))) {
        if (r.row === 1) {
          idx = Object.fromEntries(r.cells.map((h, i) => [h, i]));
          continue;
        }
        const cell = (h: string) => r.cells[idx[h]] || null;
        batch.push({
          nip: cell('NIP BARU'),
          nik: cell('NIK'),
          name: cell('NAMA'),
          employee_type: 'PNS',
          opd_id: opdId,
          unit: cell('UNOR NAMA'),
          position: cell('JABATAN NAMA'),
          rank_grade: cell('GOL AKHIR NAMA'),
          email: cell('EMAIL'),
          phone: cell('NOMOR HP'),
          active: true,
          service_blocked: false,
          created_at: at,
          updated_at: at,
        });
        rows++;
        if (batch.length >= 500) {
          await qi.bulkInsert('employees', batch, { transaction });
          batch = [];
        }
      }
      if (batch.length) await qi.bulkInsert('employees', batch, { transaction });
    });
    const t2 = performance.now();
    return { previewS: (t1 - t0) / 1000, commitS: (t2 - t1) / 1000, rows, detail: `${counted} rows parsed` };
  } finally {
    await db.close();
  }
}

async function childMain(side: Side, url: string, file: string, varDir: string): Promise<void> {
  const r = side === 'product' ? await runProduct(url, file, varDir) : await runFloor(url, file);
  const result: SideResult = { side, ...r, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  process.send!(result);
}

function runChild(side: Side, url: string, file: string, varDir: string): Promise<SideResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', side, '--url', url, '--file', file, '--var', varDir], {
      // BENCH_CPU_PROF=DIR: a V8 CPU profile of every side (for finding where the time goes).
      execArgv: process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, TZ: 'Asia/Jakarta', UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? '16' },
    });
    let result: SideResult | null = null;
    child.on('message', (m) => (result = m as SideResult));
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`${side} child exited with ${code}`))));
  });
}

// ---------------------------------------------------------------------------
// Parent
// ---------------------------------------------------------------------------

interface Args {
  rows: number;
  rounds: number;
  dbs: string[];
  keep: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { rows: Number(process.env.BENCH_ROWS ?? 100000), rounds: Number(process.env.BENCH_ROUNDS ?? 5), dbs: [], keep: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--rows') a.rows = Number(argv[++i]);
    else if (k === '--rounds') a.rounds = Number(argv[++i]);
    else if (k === '--db') a.dbs.push(argv[++i]);
    else if (k === '--keep') a.keep = true;
    else throw new Error(`unknown argument ${k}`);
  }
  if (!a.dbs.length) a.dbs.push(process.env.BENCH_DATABASE_URL ?? 'sqlite');
  if (!(a.rows > 0) || !(a.rounds > 0)) throw new Error('--rows and --rounds must be positive');
  return a;
}

/** A fresh database URL for one side of one round (MariaDB: a scratch database on the server). */
function scratchUrl(db: string, dir: string, round: number, side: Side): string {
  if (db === 'sqlite') return `sqlite:${path.join(dir, `r${round}-${side}.sqlite`)}`;
  const u = new URL(db);
  u.pathname = `/pdm_bench_import_${process.pid}_${round}_${side}`;
  return u.toString();
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function benchOne(db: string, args: Args, dir: string, file: string, units: Array<{ id: string; name: string }>) {
  const label = db === 'sqlite' ? 'SQLite' : `MariaDB (${new URL(db).host})`;
  console.log(`\n== ${label}: ${args.rows.toLocaleString('en')} rows, ${args.rounds} pair(s) ==`);
  const pairs: Array<{ product: SideResult; floor: SideResult; load: string }> = [];
  let template: string | null = null;
  for (let round = 1; round <= args.rounds; round++) {
    const order: Side[] = round % 2 === 1 ? ['product', 'floor'] : ['floor', 'product'];
    const got: Partial<Record<Side, SideResult>> = {};
    for (const side of order) {
      const url = scratchUrl(db, dir, round, side);
      const varDir = path.join(dir, `var-${round}-${side}`);
      if (db === 'sqlite') {
        // One migrated, mapped database, copied for every side of every round.
        if (!template) {
          template = path.join(dir, 'template.sqlite');
          await prepareDatabase(`sqlite:${template}`, path.join(dir, 'var-template'), units);
        }
        fs.copyFileSync(template, url.slice('sqlite:'.length));
      } else {
        await prepareDatabase(url, varDir, units);
      }
      try {
        got[side] = await runChild(side, url, file, varDir);
      } finally {
        if (db !== 'sqlite') await dropDatabase(url);
        else fs.rmSync(url.slice('sqlite:'.length), { force: true });
        fs.rmSync(varDir, { recursive: true, force: true });
      }
    }
    const p = got.product!;
    const fl = got.floor!;
    pairs.push({ product: p, floor: fl, load: load() });
    console.log(
      `pair ${round} (${order.join(' then ')}): ` +
        `product preview ${f1(p.previewS)} s, commit ${f1(p.commitS)} s, total ${f1(p.previewS + p.commitS)} s, peak ${f1(p.maxRssMb)} MB | ` +
        `floor parse ${f1(fl.previewS)} s, insert ${f1(fl.commitS)} s, total ${f1(fl.previewS + fl.commitS)} s, peak ${f1(fl.maxRssMb)} MB | ` +
        `commit ratio ${f2(p.commitS / fl.commitS)}, total ratio ${f2((p.previewS + p.commitS) / (fl.previewS + fl.commitS))} | load ${pairs.at(-1)!.load}`,
    );
    if (p.rows !== args.rows || fl.rows !== args.rows) console.log(`  rows: product ${p.rows}, floor ${fl.rows} (expected ${args.rows})`);
  }
  const stat = (xs: number[], fmt: (n: number) => string) => `${fmt(median(xs))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})`;
  const col = (pick: (s: SideResult) => number, side: Side) => pairs.map((x) => pick(x[side]));
  console.log(`\n${label}, ${args.rows.toLocaleString('en')} rows — median (range) over ${pairs.length} pair(s):`);
  for (const side of ['product', 'floor'] as const) {
    console.log(
      `  ${side.padEnd(7)}  ${side === 'product' ? 'preview' : 'parse  '} ${stat(
        col((s) => s.previewS, side),
        f1,
      )} s   ${side === 'product' ? 'commit' : 'insert'} ${stat(
        col((s) => s.commitS, side),
        f1,
      )} s   total ${stat(
        col((s) => s.previewS + s.commitS, side),
        f1,
      )} s   peak RSS ${stat(
        col((s) => s.maxRssMb, side),
        f1,
      )} MB`,
    );
  }
  const commitRatios = pairs.map((x) => x.product.commitS / x.floor.commitS);
  const totalRatios = pairs.map((x) => (x.product.previewS + x.product.commitS) / (x.floor.previewS + x.floor.commitS));
  console.log(`  product/floor  commit ${stat(commitRatios, f2)}   total ${stat(totalRatios, f2)}`);
  const commitMed = median(col((s) => s.commitS, 'product'));
  const peakMax = Math.max(...col((s) => s.maxRssMb, 'product'));
  console.log(
    `  targets: commit ≤ 30 s: ${commitMed <= 30 ? 'met' : 'MISSED'} (${f1(commitMed)} s); commit ≤ 2× floor: ${
      median(commitRatios) <= 2 ? 'met' : 'MISSED'
    } (${f2(median(commitRatios))}×); peak RSS ≤ 400 MB: ${peakMax <= 400 ? 'met' : 'MISSED'} (max ${f1(peakMax)} MB)`,
  );
  console.log(`  load average per pair (1/5/15 min): ${pairs.map((x) => x.load).join(' | ')}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-import-bench-'));
  try {
    const file = path.join(dir, `export-data-asn-${args.rows}.csv`);
    const t0 = performance.now();
    const { bytes, units } = await generateExport(file, args.rows);
    console.log(
      `Import benchmark: synthetic "Export Data ASN" ${args.rows.toLocaleString('en')} rows, ${f1(bytes / MB)} MB, ${units.length} units ` +
        `(generated in ${f1((performance.now() - t0) / 1000)} s); ${os.cpus().length} CPUs, load average ${load()}; node ${process.version}`,
    );
    for (const db of args.dbs) await benchOne(db, args, dir, file, units);
  } finally {
    if (args.keep) console.log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const a = process.argv.slice(2);
  const run =
    a[0] === '--child' ? childMain(a[1] as Side, a[a.indexOf('--url') + 1], a[a.indexOf('--file') + 1], a[a.indexOf('--var') + 1]) : main();
  run.then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
