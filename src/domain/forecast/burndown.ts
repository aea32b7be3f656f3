import type { WorkingCalendar } from '../campaign/working-days.js';
import { addDays, formatShortDate } from '../shared/time.js';
import { PACE_WINDOW_DAYS, type Forecast } from './forecast.js';

/**
 * The burn-down of the completion forecast (pure: numbers in, a chart's series out). It draws the
 * forecast of forecast.ts, so the chart and the sentence beside it never disagree:
 *
 * - x axis: the working days from the start of the current phase to the deadline (the approval
 *   phase's last day, the forecast's deadline), today added when it is not a working day, and
 *   extended to the forecast's finish date when that is later (at most EXTRA_DAYS_MAX working
 *   days). The first point is the end of the calendar day before the phase starts (= its start).
 * - every value is "ASN not yet completed at the END of that day" (completion.ts, the one rule):
 *   - actual: the past days from the history (forecast-data.ts counts each day as of the next
 *     day's 00.00 WIB); today: the count now (the day is not over);
 *   - projection (from today on): remaining now − ⌊window completions × j / 5⌋, j being the
 *     working days from today to that day, today included when it is a working day — the
 *     forecast's own arithmetic, so the line reaches 0 on its finish date (and stops there) and
 *     stands at total − expectedAtDeadline on the deadline;
 *   - ideal: a straight line over working days from the remaining at the phase's start to 0 at
 *     the deadline (R0 × (1 − i / N), i of N working days gone, one decimal).
 */

/** How far past the deadline the axis may reach to show the projected finish. */
export const EXTRA_DAYS_MAX = 10;

export interface BurndownPoint {
  /** The calendar day (YYYY-MM-DD) whose end the values are about. */
  date: string;
  /** "23 Des" (Indonesian, the axis label). */
  label: string;
  actual: number | null;
  projected: number | null;
  ideal: number | null;
  today: boolean;
}

export interface Burndown {
  unit: 'ASN';
  /** First day of the current phase (the chart starts at its beginning). */
  from: string;
  deadline: string;
  today: string;
  points: BurndownPoint[];
  /** The remaining at the phase's start (the ideal line's start). */
  startRemaining: number;
  /** The forecast's sentence ("dengan laju sekarang selesai 23 Des; perlu 41 ASN/hari"). */
  sentence: string;
  /** The chart told in one paragraph (the canvas's aria-label and the caption of its table). */
  summary: string;
}

export interface BurndownInput {
  calendar: WorkingCalendar;
  /** The current phase's first day. */
  from: string;
  today: string;
  forecast: Forecast;
  /** ASN not completed at the start of `from` (00.00 WIB). */
  startRemaining: number;
  /** ASN not completed at the end of each past working day of the axis (before today). */
  remainingAtEndOf: ReadonlyMap<string, number>;
  windowDays?: number;
}

const nf = new Intl.NumberFormat('id-ID');
const round1 = (v: number): number => Math.round(v * 10) / 10;

/** The axis days: working days of [from, last], plus today. */
export function burndownDays(calendar: WorkingCalendar, from: string, last: string, today: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= last; d = addDays(d, 1)) if (calendar.isWorkingDay(d) || d === today) out.push(d);
  return out;
}

/** The last day the axis shows: the deadline, or the finish date when later (capped). */
export function burndownLastDay(calendar: WorkingCalendar, forecast: Forecast, today: string): string {
  const base = forecast.deadline > today ? forecast.deadline : today;
  if (!forecast.finishDate || forecast.finishDate <= base) return base;
  const cap = calendar.nthWorkingDayFrom(addDays(base, 1), EXTRA_DAYS_MAX);
  return forecast.finishDate < cap ? forecast.finishDate : cap;
}

export function computeBurndown(input: BurndownInput): Burndown {
  const { calendar, from, today, forecast } = input;
  const windowDays = input.windowDays ?? PACE_WINDOW_DAYS;
  const last = burndownLastDay(calendar, forecast, today);
  const days = burndownDays(calendar, from, last, today);
  const idealDays = calendar.countWorkingDays(from, forecast.deadline);
  const r0 = input.startRemaining;
  const ideal = (d: string): number | null => {
    if (d > forecast.deadline) return null;
    if (idealDays === 0) return 0;
    return round1(r0 * (1 - calendar.countWorkingDays(from, d) / idealDays));
  };
  const projected = (d: string): number | null => {
    if (d < today) return null;
    const j = calendar.countWorkingDays(today, d);
    return Math.max(0, forecast.remaining - Math.floor((forecast.windowCompleted * j) / windowDays));
  };
  // The projection stops at its first 0 (the finish date); the axis may go on to the deadline.
  const finished = (d: string): boolean => {
    const prev = calendar.nthWorkingDayBack(addDays(d, -1), 1);
    return prev >= today && projected(prev) === 0;
  };
  const start = addDays(from, -1);
  const points: BurndownPoint[] = [
    { date: start, label: formatShortDate(start), actual: r0, projected: null, ideal: r0, today: false },
    ...days.map((d) => ({
      date: d,
      label: formatShortDate(d),
      actual: d < today ? (input.remainingAtEndOf.get(d) ?? null) : d === today ? forecast.remaining : null,
      projected: finished(d) ? null : projected(d),
      ideal: ideal(d),
      today: d === today,
    })),
  ];
  return {
    unit: 'ASN',
    from,
    deadline: forecast.deadline,
    today,
    points,
    startRemaining: r0,
    sentence: forecast.sentence,
    summary: burndownSummary(forecast, from, r0),
  };
}

/** "Grafik sisa ASN belum selesai: 8 dari 15 ASN per hari ini …" — what the chart shows, in words. */
export function burndownSummary(f: Forecast, from: string, r0: number): string {
  const parts = [
    `Grafik sisa ASN belum selesai, per hari kerja sejak ${formatShortDate(from)}: ${nf.format(r0)} ASN pada awal tahap, ${nf.format(
      f.remaining,
    )} dari ${nf.format(f.total)} ASN hari ini.`,
    `Garis ideal mencapai 0 pada batas waktu ${formatShortDate(f.deadline)}.`,
    `Perkiraan dengan laju ${new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 }).format(f.pace)} ASN/hari kerja: ${f.sentence}.`,
  ];
  return parts.join(' ');
}
