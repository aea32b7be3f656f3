import { describe, it, expect } from '@jest/globals';
import { WorkingCalendar } from '../../../../src/domain/campaign/working-days.js';
import { computeForecast, paceWindow } from '../../../../src/domain/forecast/forecast.js';

// Thu 10 Dec 2026 and Fri 25 Dec 2026 are holidays of this campaign.
const calendar = new WorkingCalendar(['2026-12-10', '2026-12-25']);

describe('completion forecast (hand-computed)', () => {
  it('takes the pace from the last 5 full working days before today', () => {
    // Today Mon 14 Dec; back from Sun 13: Fri 11, (Thu 10 off), Wed 9, Tue 8, Mon 7, Fri 4.
    expect(paceWindow(calendar, '2026-12-14')).toEqual({ from: '2026-12-04', to: '2026-12-11' });
  });

  it('gives the expected completion at the deadline, the finish date and the daily need', () => {
    const f = computeForecast({
      total: 200,
      completedNow: 60,
      completedAtWindowStart: 30,
      completedAtWindowEnd: 50,
      today: '2026-12-14',
      deadline: '2026-12-23',
      calendar,
    });
    // 20 in the window / 5 = 4 a day. Working days 14..23: 14,15,16,17,18,21,22,23 = 8.
    expect(f.pace).toBe(4);
    expect(f.windowCompleted).toBe(20);
    expect(f.workingDaysLeft).toBe(8);
    expect(f.remaining).toBe(140);
    // 60 + 4 × 8 = 92.
    expect(f.expectedAtDeadline).toBe(92);
    // ⌈140 / 4⌉ = 35th working day from 14 Dec: Dec 14–18 (5), 21–24 (9; 25 off), 28–31 (13),
    // Jan 1 (14), Jan 4–8 (19), 11–15 (24), 18–22 (29), 25–29 (34), Feb 1 (35).
    expect(f.finishDate).toBe('2027-02-01');
    expect(f.onTime).toBe(false);
    // ⌈140 / 8⌉ = 18.
    expect(f.neededPerDay).toBe(18);
    expect(f.sentence).toBe('dengan laju sekarang selesai 1 Feb; perlu 18 ASN/hari');
  });

  it('says when nothing moves, when all are done and when the deadline has passed', () => {
    const base = {
      total: 10,
      completedNow: 4,
      completedAtWindowStart: 4,
      completedAtWindowEnd: 4,
      today: '2026-12-14',
      deadline: '2026-12-23',
      calendar,
    };
    const still = computeForecast(base);
    expect(still.finishDate).toBeNull();
    expect(still.neededPerDay).toBe(1);
    expect(still.sentence).toBe('dengan laju sekarang (0 ASN/hari) tidak selesai; perlu 1 ASN/hari');
    expect(computeForecast({ ...base, completedNow: 10 }).sentence).toBe('seluruh ASN sudah selesai');
    const late = computeForecast({ ...base, today: '2026-12-28' });
    expect(late.workingDaysLeft).toBe(0);
    expect(late.neededPerDay).toBeNull();
    expect(late.sentence).toContain('batas waktu 23 Des sudah lewat; sisa 6 ASN');
  });

  it('has no finish date when the pace would need more than the horizon (a slow start in a large regency)', () => {
    // 100,000 ASN, 3 completed in the window: 0.6 a day, ⌈99,990 / 0.6⌉ = 166,650 working days.
    const input = {
      total: 100_000,
      completedNow: 10,
      completedAtWindowStart: 4,
      completedAtWindowEnd: 7,
      today: '2026-12-14',
      deadline: '2026-12-23',
      calendar,
    };
    const slow = computeForecast(input);
    expect(slow.finishDate).toBeNull();
    expect(slow.onTime).toBe(false);
    expect(slow.sentence).toBe('dengan laju sekarang (0,6 ASN/hari) tidak selesai dalam 1.250 hari kerja; perlu 12.499 ASN/hari');
    // At the horizon there is still a date: 1,250 remaining at 1 a day, the 1,250th working day.
    const edge = computeForecast({ ...input, total: 1_260, completedAtWindowStart: 2 });
    expect(edge.finishDate).not.toBeNull();
    expect(computeForecast({ ...input, total: 1_261, completedAtWindowStart: 2 }).finishDate).toBeNull();
  });
});
