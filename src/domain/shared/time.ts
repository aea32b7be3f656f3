import { DateTime, IANAZone } from 'luxon';

/**
 * The regency's calendar, from one place. Instants are stored in UTC; "today", phase windows,
 * schedules, report periods, throughput days and every date shown are computed on this calendar,
 * in the configured zone (AppConfig.timezone, the TZ variable, Asia/Jakarta by default) by luxon —
 * no hand-written offsets. The composition root sets the zone once at start-up (useTimezone);
 * until then it is the default. The names say "Jakarta" after that default: they mean "on the
 * regency's calendar".
 */
export const DEFAULT_TIMEZONE = 'Asia/Jakarta';

let zone = DEFAULT_TIMEZONE;

function isTimezone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

/** Sets the calendar's zone (an IANA name such as "Asia/Makassar"): called once, by the composition root. */
export function useTimezone(name: string): void {
  if (!isTimezone(name)) throw new RangeError(`Zona waktu tidak dikenal: "${name}" (TZ, contoh: Asia/Jakarta)`);
  zone = name;
}

/** The calendar's zone, for the cron libraries (node-cron, cron-parser). */
export function timezone(): string {
  return zone;
}

/** The instant on the calendar as text: a luxon format pattern, Indonesian names ("MMMM" → "November", "ZZZZ" → "WIB"). */
export function formatInZone(d: Date, pattern: string): string {
  return DateTime.fromJSDate(d, { zone }).setLocale('id').toFormat(pattern);
}

/** YYYY-MM-DD of the instant on the calendar. */
export function jakartaDate(d: Date = new Date()): string {
  return formatInZone(d, 'yyyy-MM-dd');
}

/** 'YYYY-MM-DDTHH:MM' of the instant's minute on the calendar. */
export function jakartaMinute(d: Date): string {
  return formatInZone(d, "yyyy-MM-dd'T'HH:mm");
}

/** The instant at which the given YYYY-MM-DD starts on the calendar. */
export function startOfJakartaDay(ymd: string): Date {
  return DateTime.fromISO(ymd, { zone }).startOf('day').toJSDate();
}

/** "YYYY-MM-DD HH:MM" (or with a "T") read on the calendar; null when the text is not of that form. */
export function parseJakartaMinute(text: string): Date | null {
  const t = DateTime.fromFormat(text.trim().replace('T', ' '), 'yyyy-MM-dd HH:mm', { zone });
  return t.isValid ? t.toJSDate() : null;
}

/** A calendar day as a zone-free date, for day arithmetic. */
function day(ymd: string): DateTime {
  const d = DateTime.fromISO(ymd, { zone: 'utc' });
  if (!d.isValid) throw new RangeError(`Tanggal tidak valid: "${ymd}"`);
  return d;
}

export function addDays(ymd: string, days: number): string {
  return day(ymd).plus({ days }).toISODate()!;
}

export function daysBetween(fromYmd: string, toYmd: string): number {
  return Math.round(day(toYmd).diff(day(fromYmd), 'days').days);
}

/** ISO weekday of a YYYY-MM-DD calendar day: 1 = Monday … 7 = Sunday. */
export function weekdayOf(ymd: string): number {
  return day(ymd).weekday;
}

/** "23 Des": a YYYY-MM-DD day, short (Indonesian month abbreviation). */
export function formatShortDate(ymd: string): string {
  return day(ymd).setLocale('id').toFormat('d MMM');
}

/** The ways an instant is shown (Indonesian; the zone's own abbreviation, WIB for Asia/Jakarta). */
const DATE_TIME_STYLES = {
  /** "26 November 2026 pukul 07.00 WIB" — sheets and the dashboard */
  long: "dd MMMM yyyy 'pukul' HH.mm ZZZZ",
  /** "26 November 2026 07.00 WIB" — e-mail subjects and bodies */
  short: 'd MMMM yyyy HH.mm ZZZZ',
  /** "26 Nov 2026 07.00 WIB" — messages of a thread, queues */
  compact: 'd MMM yyyy HH.mm ZZZZ',
  /** "Kamis, 26 November 2026 07.00 WIB" — fire times of a schedule */
  weekday: 'cccc, d MMMM yyyy HH.mm ZZZZ',
} as const;

export function formatJakartaDateTime(d: Date, style: keyof typeof DATE_TIME_STYLES = 'long'): string {
  return formatInZone(d, DATE_TIME_STYLES[style]);
}

/** "26 November 2026": the calendar day of an instant, or a YYYY-MM-DD day. */
export function formatJakartaDate(d: Date | string): string {
  return formatInZone(typeof d === 'string' ? startOfJakartaDay(d) : d, 'dd MMMM yyyy');
}

/**
 * An instant as the panel's lists show it, on the calendar: "2 Des 2026 10.00 WIB" (day "d MMM
 * yyyy", time "HH.mm", the zone's abbreviation) — the text formatInZone(d, 'd MMM yyyy HH.mm ZZZZ')
 * gives, from one cached Intl formatter per zone, so a list of many thousand rows (an export)
 * does not build a formatter per cell. `withTime: false` gives the day alone ("2 Des 2026").
 */
export function formatListDate(d: Date, withTime = true): string {
  const key = `${zone}|${withTime}`;
  let f = listFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('id-ID', {
      timeZone: zone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' } : {}),
    });
    listFormats.set(key, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(d)) p[part.type] = part.value;
  const day = `${p.day} ${p.month} ${p.year}`;
  return withTime ? `${day} ${p.hour}.${p.minute} ${p.timeZoneName}` : day;
}
const listFormats = new Map<string, Intl.DateTimeFormat>();
