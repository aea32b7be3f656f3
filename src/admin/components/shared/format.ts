/**
 * How the panel shows values in the browser: instants as "2 Des 2026 09.15 WIB" in the regency's
 * zone (sent by the server as AdminJS env TZ; src/domain/shared/time.ts owns the calendar on the
 * server), numbers in Indonesian.
 */
const zone = (): string => {
  const env = (globalThis as { AdminJS?: { env?: Record<string, string> } }).AdminJS?.env;
  return env?.TZ || 'Asia/Jakarta';
};

/** A value as the text of a date ('' for anything that cannot be one). */
const asText = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : value instanceof Date ? value.toISOString() : '';

export function formatDateTime(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  const d = new Date(value as string);
  if (Number.isNaN(d.getTime())) return asText(value) || '—';
  const parts = new Intl.DateTimeFormat('id-ID', {
    timeZone: zone(),
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(d);
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('day')} ${p('month').replace('.', '')} ${p('year')} ${p('hour')}.${p('minute')} ${p('timeZoneName')}`;
}

/** A calendar day (YYYY-MM-DD or an instant) as "2 Des 2026". */
export function formatDate(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  const text = asText(value);
  const d = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T12:00:00Z`) : new Date(text);
  if (Number.isNaN(d.getTime())) return text;
  return new Intl.DateTimeFormat('id-ID', { timeZone: zone(), day: 'numeric', month: 'short', year: 'numeric' }).format(d).replace('.', '');
}

export const formatNumber = (n: number): string => new Intl.NumberFormat('id-ID').format(n);
