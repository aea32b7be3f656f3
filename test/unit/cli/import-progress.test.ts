import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { importProgress } from '../../../src/cli/import.js';

describe('cli import: progress on stderr', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('holds back lines that come faster than four a second, yet every phase ends on its final count', () => {
    const out: string[] = [];
    const { report, flush } = importProgress((s) => out.push(s));
    report({ phase: 'copy', rows: 0 });
    report({ phase: 'validate', rows: 1000 });
    report({ phase: 'validate', rows: 2000 });
    report({ phase: 'validate', rows: 2500 });
    report({ phase: 'commit', rows: 1000 });
    report({ phase: 'commit', rows: 1800 });
    jest.advanceTimersByTime(300);
    report({ phase: 'commit', rows: 2800 });
    report({ phase: 'commit', rows: 3000 });
    flush();
    const text = out.join('');
    expect(text).toContain('menyalin berkas: 0 baris');
    expect(text).toContain('memeriksa: 2.500 baris');
    expect(text).not.toContain('memeriksa: 2.000 baris');
    expect(text).not.toContain('mengimpor: 1.800 baris');
    expect(text).toContain('mengimpor: 2.800 baris');
    expect(out.at(-1)).toContain('mengimpor: 3.000 baris');
  });

  it('writes nothing more on flush when the last line was already shown', () => {
    const out: string[] = [];
    const { report, flush } = importProgress((s) => out.push(s));
    report({ phase: 'validate', rows: 500 });
    flush();
    expect(out).toEqual(['\rmemeriksa: 500 baris   ']);
  });
});
