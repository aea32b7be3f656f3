/**
 * The regency's calendar is Asia/Jakarta (WIB, UTC+7, no daylight saving). Timestamps are
 * stored in UTC; days, phases and report periods are computed in WIB.
 */
export const TIMEZONE = 'Asia/Jakarta';
const OFFSET_MS = 7 * 3600 * 1000;

/** YYYY-MM-DD of the instant in Asia/Jakarta. */
export function jakartaDate(d: Date = new Date()): string {
  return new Date(d.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The UTC instant of 00:00 WIB on the given YYYY-MM-DD. */
export function startOfJakartaDay(ymd: string): Date {
  return new Date(Date.parse(`${ymd}T00:00:00.000Z`) - OFFSET_MS);
}

export function addDays(ymd: string, days: number): string {
  const t = Date.parse(`${ymd}T00:00:00.000Z`) + days * 86400000;
  return new Date(t).toISOString().slice(0, 10);
}

export function daysBetween(fromYmd: string, toYmd: string): number {
  return Math.round((Date.parse(`${toYmd}T00:00:00Z`) - Date.parse(`${fromYmd}T00:00:00Z`)) / 86400000);
}

const fmtDateTime = new Intl.DateTimeFormat('id-ID', {
  timeZone: TIMEZONE,
  day: '2-digit',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const fmtDate = new Intl.DateTimeFormat('id-ID', { timeZone: TIMEZONE, day: '2-digit', month: 'long', year: 'numeric' });

/** "26 November 2026 pukul 07.00 WIB" */
export function formatJakartaDateTime(d: Date): string {
  return `${fmtDateTime.format(d).replace(/ pukul /, ' pukul ')} WIB`;
}
export function formatJakartaDate(d: Date | string): string {
  return fmtDate.format(typeof d === 'string' ? startOfJakartaDay(d) : d);
}
