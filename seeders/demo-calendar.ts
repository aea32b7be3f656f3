import { daysInMonth } from '../src/domain/employees/nip-nik.js';
import { addDays, daysBetween, jakartaDate, startOfJakartaDay } from '../src/domain/shared/time.js';
import type { Rng } from './demo-random.js';

/**
 * The demo's calendar: the 2021 round's phases moved so that today is day 4 of verification,
 * and the instants every part of the plan derives from `now` (working hours in WIB, whole
 * seconds so that SQLite and MySQL keep the same values).
 */

/** The 2021 round (Instruksi Bupati Karanganyar 800/29/2021): its dates, and the phase lengths every demo round keeps. */
export const PDM_2021_DATES = {
  helpdeskStart: '2021-08-10',
  selfUpdateStart: '2021-08-15',
  selfUpdateEnd: '2021-08-25',
  verificationStart: '2021-08-26',
  verificationEnd: '2021-09-04',
  approvalStart: '2021-09-05',
  approvalEnd: '2021-09-14',
} as const;
export type CampaignDates = { -readonly [K in keyof typeof PDM_2021_DATES]: string };

/** Today (Asia/Jakarta) is this day of the demo campaign's verification phase. */
export const DEMO_VERIFICATION_DAY = 4;

/**
 * The demo campaign's dates: the 2021 phases shifted so that `now`'s date in Asia/Jakarta is
 * day 4 of the verification phase (verification started three days ago).
 */
export function demoCampaignDates(now: Date): CampaignDates {
  const verificationStart = addDays(jakartaDate(now), -(DEMO_VERIFICATION_DAY - 1));
  const shift = daysBetween(PDM_2021_DATES.verificationStart, verificationStart);
  const out = {} as CampaignDates;
  for (const [k, v] of Object.entries(PDM_2021_DATES)) out[k as keyof CampaignDates] = addDays(v, shift);
  return out;
}

/** The instants the whole plan shares. */
export interface PlanClock {
  now: Date;
  dates: CampaignDates;
  year: number;
  /** Nothing in the plan happens later than this (five minutes before now). */
  latest: number;
  /** When BKPSDM set the round up: 08:00 WIB two weeks before the helpdesk opened. */
  setupAt: Date;
  /** The working windows (ms): the helpdesk opens 07:30 WIB; self-update runs 06:00 to 23:00 WIB; verification starts 07:30 WIB. */
  helpdeskFrom: number;
  selfUpdateFrom: number;
  selfUpdateUntil: number;
  verificationFrom: number;
}

export function planClock(now: Date): PlanClock {
  const dates = demoCampaignDates(now);
  return {
    now,
    dates,
    year: Number(dates.selfUpdateStart.slice(0, 4)),
    latest: now.getTime() - 5 * MIN,
    setupAt: sec(wib(addDays(dates.helpdeskStart, -14), 8)),
    helpdeskFrom: wib(dates.helpdeskStart, 7.5),
    selfUpdateFrom: wib(dates.selfUpdateStart, 6),
    selfUpdateUntil: wib(dates.selfUpdateEnd, 23),
    verificationFrom: wib(dates.verificationStart, 7.5),
  };
}

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
/** MySQL DATETIME keeps whole seconds: round every planned instant so both databases agree. */
export const sec = (t: number): Date => new Date(Math.floor(t / 1000) * 1000);

/*
 * The calendar functions of time.ts (luxon) memoised for the plan, which asks them the same
 * questions hundreds of thousands of times at 100,000 ASN: same answers, a fraction of the time.
 * Every zone offset is a multiple of 15 minutes, so an instant's calendar day is that of its
 * quarter hour.
 */
function memo<A extends string | number, R>(fn: (a: A) => R): (a: A) => R {
  const cache = new Map<A, R>();
  return (a) => {
    let r = cache.get(a);
    if (r === undefined) {
      r = fn(a);
      cache.set(a, r);
    }
    return r;
  };
}
const dayStartMs = memo((ymd: string) => startOfJakartaDay(ymd).getTime());
const QUARTER = 15 * MIN;
const dateOfQuarter = memo((q: number) => jakartaDate(new Date(q * QUARTER)));
/** The calendar day (YYYY-MM-DD) of an instant (ms). */
export const dayOf = (t: number): string => dateOfQuarter(Math.floor(t / QUARTER));
const addDaysMemo = memo((key: string) => {
  const [ymd, n] = key.split('|');
  return addDays(ymd, Number(n));
});
export const plusDays = (ymd: string, days: number): string => addDaysMemo(`${ymd}|${days}`);
const daysBetweenMemo = memo((key: string) => {
  const [a, b] = key.split('|');
  return daysBetween(a, b);
});
export const daysFrom = (fromYmd: string, toYmd: string): number => daysBetweenMemo(`${fromYmd}|${toYmd}`);

export const wib = (ymd: string, hours: number): number => dayStartMs(ymd) + hours * HOUR;

export function randomDay(rng: Rng, year: number): string {
  const m = rng.int(1, 12);
  const d = rng.int(1, daysInMonth(year, m));
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** An instant on a working day hour (07:30–16:30 WIB) between lo and hi, or uniform when none fits. */
export function workInstant(rng: Rng, lo: number, hi: number): number {
  const firstDay = dayOf(lo);
  const days = daysFrom(firstDay, dayOf(hi));
  for (let i = 0; i < 6; i++) {
    const t = wib(plusDays(firstDay, rng.int(0, days)), 7.5 + rng.float() * 9);
    if (t >= lo && t <= hi) return t;
  }
  return lo + rng.float() * (hi - lo);
}

/** `count` increasing instants in [lo, hi], at least a minute apart. */
export function increasingInstants(rng: Rng, lo: number, hi: number, count: number): Date[] {
  const ts = Array.from({ length: count }, () => workInstant(rng, lo, hi)).sort((a, b) => a - b);
  for (let i = 1; i < ts.length; i++) if (ts[i] < ts[i - 1] + MIN) ts[i] = ts[i - 1] + MIN + rng.int(0, 30) * MIN;
  return ts.map((t) => sec(Math.min(t, hi)));
}
