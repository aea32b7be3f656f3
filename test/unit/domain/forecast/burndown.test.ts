import { describe, it, expect } from '@jest/globals';
import { WorkingCalendar } from '../../../../src/domain/campaign/working-days.js';
import { computeForecast } from '../../../../src/domain/forecast/forecast.js';
import { computeBurndown, EXTRA_DAYS_MAX } from '../../../../src/domain/forecast/burndown.js';

// Thu 10 Dec 2026 and Fri 25 Dec 2026 are holidays of this campaign.
const calendar = new WorkingCalendar(['2026-12-10', '2026-12-25']);
const forecast = (over: Partial<Parameters<typeof computeForecast>[0]>) =>
  computeForecast({
    total: 10,
    completedNow: 4,
    completedAtWindowStart: 0,
    completedAtWindowEnd: 4,
    today: '2026-12-14',
    deadline: '2026-12-18',
    calendar,
    ...over,
  });

describe('burn-down series (hand-computed)', () => {
  it('shows today on the axis on a weekend and projects from the next working day', () => {
    // Sat 12 Dec: remaining 6, pace 4/5; 6 − ⌊4j/5⌋, j = working days in [12 Dec, d]: Mon 14 → 1 … Fri 18 → 5.
    const f = forecast({ today: '2026-12-12' });
    const b = computeBurndown({
      calendar,
      from: '2026-12-07',
      today: '2026-12-12',
      forecast: f,
      startRemaining: 10,
      remainingAtEndOf: new Map([
        ['2026-12-07', 9],
        ['2026-12-08', 8],
        ['2026-12-09', 7],
        ['2026-12-11', 6],
      ]),
    });
    expect(b.points.map((p) => [p.label, p.actual, p.projected])).toEqual([
      ['6 Des', 10, null],
      ['7 Des', 9, null],
      ['8 Des', 8, null],
      ['9 Des', 7, null],
      ['11 Des', 6, null],
      ['12 Des', 6, 6],
      ['14 Des', null, 6],
      ['15 Des', null, 5],
      ['16 Des', null, 4],
      ['17 Des', null, 3],
      ['18 Des', null, 2],
      // ⌈6 × 5 / 4⌉ = 8th working day from Sat 12: 14, 15, 16, 17, 18, 21, 22, 23.
      ['21 Des', null, 2],
      ['22 Des', null, 1],
      ['23 Des', null, 0],
    ]);
    expect(f.finishDate).toBe('2026-12-23');
    // Ideal over 7, 8, 9, 11, 14, 15, 16, 17, 18 (9 working days): 10 × (1 − i/9); Sat 12 counts as i = 4.
    expect(b.points.map((p) => p.ideal)).toEqual([10, 8.9, 7.8, 6.7, 5.6, 5.6, 4.4, 3.3, 2.2, 1.1, 0, null, null, null]);
  });

  it(`stops the axis ${EXTRA_DAYS_MAX} working days after the deadline when the finish is later`, () => {
    // 1 in the window: ⌈6 × 5⌉ = 30th working day from 14 Dec, far past the cap.
    const f = forecast({ completedAtWindowStart: 3 });
    const b = computeBurndown({
      calendar,
      from: '2026-12-14',
      today: '2026-12-14',
      forecast: f,
      startRemaining: 6,
      remainingAtEndOf: new Map(),
    });
    // After Fri 18: 21, 22, 23, 24, 28, 29, 30, 31, Jan 1, Jan 4 (10th).
    expect(b.points[b.points.length - 1].date).toBe('2027-01-04');
    expect(b.points[b.points.length - 1].projected).toBe(6 - Math.floor((1 * 15) / 5));
  });
});

describe('burn-down projection end', () => {
  it('stops the projection at its first 0 while the axis runs on to the deadline', () => {
    // Remaining 2, pace 4/5: 2 − ⌊4j/5⌋ → Mon 14: 2, Tue 15: 1, Wed 16: 0 (⌈2 × 5 / 4⌉ = 3rd working day).
    const f = forecast({ completedNow: 8, completedAtWindowStart: 4, completedAtWindowEnd: 8 });
    expect(f.finishDate).toBe('2026-12-16');
    const b = computeBurndown({
      calendar,
      from: '2026-12-14',
      today: '2026-12-14',
      forecast: f,
      startRemaining: 2,
      remainingAtEndOf: new Map(),
    });
    expect(b.points.map((p) => [p.label, p.projected])).toEqual([
      ['13 Des', null],
      ['14 Des', 2],
      ['15 Des', 1],
      ['16 Des', 0],
      ['17 Des', null],
      ['18 Des', null],
    ]);
  });
});
