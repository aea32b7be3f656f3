import { defaultHolidays, type Holiday } from '../../../config/service-levels.js';
import { ValidationError } from '../shared/errors.js';
import { addDays, weekdayOf } from '../shared/time.js';

/**
 * Indonesian working days: Monday to Friday on the regency's calendar (src/domain/shared/time.ts),
 * minus the holidays of the campaign. A campaign keeps its holidays as data (campaigns.holidays,
 * one "YYYY-MM-DD Nama" per line, edited in the panel); an empty list stands for the national
 * holidays shipped in config/holidays.json. Pure: no database, no clock.
 *
 * Counting convention (used by ageing and the forecast): the age of something that entered on
 * day E, seen on day T, is the number of working days d with E < d <= T — entered on Friday,
 * seen on Monday: 1 working day; entered and seen on the same day: 0.
 */

/** Safety bound for day-by-day walks (ten years). */
const MAX_WALK = 3660;

export class WorkingCalendar {
  private readonly holidays: ReadonlySet<string>;

  constructor(holidays: Iterable<string>) {
    this.holidays = new Set(holidays);
  }

  /** A calendar with the shipped national holidays. */
  static national(): WorkingCalendar {
    return new WorkingCalendar(defaultHolidays().map((h) => h.date));
  }

  isHoliday(ymd: string): boolean {
    return this.holidays.has(ymd);
  }

  isWorkingDay(ymd: string): boolean {
    return weekdayOf(ymd) <= 5 && !this.holidays.has(ymd);
  }

  /** Working days d with fromYmd < d <= toYmd (0 when toYmd <= fromYmd). */
  workingDaysAfter(fromYmd: string, toYmd: string): number {
    if (toYmd <= fromYmd) return 0;
    return this.countWorkingDays(addDays(fromYmd, 1), toYmd);
  }

  /** Working days in [fromYmd, toYmd], both included (0 when toYmd < fromYmd). */
  countWorkingDays(fromYmd: string, toYmd: string): number {
    let n = 0;
    let d = fromYmd;
    for (let i = 0; d <= toYmd; i++, d = addDays(d, 1)) {
      if (i > MAX_WALK) throw new RangeError(`Rentang hari kerja terlalu panjang: ${fromYmd}..${toYmd}`);
      if (this.isWorkingDay(d)) n++;
    }
    return n;
  }

  /** The k-th working day on or before ymd (k >= 1; ymd itself counts when it is a working day). */
  nthWorkingDayBack(ymd: string, k: number): string {
    return this.walk(ymd, k, -1);
  }

  /** The n-th working day on or after ymd (n >= 1; ymd itself counts when it is a working day). */
  nthWorkingDayFrom(ymd: string, n: number): string {
    return this.walk(ymd, n, 1);
  }

  private walk(ymd: string, k: number, step: 1 | -1): string {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`Urutan hari kerja harus >= 1: ${k}`);
    let d = ymd;
    for (let seen = 0, i = 0; ; d = addDays(d, step), i++) {
      if (i > MAX_WALK) throw new RangeError(`Tidak ada ${k} hari kerja dari ${ymd}`);
      if (this.isWorkingDay(d) && ++seen === k) return d;
    }
  }
}

const LINE = /^(\d{4}-\d{2}-\d{2})(?:\s+(.*))?$/;

/**
 * Reads a campaign's holiday list: one "YYYY-MM-DD Nama hari libur" per line (the name is
 * optional; blank lines and lines starting with # are skipped). A bad line is refused with its
 * number. Returns the holidays sorted by date, duplicates dropped.
 */
export function parseHolidayList(text: string | null | undefined): Holiday[] {
  const out = new Map<string, Holiday>();
  const lines = String(text ?? '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = LINE.exec(line);
    const date = m?.[1];
    if (!date || addDaysSafe(date) !== date) {
      throw new ValidationError(
        `Hari libur baris ${i + 1} tidak valid: "${line}" (tulis "YYYY-MM-DD Nama", contoh "2026-12-25 Hari Raya Natal")`,
        {
          holidays: `Baris ${i + 1}: tanggal tidak valid`,
        },
      );
    }
    if (!out.has(date)) out.set(date, { date, name: (m?.[2] ?? '').trim() || 'Hari libur' });
  });
  return [...out.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** The date itself when it is a real calendar day, else something else (2026-02-30 → null). */
function addDaysSafe(ymd: string): string | null {
  try {
    return addDays(ymd, 0);
  } catch {
    return null;
  }
}

/** A holiday list as the panel shows and stores it. */
export function formatHolidayList(holidays: readonly Holiday[]): string {
  return holidays.map((h) => `${h.date} ${h.name}`).join('\n');
}

/** The shipped national holidays that fall between two days (both included): a new campaign's default list. */
export function defaultHolidaysBetween(fromYmd: string, toYmd: string): Holiday[] {
  return defaultHolidays().filter((h) => h.date >= fromYmd && h.date <= toYmd);
}

/**
 * The working calendar of a campaign: its own holidays, or the national ones when its list is
 * empty (or there is no campaign).
 */
export function calendarFor(campaign: { holidays?: string | null } | null | undefined): WorkingCalendar {
  const own = campaign?.holidays ? parseHolidayList(campaign.holidays) : [];
  return own.length ? new WorkingCalendar(own.map((h) => h.date)) : WorkingCalendar.national();
}
