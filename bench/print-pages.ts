/**
 * How the report workbooks print: builds the regency workbook (every OPD) and one OPD's workbook
 * from a demo-sized database, converts both to PDF with LibreOffice (`soffice --headless
 * --convert-to pdf`) and counts the pages, per sheet (each sheet numbers its pages "Halaman n
 * dari N" in the footer, read back with pdftotext) and in all. Optionally renders pages to PNG
 * (pdftoppm) to look at.
 *
 *   npx tsx bench/print-pages.ts [--employees 9000] [--out var/print] [--png 1,2,5]
 *
 * The demo database is seeded once under <out>/demo.sqlite and reused. Run from a checkout's root:
 * the modules are loaded from the current directory, so the same script measures another checkout.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const root = process.cwd();
const out = path.resolve(arg('out', 'var/print'));
const employees = Number(arg('employees', '9000'));
const pngPages = arg('png', '')
  .split(',')
  .filter(Boolean)
  .map((x) => x.trim());
const load = async <T>(rel: string): Promise<T> => (await import(pathToFileURL(path.join(root, rel)).href)) as T;

interface Db {
  models: unknown;
  sequelize: { close(): Promise<void> };
  close(): Promise<void>;
}

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 15 * 60_000, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status} ${r.stderr}`);
  return r.stdout;
}

/** Pages of a PDF, and per sheet (a sheet starts where its footer says "Halaman 1 dari N"). */
function countPages(pdf: string): { total: number; sheets: number[] } {
  const total = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]))?.[1] ?? 0);
  const text = run('pdftotext', ['-layout', pdf, '-']);
  const sheets: number[] = [];
  for (const page of text.split('\f').slice(0, total)) {
    const m = /Halaman (\d+) dari (\d+)/.exec(page);
    if (m && m[1] === '1') sheets.push(Number(m[2]));
  }
  return { total, sheets };
}

async function main(): Promise<void> {
  fs.mkdirSync(out, { recursive: true });
  const { connect, migrateUp } = await load<{ connect: (url: string) => Db; migrateUp: (db: Db) => Promise<void> }>('src/db/index.ts');
  const file = path.join(out, `demo-${employees}.sqlite`);
  const fresh = !fs.existsSync(file);
  const db = connect(`sqlite:${file}`);
  if (fresh) {
    await migrateUp(db);
    const { seedDemo } = await load<{ seedDemo: (db: Db, o: object) => Promise<{ employees: number }> }>('seeders/demo.seeder.ts');
    const { AuditService } = await load<{ AuditService: new (m: unknown) => unknown }>('src/domain/audit/audit.service.ts');
    const seeded = await seedDemo(db, {
      audit: new AuditService(db.models),
      password: 'pdm-demo',
      uploadDir: path.join(out, 'uploads'),
      employees,
      now: new Date(),
    });
    console.log(`seeded ${seeded.employees} employees`);
  }
  const asOf = new Date();
  const { regencyReportFile, opdReportFile } = await load<{
    regencyReportFile: (m: unknown, asOf: Date, o: object) => Promise<{ file: { name: string; content: Buffer } }>;
    opdReportFile: (m: unknown, id: number, asOf: Date, o: object) => Promise<{ file: { name: string; content: Buffer } }>;
  }>('src/domain/reports/workbooks/report-file.ts');
  const regency = await regencyReportFile(db.models, asOf, { regencyName: 'Kabupaten Karanganyar' });
  const models = db.models as { Opd: { findOne(o: object): Promise<{ id: number; code: string }> } };
  const biggest = await models.Opd.findOne({ where: { code: 'DISDIKBUD' } });
  const opd = await opdReportFile(db.models, biggest.id, asOf, { regencyName: 'Kabupaten Karanganyar' });
  await db.close();

  const profile = pathToFileURL(path.join(out, 'lo-profile')).href;
  for (const [label, f] of [
    ['regency', regency.file],
    ['opd', opd.file],
  ] as const) {
    const xlsx = path.join(out, `${label}.xlsx`);
    fs.writeFileSync(xlsx, f.content);
    const t0 = Date.now();
    run('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', out, xlsx]);
    const pdf = path.join(out, `${label}.pdf`);
    const { total, sheets } = countPages(pdf);
    console.log(`${label} (${f.name}): ${total} pages; per sheet ${sheets.join(' + ')}; converted in ${Date.now() - t0} ms`);
    for (const p of pngPages) {
      run('pdftoppm', ['-png', '-r', '60', '-f', p, '-l', p, pdf, path.join(out, `${label}-p${p}`)]);
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
