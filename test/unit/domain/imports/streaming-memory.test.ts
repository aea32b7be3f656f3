import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { planAsnImport } from '../../../../src/domain/imports/asn.planner.js';
import { openImport } from '../../../../src/domain/imports/import-file.reader.js';
import { summarisePlan } from '../../../../src/domain/imports/import-plan.js';
import { openSheetFile } from '../../../../src/domain/imports/sheet.reader.js';
import { NOW, col, sampleTable, testProfiles, writeCsv } from '../../../helpers/siasn-samples.js';

/**
 * The readers stream: parsing a 100,000-row ASN export (≈ 41 MB) must not hold the file in
 * memory. The live heap (after a full collection) is sampled while rows are read; its peak
 * growth over the start must stay far below the file's size.
 */

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const ROWS = 100_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-stream-'));
const file = path.join(dir, 'export-asn-100k.csv');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** 100,000 valid rows from the 500 of the sample: distinct NIP (sequence digits) and PNS ID. */
beforeAll(async () => {
  const t = sampleTable('asn');
  const nipCol = col(t, 'NIP BARU');
  const pnsCol = col(t, 'PNS ID');
  const seen = new Set<string>();
  const out = fs.createWriteStream(file);
  const write = (b: Buffer) => (out.write(b) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(writeCsv({ header: t.header, rows: [] }, { bom: true }));
  let n = 0;
  for (let k = 0; n < ROWS; k++) {
    const batch: string[][] = [];
    for (const r of t.rows) {
      if (n >= ROWS) break;
      const row = [...r];
      const prefix = r[nipCol]!.slice(0, 15);
      let seq = (Number(r[nipCol]!.slice(15)) + k) % 1000;
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
    // writeCsv repeats the header line: drop it.
    await write(csv.subarray(csv.indexOf('\n') + 1));
  }
  await new Promise<void>((r) => out.end(() => r()));
}, 120_000);

function liveHeap(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

describe('streaming a 100,000-row export', () => {
  it('parses it with a live heap growth far below the file size', async () => {
    const size = fs.statSync(file).size;
    expect(size).toBeGreaterThan(38 * 1024 * 1024);
    const start = liveHeap();
    let peak = 0;
    let rows = 0;
    let cells = 0;
    const sheet = await openSheetFile(file, { maxBytes: 100 * 1024 * 1024 });
    for await (const r of sheet.rows) {
      rows++;
      cells += r.cells.length;
      if (rows % 10_000 === 0) peak = Math.max(peak, liveHeap() - start);
    }
    expect(rows).toBe(ROWS + 1);
    expect(cells).toBe((ROWS + 1) * 64);
    expect(sheet.bytesRead()).toBe(size);
    // A reader that loaded the file would hold at least its 39 MB (and several times that as strings).
    console.log(`parse: peak live heap growth ${(peak / 1048576).toFixed(1)} MB for a ${(size / 1048576).toFixed(1)} MB file`);
    expect(peak).toBeLessThan(size / 10);
  }, 120_000);

  it('validates and plans it as well, keeping only the keys of the file (not its rows)', async () => {
    const size = fs.statSync(file).size;
    const start = liveHeap();
    let peak = 0;
    const sheet = await openSheetFile(file, { maxBytes: 100 * 1024 * 1024 });
    const opened = await openImport(testProfiles().asn, sheet, { now: NOW });
    const plan = planAsnImport(opened.rows, {
      employeesByNip: async () => new Map(),
      activeEmployees: async function* () {},
      unitMap: { opdFor: () => 1 },
      opds: [{ id: 1, code: 'DINKES', name: 'Dinas Kesehatan', kind: 'dinas' }],
    });
    const summary = await summarisePlan(plan, { onProgress: () => (peak = Math.max(peak, liveHeap() - start)), progressEvery: 10_000 });
    expect(summary.counts).toEqual({ new: ROWS, changed: 0, unchanged: 0, error: 0, missing: 0 });
    expect(summary.samples.new).toHaveLength(20);
    // The NIP and PNS ID of every row are remembered (duplicates in the file, "no longer in the
    // file"): some 200 bytes a row. Keeping the rows themselves would take several KB a row.
    console.log(`validate+plan: peak live heap growth ${(peak / 1048576).toFixed(1)} MB`);
    expect(peak).toBeLessThan(ROWS * 300);
  }, 180_000);
});
