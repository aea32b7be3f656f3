import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The readers stream: a 100,000-row ASN export (≈ 39 MB) is never held in memory. The work runs
 * in a plain Node process (test/helpers/stream-memory-child.ts) that samples its live heap after
 * a full collection every 10,000 rows; the peak growth over the start must stay far below the
 * file's size. (A reader that loaded the file would hold at least its 39 MB, and several times
 * that once split into 6.4 million cell strings.)
 */

const ROWS = 100_000;
const CHILD = fileURLToPath(new URL('../../../helpers/stream-memory-child.ts', import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-stream-'));
const file = path.join(dir, 'export-asn-100k.csv');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function child(...args: string[]): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', CHILD, ...args],
      { env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${err.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').pop()!));
      },
    );
  });
}

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

let size = 0;
beforeAll(async () => {
  const made = await child('generate', file, String(ROWS));
  expect(made.rows).toBe(ROWS);
  size = fs.statSync(file).size;
  expect(made.size).toBe(size);
}, 180_000);

describe('streaming a 100,000-row export', () => {
  it('parses it with a live heap growth far below the file size', async () => {
    expect(size).toBeGreaterThan(38 * 1024 * 1024);
    const got = await child('parse', file);
    console.log(
      `parse: ${got.rows} rows in ${got.ms} ms; peak live heap +${mb(got.heapPeak)}, RSS +${mb(got.rssPeak)} for a ${mb(size)} file`,
    );
    expect(got.rows).toBe(ROWS + 1);
    expect(got.cells).toBe((ROWS + 1) * 64);
    expect(got.bytesRead).toBe(size);
    expect(got.heapPeak).toBeLessThan(size / 10);
  }, 180_000);

  it('validates and plans it as well, keeping only the keys of the file (not its rows)', async () => {
    const got = await child('plan', file);
    console.log(`validate + plan: ${got.rows} rows in ${got.ms} ms; peak live heap +${mb(got.heapPeak)}, RSS +${mb(got.rssPeak)}`);
    expect(got.counts).toEqual({ new: ROWS, changed: 0, unchanged: 0, error: 0, missing: 0 });
    expect(got.samples).toBe(20);
    // The NIP and PNS ID of every row are remembered (duplicates in the file, "no longer in the
    // file"): some 200 bytes a row. Keeping the rows themselves would take several KB a row.
    expect(got.heapPeak).toBeLessThan(ROWS * 300);
  }, 180_000);
});
