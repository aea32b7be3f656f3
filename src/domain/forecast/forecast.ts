import type { WorkingCalendar } from '../campaign/working-days.js';
import { addDays, formatShortDate } from '../shared/time.js';

/**
 * The completion forecast (pure: numbers in, numbers out).
 *
 * Method — deliberately simple, so an OPD head can redo it by hand:
 * 1. Pace: the employees who completed (the ONE rule, src/domain/submissions/completion.ts) during
 *    the last PACE_WINDOW_DAYS (5) full working days before today, divided by 5:
 *        pace = (completed at the start of today − completed at the start of the 5th working
 *                day before today) / 5                                         [ASN per working day]
 *    Today is left out (it is not over); completions on a weekend or holiday inside the window
 *    count (they were done, just on a day off).
 * 2. Remaining: ASN counted now − ASN completed now.
 * 3. Working days left: the working days from today to the deadline (the end of the approval
 *    phase, the campaign's last day), both included; 0 once the deadline has passed.
 * 4. Expected at the deadline: completed now + pace × working days left, at most every ASN
 *    (rounded down: whole employees).
 * 5. Finish date at that pace: the ⌈remaining / pace⌉-th working day counting today as the first
 *    (when today is a working day); none when the pace is 0; "done" when nothing remains.
 * 6. Needed per day: ⌈remaining / working days left⌉ (ASN per working day, from today); none
 *    when the deadline has passed.
 * Per OPD with its own numbers; for the regency with the sums over the OPDs.
 */

export const PACE_WINDOW_DAYS = 5;

/**
 * A finish date further than this many working days (about five years) is "never" (null): it
 * says nothing useful, and the calendar refuses walks of more than ten years (a slow start in a
 * 100,000-ASN regency — 1 a day — would otherwise fail the dashboard and the regency report).
 */
export const FINISH_HORIZON_WORKING_DAYS = 1250;

export interface ForecastInput {
  /** ASN counted now. */
  total: number;
  /** ASN completed now. */
  completedNow: number;
  /** ASN completed at the start of the window (the 5th working day before today, 00:00). */
  completedAtWindowStart: number;
  /** ASN completed at the start of today (the end of the window). */
  completedAtWindowEnd: number;
  /** Today, YYYY-MM-DD on the regency's calendar. */
  today: string;
  /** The deadline (the approval phase's last day), YYYY-MM-DD. */
  deadline: string;
  calendar: WorkingCalendar;
  windowDays?: number;
}

export interface Forecast {
  total: number;
  completed: number;
  remaining: number;
  /** Window of the pace: first and last day (YYYY-MM-DD). */
  windowFrom: string;
  windowTo: string;
  /** Completed inside the window. */
  windowCompleted: number;
  /** ASN per working day (two decimals). */
  pace: number;
  deadline: string;
  workingDaysLeft: number;
  expectedAtDeadline: number;
  /** At the current pace: the day the last ASN would complete; null when never (pace 0, or beyond FINISH_HORIZON_WORKING_DAYS) or already done. */
  finishDate: string | null;
  done: boolean;
  /** finishDate on or before the deadline (or done). */
  onTime: boolean;
  /** ASN per working day needed from today to finish by the deadline; null once it has passed (or when done: 0). */
  neededPerDay: number | null;
  /** The one-line Indonesian sentence ("dengan laju sekarang selesai 23 Des; perlu 41 ASN/hari"). */
  sentence: string;
}

/** The first and last day of the pace window ending the day before `today`. */
export function paceWindow(calendar: WorkingCalendar, today: string, windowDays = PACE_WINDOW_DAYS): { from: string; to: string } {
  const yesterday = addDays(today, -1);
  return { from: calendar.nthWorkingDayBack(yesterday, windowDays), to: calendar.nthWorkingDayBack(yesterday, 1) };
}

export function computeForecast(input: ForecastInput): Forecast {
  const windowDays = input.windowDays ?? PACE_WINDOW_DAYS;
  const { calendar, today, deadline } = input;
  const win = paceWindow(calendar, today, windowDays);
  const completed = Math.min(input.completedNow, input.total);
  const remaining = Math.max(0, input.total - completed);
  const windowCompleted = Math.max(0, input.completedAtWindowEnd - input.completedAtWindowStart);
  const pace = windowCompleted / windowDays;
  const workingDaysLeft = today > deadline ? 0 : calendar.countWorkingDays(today, deadline);
  // Integer arithmetic (pace = windowCompleted / windowDays), so 8 / 0.8 is exactly 10.
  const expectedAtDeadline = Math.min(input.total, completed + Math.floor((windowCompleted * workingDaysLeft) / windowDays));
  const done = remaining === 0;
  const daysNeeded = windowCompleted > 0 ? Math.ceil((remaining * windowDays) / windowCompleted) : Infinity;
  const finishDate = done || daysNeeded > FINISH_HORIZON_WORKING_DAYS ? null : calendar.nthWorkingDayFrom(today, daysNeeded);
  const onTime = done || (finishDate !== null && finishDate <= deadline);
  const neededPerDay = done ? 0 : workingDaysLeft > 0 ? Math.ceil(remaining / workingDaysLeft) : null;
  const f = {
    total: input.total,
    completed,
    remaining,
    windowFrom: win.from,
    windowTo: win.to,
    windowCompleted,
    pace: Math.round(pace * 100) / 100,
    deadline,
    workingDaysLeft,
    expectedAtDeadline,
    finishDate,
    done,
    onTime,
    neededPerDay,
  };
  return { ...f, sentence: forecastSentence(f) };
}

const nf = new Intl.NumberFormat('id-ID');
const pf = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 });

/** "dengan laju sekarang selesai 23 Des; perlu 41 ASN/hari" and its variants. */
export function forecastSentence(f: Omit<Forecast, 'sentence'>): string {
  if (f.total === 0) return 'belum ada ASN';
  if (f.done) return 'seluruh ASN sudah selesai';
  const need =
    f.neededPerDay === null
      ? `batas waktu ${formatShortDate(f.deadline)} sudah lewat; sisa ${nf.format(f.remaining)} ASN`
      : `perlu ${nf.format(f.neededPerDay)} ASN/hari`;
  const at = f.finishDate
    ? `dengan laju sekarang selesai ${formatShortDate(f.finishDate)}`
    : f.windowCompleted > 0
      ? `dengan laju sekarang (${pf.format(f.pace)} ASN/hari) tidak selesai dalam ${nf.format(FINISH_HORIZON_WORKING_DAYS)} hari kerja`
      : 'dengan laju sekarang (0 ASN/hari) tidak selesai';
  return `${at}; ${need}`;
}
