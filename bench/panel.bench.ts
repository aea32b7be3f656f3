/**
 * Panel benchmark: the pages of a 100,000-ASN regency under 20 concurrent users, over the real
 * HTTP API of the real app, beside the bare SQL each page needs, measured in the same run.
 *
 *   npm run bench:panel                                        # 100,000 ASN on MariaDB
 *   npm run bench:panel -- --employees 9000 --db sqlite
 *   options: --users 20  --requests 5 (per user, per page, per round)  --rounds 5
 *            --url mysql://root@127.0.0.1:3306/pdm_bench_panel (the scratch database: dropped and seeded)
 *            --reuse (measure the database a previous run seeded, without seeding again)
 *
 * 1. Seeds the demo regency (seeders/demo.seeder.ts, as `npm run cli -- seed --demo --employees N`)
 *    into a scratch database (MariaDB: the --url database; SQLite: a temp file), then ANALYZE.
 * 2. Starts the app as production runs it (`node dist/src/main.js`, its own process, no jobs)
 *    and logs in, through the login form, 20 sessions each as the administrator and as the
 *    verifier of the largest OPD.
 * 3. For every page of issue 11's table, `rounds` rounds alternating product / floor:
 *      product: 20 virtual users, each sending `requests` requests one after the other (HTTP,
 *               keep-alive, own session cookie), the answer read to its end and checked (200, JSON);
 *      floor:   the same 20 × `requests`, each doing the bare SQL the page needs (plain SQL,
 *               mysql2 — or sqlite3 — directly, 20 connections, no product code).
 *    Each round gives the ratio product p50 / floor p50 (and p95 / p95); the summary prints the
 *    product's p50/p95/p99 over all rounds, the floor's, and the median and range of the per-round ratios.
 * 4. The app's RSS (VmRSS of /proc/<pid>/status, sampled every 50 ms) before and under load, and
 *    the load average of the machine, since other work on it moves every figure.
 * Targets (issue 11): every page p95 <= 300 ms and <= 2x its bare SQL; dashboards p95 <= 150 ms;
 * app RSS under load <= 400 MB. Exit code 0 whatever they say (a bench, not a test).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { QueryTypes } from 'sequelize';
import { connect, dropDatabase, ensureDatabase, migrateUp, type Database } from '../src/db/index.js';
import { AuditService } from '../src/domain/audit/audit.service.js';
import { DEMO_EMAIL_DOMAIN, seedDemo } from '../seeders/demo.seeder.js';

/** The demo accounts' password, as `npm run cli -- seed --demo` sets it by default (DEMO_PASSWORD), so --reuse works on its databases too. */
const PASSWORD = 'pdm-demo';
/** The project directory (this file runs as dist/bench/panel.bench.js, or bench/panel.bench.ts under tsx). */
const ROOT = ((): string => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
})();

// ---------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------

interface Options {
  employees: number;
  db: 'mariadb' | 'sqlite';
  url: string;
  users: number;
  requests: number;
  rounds: number;
  reuse: boolean;
  keep: boolean;
}

function options(): Options {
  const a = process.argv.slice(2);
  const get = (k: string) => {
    const i = a.indexOf(`--${k}`);
    return i >= 0 && a[i + 1] && !a[i + 1].startsWith('--') ? a[i + 1] : undefined;
  };
  const db = (get('db') ?? 'mariadb') as Options['db'];
  if (db !== 'mariadb' && db !== 'sqlite') throw new Error('--db mariadb|sqlite');
  const employees = Number((get('employees') ?? '100000').replace(/[._]/g, ''));
  const tmp = path.join(os.tmpdir(), `pdm-bench-panel-${employees}.sqlite`);
  return {
    employees,
    db,
    url: get('url') ?? (db === 'mariadb' ? 'mysql://root@127.0.0.1:3306/pdm_bench_panel' : `sqlite:${tmp}`),
    users: Number(get('users') ?? 20),
    requests: Number(get('requests') ?? 5),
    rounds: Number(get('rounds') ?? 5),
    reuse: a.includes('--reuse'),
    keep: a.includes('--keep'),
  };
}

// ---------------------------------------------------------------------------
// The regency
// ---------------------------------------------------------------------------

interface Regency {
  largestOpdId: number;
  largestOpdCode: string;
  employeeIds: number[];
  submissions: number;
}

async function count(db: Database, sql: string): Promise<number> {
  const [r] = await db.sequelize.query<{ n: number }>(sql, { type: QueryTypes.SELECT });
  return Number(r.n);
}

/** Seeds the demo regency into a fresh scratch database (or, with --reuse, measures the one a previous run seeded). */
async function prepare(o: Options): Promise<Regency> {
  const reuse = o.reuse;
  if (!reuse) {
    if (o.db === 'mariadb') await dropDatabase(o.url);
    else fs.rmSync(o.url.slice('sqlite:'.length), { force: true });
    await ensureDatabase(o.url);
  }
  const db = connect(o.url);
  try {
    if (!reuse) {
      await migrateUp(db);
      const t = performance.now();
      const audit = new AuditService(db.models);
      const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-bench-panel-uploads-'));
      const r = await seedDemo(db, { audit, password: PASSWORD, uploadDir, employees: o.employees });
      fs.rmSync(uploadDir, { recursive: true, force: true });
      console.log(
        `seeded ${r.employees.toLocaleString('en')} employees, ${r.submissions.toLocaleString('en')} submissions in ${r.opds} OPDs ` +
          `(${((performance.now() - t) / 1000).toFixed(1)} s)`,
      );
    } else {
      const n = await count(db, 'SELECT COUNT(*) AS n FROM employees');
      if (n !== o.employees) throw new Error(`--reuse: the database holds ${n} employees, not ${o.employees}`);
      console.log(`reusing the database seeded by a previous run: ${o.url.replace(/\/\/[^@]*@/, '//')}`);
    }
    if (db.dialect === 'mysql')
      for (const t of ['employees', 'submissions', 'submission_events']) await db.sequelize.query(`ANALYZE TABLE ${t}`);
    else await db.sequelize.query('ANALYZE');
    const [largest] = await db.sequelize.query<{ id: number; code: string }>(
      'SELECT o.id AS id, o.code AS code FROM opds o JOIN employees e ON e.opd_id = o.id GROUP BY o.id, o.code ORDER BY COUNT(*) DESC LIMIT 1',
      { type: QueryTypes.SELECT },
    );
    const ids = await db.sequelize.query<{ id: number }>('SELECT id FROM employees ORDER BY id', { type: QueryTypes.SELECT });
    return {
      largestOpdId: Number(largest.id),
      largestOpdCode: largest.code,
      employeeIds: ids.map((r) => Number(r.id)),
      submissions: await count(db, 'SELECT COUNT(*) AS n FROM submissions'),
    };
  } finally {
    await db.close();
  }
}

// ---------------------------------------------------------------------------
// The app, in its own process
// ---------------------------------------------------------------------------

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface AppProcess {
  base: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function startApp(o: Options): Promise<AppProcess> {
  const port = await freePort();
  const varDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-bench-panel-var-'));
  const main = path.join(ROOT, 'dist', 'src', 'main.js');
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      TZ: 'Asia/Jakarta',
      NODE_ENV: 'production',
      ADMIN_JS_SKIP_BUNDLE: 'true',
      UV_THREADPOOL_SIZE: '16',
      DATABASE_URL: o.url,
      PORT: String(port),
      APP_BASE_URL: `http://127.0.0.1:${port}`,
      SESSION_SECRET: 'b'.repeat(48),
      VAR_DIR: varDir,
      UPLOAD_DIR: path.join(varDir, 'uploads'),
      JOBS_ENABLED: 'false',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_r, reject) => child.once('exit', (c) => reject(new Error(`the app exited with ${c}`))));
  exited.catch(() => undefined);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const res = await Promise.race([fetch(`${base}/admin/login`), exited]);
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch (e) {
      if (child.exitCode !== null) throw e;
    }
    if (Date.now() > deadline) throw new Error('the app did not answer within 120 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    base,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([done, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(varDir, { recursive: true, force: true });
    },
  };
}

/** VmRSS of a process, in MB (Linux). */
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function login(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: PASSWORD }).toString(),
    redirect: 'manual',
  });
  await res.arrayBuffer();
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (res.status !== 302 || !cookie) throw new Error(`login as ${email} failed: ${res.status}`);
  return cookie;
}

// ---------------------------------------------------------------------------
// The bare SQL
// ---------------------------------------------------------------------------

/** Runs one statement on one of `size` connections of the floor's own pool (no Sequelize, no product code). */
interface Floor {
  query(sql: string, params: unknown[]): Promise<unknown[]>;
  close(): Promise<void>;
}

async function openFloor(url: string, size: number): Promise<Floor> {
  if (url.startsWith('sqlite:')) {
    const sqlite3 = (await import('sqlite3')).default;
    const file = url.slice('sqlite:'.length);
    const handles = await Promise.all(
      Array.from(
        { length: Math.min(size, 4) },
        () =>
          new Promise<InstanceType<typeof sqlite3.Database>>((resolve, reject) => {
            const d = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => (err ? reject(err) : resolve(d)));
          }),
      ),
    );
    let next = 0;
    return {
      query: (sql, params) =>
        new Promise((resolve, reject) =>
          handles[next++ % handles.length].all(sql, params, (err: Error | null, rows: unknown[]) => (err ? reject(err) : resolve(rows))),
        ),
      close: async () => {
        await Promise.all(handles.map((h) => new Promise<void>((r) => h.close(() => r()))));
      },
    };
  }
  const mysql = await import('mysql2/promise');
  const pool = mysql.createPool({ uri: url.replace(/^mariadb:/, 'mysql:'), connectionLimit: size, timezone: 'Z', charset: 'utf8mb4' });
  await Promise.all(Array.from({ length: size }, async () => (await pool.getConnection()).release()));
  return {
    query: async (sql, params) => (await pool.query(sql, params))[0] as unknown[],
    close: () => pool.end(),
  };
}

// ---------------------------------------------------------------------------
// The pages
// ---------------------------------------------------------------------------

type Role = 'admin' | 'verifier';

interface Page {
  name: string;
  role: Role;
  dashboard: boolean;
  /** The panel request (the i-th of a virtual user). */
  path(i: number, user: number): string;
  /** Checks the answer has what the page shows. */
  check(body: unknown): string | null;
  /** The bare SQL of the same page. */
  floor(f: Floor, i: number, user: number): Promise<void>;
  floorSays: string;
}

const PER_PAGE = 25;

function pages(r: Regency): Page[] {
  const opd = r.largestOpdId;
  const activated = 'SUM(mysapk_activated_at IS NOT NULL)';
  const records = (b: unknown) => (b as { records?: unknown[] }).records;
  const listCheck = (b: unknown) => (Array.isArray(records(b)) ? null : 'no records');
  const randomId = (i: number, user: number) => r.employeeIds[(user * 7919 + i * 104729) % r.employeeIds.length];
  return [
    {
      name: 'verifier dashboard (largest OPD)',
      role: 'verifier',
      dashboard: true,
      path: () => '/admin/api/dashboard',
      check: (b) => (b && typeof b === 'object' ? null : 'not an object'),
      floorSays: "the OPD's figures from the facts: employees by activation/password, submissions by status, the verifier's 10 oldest",
      async floor(f) {
        await f.query(
          `SELECT COUNT(*) AS n, ${activated} AS activated, SUM(password_changed_at IS NOT NULL) AS pw FROM employees WHERE opd_id = ? AND active = 1`,
          [opd],
        );
        await f.query('SELECT status, COUNT(*) AS n FROM submissions WHERE opd_id = ? GROUP BY status', [opd]);
        await f.query(
          "SELECT id, employee_id, category, submitted_at FROM submissions WHERE opd_id = ? AND status = 'submitted' ORDER BY submitted_at LIMIT 10",
          [opd],
        );
      },
    },
    {
      name: 'admin dashboard',
      role: 'admin',
      dashboard: true,
      path: () => '/admin/api/dashboard',
      check: (b) => (b && typeof b === 'object' ? null : 'not an object'),
      floorSays: 'the per-OPD figures from the facts: employees by activation/password per OPD, submissions by OPD and status',
      async floor(f) {
        await f.query(
          `SELECT opd_id, COUNT(*) AS n, ${activated} AS activated, SUM(password_changed_at IS NOT NULL) AS pw FROM employees WHERE active = 1 GROUP BY opd_id`,
          [],
        );
        await f.query('SELECT opd_id, status, COUNT(*) AS n FROM submissions GROUP BY opd_id, status', []);
      },
    },
    {
      name: 'search picker "abc"',
      role: 'admin',
      dashboard: false,
      path: () => '/admin/api/resources/employees/search/abc',
      check: (b) => (Array.isArray(records(b)) ? null : 'no records'),
      floorSays: 'name prefix on the name index, the columns the picker shows, 50 rows, their OPD names',
      async floor(f) {
        const rows = (await f.query(
          "SELECT id, name, nip, opd_id FROM employees WHERE name LIKE 'abc%' ORDER BY name LIMIT 50",
          [],
        )) as Array<{
          opd_id: number;
        }>;
        const ids = [...new Set(rows.map((x) => x.opd_id))];
        if (ids.length) await f.query(`SELECT id, name FROM opds WHERE id IN (${ids.map(() => '?').join(',')})`, ids);
      },
    },
    {
      name: 'submissions status=submitted',
      role: 'admin',
      dashboard: false,
      path: () => '/admin/api/resources/submissions/actions/list?filters.status=submitted',
      check: listCheck,
      floorSays: "status = 'submitted' by submitted_at (index), 25 rows with employee and OPD, and the total",
      async floor(f) {
        // The 25 keys from the (status, submitted_at) index first, then their rows (a join first would let the
        // optimizer start from opds and sort).
        await f.query(
          `SELECT s.*, e.name AS employee_name, e.nip, o.name AS opd_name
           FROM (SELECT id FROM submissions WHERE status = 'submitted' ORDER BY submitted_at, id LIMIT ${PER_PAGE}) k
           JOIN submissions s ON s.id = k.id JOIN employees e ON e.id = s.employee_id JOIN opds o ON o.id = s.opd_id
           ORDER BY s.submitted_at, s.id`,
          [],
        );
        await f.query("SELECT COUNT(*) AS n FROM submissions WHERE status = 'submitted'", []);
      },
    },
    {
      name: 'employees page 500',
      role: 'admin',
      dashboard: false,
      path: () => '/admin/api/resources/employees/actions/list?page=500',
      check: (b) => ((records(b)?.length ?? 0) > 0 ? null : 'page 500 empty'),
      floorSays: 'deferred join on the name index (OFFSET 12,475), 25 rows with their OPD, and the total',
      async floor(f) {
        await f.query(
          `SELECT e.*, o.name AS opd_name FROM (SELECT id FROM employees ORDER BY name, id LIMIT ${PER_PAGE} OFFSET ${499 * PER_PAGE}) k
           JOIN employees e ON e.id = k.id JOIN opds o ON o.id = e.opd_id ORDER BY e.name, e.id`,
          [],
        );
        await f.query('SELECT COUNT(*) AS n FROM employees', []);
      },
    },
    {
      name: 'record show (employee)',
      role: 'admin',
      dashboard: false,
      path: (i, user) => `/admin/api/resources/employees/records/${randomId(i, user)}/show`,
      check: (b) => ((b as { record?: unknown }).record ? null : 'no record'),
      floorSays: 'the employee by primary key with its OPD',
      async floor(f, i, user) {
        await f.query('SELECT e.*, o.name AS opd_name FROM employees e JOIN opds o ON o.id = e.opd_id WHERE e.id = ?', [randomId(i, user)]);
      },
    },
    {
      name: 'verifier inbox (submitted, own OPD)',
      role: 'verifier',
      dashboard: false,
      path: () => '/admin/api/resources/submissions/actions/list?filters.status=submitted',
      check: listCheck,
      floorSays: "opd_id = ? AND status = 'submitted' by submitted_at, 25 rows with employee, and the total",
      async floor(f) {
        await f.query(
          `SELECT s.*, e.name AS employee_name, e.nip FROM submissions s JOIN employees e ON e.id = s.employee_id
           WHERE s.opd_id = ? AND s.status = 'submitted' ORDER BY s.submitted_at, s.id LIMIT ${PER_PAGE}`,
          [opd],
        );
        await f.query("SELECT COUNT(*) AS n FROM submissions WHERE opd_id = ? AND status = 'submitted'", [opd]);
      },
    },
  ];
}

// ---------------------------------------------------------------------------
// Load
// ---------------------------------------------------------------------------

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const median = (xs: number[]) =>
  pct(
    [...xs].sort((a, b) => a - b),
    50,
  );

/** `users` virtual users, each running `requests` tasks one after the other; the latency of each. */
async function load(users: number, requests: number, task: (i: number, user: number) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: users }, async (_x, user) => {
      for (let i = 0; i < requests; i++) {
        const t = performance.now();
        await task(i, user);
        times.push(performance.now() - t);
      }
    }),
  );
  return times.sort((a, b) => a - b);
}

interface PageResult {
  page: Page;
  product: number[];
  floor: number[];
  ratios50: number[];
  ratios95: number[];
}

async function main(): Promise<void> {
  const o = options();
  const load0 = os.loadavg();
  console.log(
    `bench:panel — ${o.employees.toLocaleString('en')} ASN on ${o.db}, ${o.users} users × ${o.requests} requests × ${o.rounds} rounds per page`,
  );
  console.log(`load average at start: ${load0.map((x) => x.toFixed(2)).join(' ')} (${os.cpus().length} CPUs)`);
  const regency = await prepare(o);
  console.log(`largest OPD: ${regency.largestOpdCode}; ${regency.submissions.toLocaleString('en')} submissions`);
  const app = await startApp(o);
  const pid = app.child.pid!;
  const floor = await openFloor(o.url, o.users);
  const rssIdle = rssMb(pid);
  let rssPeak = rssIdle;
  const sampler = setInterval(() => {
    try {
      rssPeak = Math.max(rssPeak, rssMb(pid));
    } catch {
      /* exited */
    }
  }, 50);
  const results: PageResult[] = [];
  try {
    const emails: Record<Role, string> = {
      admin: `admin@${DEMO_EMAIL_DOMAIN}`,
      verifier: `verifikator.${regency.largestOpdCode.toLowerCase()}@${DEMO_EMAIL_DOMAIN}`,
    };
    const cookies: Record<Role, string[]> = { admin: [], verifier: [] };
    for (const role of ['admin', 'verifier'] as const)
      for (let u = 0; u < o.users; u++) cookies[role].push(await login(app.base, emails[role]));
    const list = pages(regency);
    for (const page of list) {
      const request = async (i: number, user: number) => {
        const res = await fetch(`${app.base}${page.path(i, user)}`, {
          headers: { cookie: cookies[page.role][user], accept: 'application/json' },
        });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`${page.name}: HTTP ${res.status} ${text.slice(0, 200)}`);
        const why = page.check(JSON.parse(text));
        if (why) throw new Error(`${page.name}: ${why}: ${text.slice(0, 200)}`);
      };
      // One warm-up pass of each (first-request costs: AdminJS, caches, the buffer pool).
      await load(o.users, 1, request);
      await load(o.users, 1, (i, u) => page.floor(floor, i, u));
      const r: PageResult = { page, product: [], floor: [], ratios50: [], ratios95: [] };
      for (let round = 0; round < o.rounds; round++) {
        const p = await load(o.users, o.requests, request);
        const f = await load(o.users, o.requests, (i, u) => page.floor(floor, i, u));
        r.product.push(...p);
        r.floor.push(...f);
        r.ratios50.push(pct(p, 50) / pct(f, 50));
        r.ratios95.push(pct(p, 95) / pct(f, 95));
      }
      r.product.sort((a, b) => a - b);
      r.floor.sort((a, b) => a - b);
      results.push(r);
      console.log(
        `${page.name}: product p50 ${pct(r.product, 50).toFixed(0)} ms p95 ${pct(r.product, 95).toFixed(0)} ms; ` +
          `floor p50 ${pct(r.floor, 50).toFixed(1)} ms p95 ${pct(r.floor, 95).toFixed(1)} ms; RSS peak so far ${rssPeak.toFixed(0)} MB`,
      );
    }
  } finally {
    clearInterval(sampler);
    await floor.close();
    await app.stop();
  }
  const load1 = os.loadavg();

  // Summary
  const fmtRange = (xs: number[]) => `${median(xs).toFixed(2)} (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;
  const rows = results.map((r) => {
    const p95 = pct(r.product, 95);
    const limit = r.page.dashboard ? 150 : 300;
    const ratio95 = median(r.ratios95);
    return {
      page: r.page.name,
      'p50 ms': pct(r.product, 50).toFixed(0),
      'p95 ms': p95.toFixed(0),
      'p99 ms': pct(r.product, 99).toFixed(0),
      'SQL p50': pct(r.floor, 50).toFixed(1),
      'SQL p95': pct(r.floor, 95).toFixed(1),
      'p50 ratio med (range)': fmtRange(r.ratios50),
      'p95 ratio med (range)': fmtRange(r.ratios95),
      [`p95 <= limit`]: `${p95 <= limit ? 'OK' : 'MISS'} (${limit})`,
      'p95 <= 2x SQL': ratio95 <= 2 ? 'OK' : 'MISS',
    };
  });
  console.log(
    `\nPanel benchmark: ${o.employees.toLocaleString('en')} ASN, ${regency.submissions.toLocaleString('en')} submissions, ${o.db}; ` +
      `${o.users} concurrent users, ${o.requests} requests each per round, ${o.rounds} rounds alternating product / bare SQL. ` +
      'Latencies over all rounds; ratios = product / bare SQL of the same round, median (range).',
  );
  const cols = Object.keys(rows[0]) as Array<keyof (typeof rows)[0]>;
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join(' | ');
  console.log(line(cols));
  console.log(width.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of rows) console.log(line(cols.map((c) => r[c])));
  for (const r of results) console.log(`  bare SQL of "${r.page.name}": ${r.page.floorSays}`);
  console.log(
    `app RSS: ${rssIdle.toFixed(0)} MB after login, peak under load ${rssPeak.toFixed(0)} MB: ${rssPeak <= 400 ? 'OK' : 'MISS'} (<= 400 MB)`,
  );
  console.log(`load average: start ${load0.map((x) => x.toFixed(2)).join(' ')}, end ${load1.map((x) => x.toFixed(2)).join(' ')}`);
  const misses = rows.filter((r) => r['p95 <= limit'].startsWith('MISS') || r['p95 <= 2x SQL'] === 'MISS').map((r) => r.page);
  console.log(misses.length ? `Targets missed by: ${misses.join('; ')}` : 'Every page meets its targets.');
  if (!o.keep && o.db === 'sqlite') fs.rmSync(o.url.slice('sqlite:'.length), { force: true });
}

main().catch((err: Error) => {
  console.error(String(err.stack ?? err).slice(0, 4000));
  process.exit(1);
});
