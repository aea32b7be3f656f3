/**
 * Run by test/unit/domain/imports/streaming-memory.test.ts as a plain Node process
 * (`node --expose-gc --import tsx`): outside jest's module sandbox, where csv-parse runs about ten
 * times slower, and with a heap of its own so the figures are the import's, not the test runner's.
 *
 *   generate FILE ROWS   writes a valid ASN export of ROWS rows built from the sample
 *   parse FILE           streams the file through openSheetFile
 *   plan FILE            streams it through openImport + planAsnImport + summarisePlan
 *
 * Prints one JSON line: rows, live-heap and RSS growth peaks (bytes), elapsed milliseconds.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { planAsnImport } from '../../src/domain/imports/asn.planner.js';
import { openImport } from '../../src/domain/imports/import-file.reader.js';
import { summarisePlan } from '../../src/domain/imports/import-plan.js';
import { openSheetFile } from '../../src/domain/imports/sheet.reader.js';
import { NOW, col, sampleTable, testProfiles, writeCsv } from './siasn-samples.js';

const [mode, file, rowsArg] = process.argv.slice(2) as [string, string, string | undefined];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

/** A valid export: the sample's rows repeated with distinct NIP (sequence digits) and PNS ID. */
async function generate(rows: number): Promise<void> {
  const t = sampleTable('asn');
  const nipCol = col(t, 'NIP BARU');
  const pnsCol = col(t, 'PNS ID');
  const seen = new Set<string>();
  const out = fs.createWriteStream(file);
  const write = (b: Buffer) => (out.write(b) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(writeCsv({ header: t.header, rows: [] }, { bom: true }));
  let n = 0;
  for (let k = 0; n < rows; k++) {
    const batch: string[][] = [];
    for (const r of t.rows) {
      if (n >= rows) break;
      const row = [...r];
      const prefix = r[nipCol].slice(0, 15);
      let seq = (Number(r[nipCol].slice(15)) + k) % 1000;
      let nip: string;
      do {
        seq = (seq % 999) + 1;
        nip = prefix + String(seq).padStart(3, '0');
      } while (seen.has(nip));
      seen.add(nip);
      row[nipCol] = nip;
      row[pnsCol] = `A8ACA7${n.toString(16).toUpperCase().padStart(10, '0')}E040640A02`;
      batch.push(row);
      n++;
    }
    const csv = writeCsv({ header: t.header, rows: batch });
    await write(csv.subarray(csv.indexOf('\n') + 1)); // without writeCsv's header line
  }
  await new Promise<void>((r) => out.end(() => r()));
  console.log(JSON.stringify({ rows: n, size: fs.statSync(file).size }));
}

async function measure(): Promise<void> {
  gc!();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  let heapPeak = 0;
  let rssPeak = 0;
  const sample = () => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss - rss0);
    gc!();
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed - heap0);
  };
  const t0 = performance.now();
  const sheet = await openSheetFile(file, { maxBytes: 100 * 1024 * 1024 });
  const result: Record<string, unknown> = {};
  if (mode === 'parse') {
    let rows = 0;
    let cells = 0;
    for await (const r of sheet.rows) {
      rows++;
      cells += r.cells.length;
      if (rows % 10_000 === 0) sample();
    }
    Object.assign(result, { rows, cells, bytesRead: sheet.bytesRead() });
  } else {
    const opened = await openImport(testProfiles().asn, sheet, { now: NOW });
    const plan = planAsnImport(opened.rows, {
      employeesByNip: async () => new Map(),
      activeEmployees: async function* () {},
      unitMap: { opdFor: () => 1 },
      opds: [{ id: 1, code: 'DINKES', name: 'Dinas Kesehatan', kind: 'dinas' }],
    });
    const summary = await summarisePlan(plan, { onProgress: sample, progressEvery: 10_000 });
    Object.assign(result, { rows: summary.rows, counts: summary.counts, samples: summary.samples.new.length });
  }
  sample();
  console.log(JSON.stringify({ ...result, heapPeak, rssPeak, ms: Math.round(performance.now() - t0) }));
}

if (mode === 'generate') await generate(Number(rowsArg));
else await measure();
