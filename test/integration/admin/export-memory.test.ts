import { describe, it, expect } from '@jest/globals';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * An export streams: the list is read a page (1000 rows) at a time and each page is written to
 * the workbook's zip stream before the next is read, so the live heap does not grow with the
 * list. The export runs in a plain Node process (test/helpers/export-memory-child.ts) that
 * samples its live heap after a full collection at every page; a list eight times longer must not
 * need a heap eight times larger. (An export that collected the rows, or the workbook, in memory
 * would hold several MB per thousand rows.)
 */

const CHILD = fileURLToPath(new URL('../../helpers/export-memory-child.ts', import.meta.url));
interface Figures {
  rows: number;
  bytes: number;
  pages: number;
  heapPeak: number;
  rssPeak: number;
  ms: number;
}

function child(rows: number): Promise<Figures> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', CHILD, String(rows)],
      { env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${err.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as Figures);
      },
    );
  });
}

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

describe('export memory', () => {
  it('a 16,000-row list is exported with about the heap of a 2,000-row one', async () => {
    const small = await child(2_000);
    const large = await child(16_000);
    for (const [name, f] of [
      ['small', small],
      ['large', large],
    ] as const) {
      console.log(
        `export ${name}: ${f.rows} rows, ${mb(f.bytes)} xlsx, ${f.pages} pages in ${f.ms} ms; peak live heap +${mb(f.heapPeak)}, RSS +${mb(f.rssPeak)}`,
      );
    }
    expect(small.rows).toBe(2_000);
    expect(large.rows).toBe(16_000);
    // 16 full pages, and the empty read that ends them.
    expect(large.pages).toBe(17);
    expect(large.bytes).toBeGreaterThan(5 * small.bytes);
    // Flat: eight times the rows, not eight times the heap (a few MB of slack for the pool and caches).
    expect(large.heapPeak).toBeLessThan(small.heapPeak * 2 + 8 * 1048576);
    expect(large.heapPeak).toBeLessThan(40 * 1048576);
  }, 300_000);
});
