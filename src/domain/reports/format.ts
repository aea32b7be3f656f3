import { formatJakartaDateTime } from '../shared/time.js';

/**
 * Indonesian formatting for report bodies and sheet texts: thousands with '.', decimals with ',',
 * the as-of line on the regency's calendar (shared/time.ts). Pure functions; no locale data beyond
 * Node's built-in ICU.
 */

const intFmt = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });
const dec1Fmt = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 9123 → '9.123'; non-finite → '-'. Rounds to a whole number. */
export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '-';
  return intFmt.format(Math.round(n)).replace(/\u2212/g, '-');
}

/** 85.3 → '85,3' (fixed number of decimals, default 1). */
export function formatDecimal(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '-';
  const f = digits === 1 ? dec1Fmt : new Intl.NumberFormat('id-ID', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return f.format(n).replace(/\u2212/g, '-');
}

/** A percentage given on the 0..100 scale: 85.3 → '85,3%', 100 → '100,0%'. */
export function formatPct(pct: number | null | undefined, digits = 1): string {
  const s = formatDecimal(pct, digits);
  return s === '-' ? s : `${s}%`;
}

/** A signed change: 12 → '+12', -1234 → '-1.234', 0 → '0'; null (no previous report) → '-'. */
export function formatSignedNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '-';
  const r = Math.round(n);
  if (r === 0) return '0';
  return `${r > 0 ? '+' : '-'}${formatNumber(Math.abs(r))}`;
}

/** A change of a percentage in percentage points: 1.2 → '+1,2 poin', -0.5 → '-0,5 poin', 0 → '0,0 poin'. */
export function formatPctPoints(delta: number | null | undefined): string {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) return '-';
  const r = Math.round(delta * 10) / 10;
  const body = formatDecimal(Math.abs(r));
  return `${r > 0 ? '+' : r < 0 ? '-' : ''}${body} poin`;
}

/** 3 → '3 hari'; null → '-'. */
export function formatDays(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '-';
  return `${formatNumber(n)} hari`;
}

/** 'Keadaan per 26 November 2026 pukul 07.00 WIB' — the as-of line of every report sheet. */
export function formatAsOfLine(asOf: Date): string {
  return `Keadaan per ${formatJakartaDateTime(asOf)}`;
}

/** Indonesian label of a completion band. */
export function bandLabel(b: 'red' | 'amber' | 'green'): string {
  return b === 'red' ? 'Merah (< 50%)' : b === 'amber' ? 'Kuning (50% - < 80%)' : 'Hijau (>= 80%)';
}

/** 'Sudah' / 'Belum' */
export function yesNo(v: boolean): string {
  return v ? 'Sudah' : 'Belum';
}
