import { describe, it, expect } from '@jest/globals';
import { band, pct, sumSummaries, summaryDelta, wholeDaysBetween, type OpdSummary } from '../../../../src/domain/reports/data/summaries.js';
import { compareCompletion, compareForRanking, rankSummaries } from '../../../../src/domain/reports/data/regency-report.js';
import { parseDbDate } from '../../../../src/domain/shared/db-date.js';

function summary(
  p: Partial<OpdSummary> & { opdId: number; opdName: string; total: number; completed: number; withSubmission?: number },
): OpdSummary {
  const withSubmission = p.withSubmission ?? p.completed;
  return {
    opdCode: `K${p.opdId}`,
    byType: { PNS: p.total, CPNS: 0, PPPK: 0 },
    activated: p.total,
    passwordChanged: p.total,
    backlog: 0,
    backlogOldestDays: null,
    ...p,
    withSubmission,
    pctActivated: pct(p.total, p.total),
    pctPasswordChanged: pct(p.total, p.total),
    pctWithSubmission: pct(withSubmission, p.total),
    pctCompleted: pct(p.completed, p.total),
  };
}

describe('report data helpers', () => {
  it('band on the exact fraction: < 1/2 red, < 4/5 amber, else green; none without ASN', () => {
    const b = (completed: number, total: number) => band({ completed, total });
    expect([b(0, 10), b(4, 10), b(5, 10), b(7, 10), b(8, 10), b(10, 10)]).toEqual(['red', 'red', 'amber', 'amber', 'green', 'green']);
    // 49.95 % rounds to 50.0 % (and 79.96 % to 80.0 %): still below the threshold.
    expect(b(999, 2000)).toBe('red');
    expect(b(1000, 2000)).toBe('amber');
    expect(b(1999, 2500)).toBe('amber');
    expect(b(2000, 2500)).toBe('green');
    expect(b(0, 0)).toBeNull();
  });

  it('pct: one decimal rounded down (never a threshold not reached), 0 for an empty total', () => {
    expect(pct(1, 3)).toBe(33.3);
    expect(pct(2, 3)).toBe(66.6);
    expect(pct(1, 8)).toBe(12.5);
    expect(pct(17, 21)).toBe(80.9);
    expect(pct(999, 2000)).toBe(49.9);
    expect(pct(1999, 2000)).toBe(99.9);
    expect(pct(5, 0)).toBe(0);
    expect(pct(7, 7)).toBe(100);
  });

  it('ranking on exact fractions, not rounded percentages: 3/4343 vs 1/787', () => {
    // Rounded to one decimal both were 0.1 % (the old ranking then fell back to the share with a
    // submission and put 3/4343 first); exactly, 3/4343 = 0.069 % < 1/787 = 0.127 %.
    const big = summary({ opdId: 1, opdName: 'Dinas Pendidikan', total: 4343, completed: 3, withSubmission: 4000 });
    const small = summary({ opdId: 2, opdName: 'Kecamatan Jenawi', total: 787, completed: 1, withSubmission: 10 });
    expect([Math.round((3 * 1000) / 4343) / 10, Math.round(1000 / 787) / 10]).toEqual([0.1, 0.1]);
    expect(compareCompletion(big, small)).toBeGreaterThan(0);
    expect([big, small].sort(compareForRanking).map((s) => s.opdId)).toEqual([2, 1]);
    expect(rankSummaries([big, small]).map((r) => [r.opdId, r.rank])).toEqual([
      [2, 1],
      [1, 2],
    ]);
    // Shown alike (0,1 % each, rounded down), still ranked apart: 1/999 > 1/1000.
    const a = summary({ opdId: 3, opdName: 'A', total: 1000, completed: 1, withSubmission: 900 });
    const b = summary({ opdId: 4, opdName: 'B', total: 999, completed: 1, withSubmission: 1 });
    expect(a.pctCompleted).toBe(b.pctCompleted);
    expect(rankSummaries([a, b]).map((r) => [r.opdId, r.rank])).toEqual([
      [4, 1],
      [3, 2],
    ]);
  });

  it('equal fractions share a rank (competition ranking 1, 1, 3); no ASN: no rank, no band, last', () => {
    const rows = rankSummaries([
      summary({ opdId: 1, opdName: 'C', total: 10, completed: 5 }),
      summary({ opdId: 2, opdName: 'A', total: 4, completed: 2 }),
      summary({ opdId: 3, opdName: 'B', total: 3, completed: 1 }),
      summary({ opdId: 4, opdName: 'Kosong', total: 0, completed: 0 }),
      summary({ opdId: 5, opdName: 'D', total: 6, completed: 3, withSubmission: 6 }),
    ]);
    expect(rows.map((r) => [r.opdId, r.rank, r.band])).toEqual([
      [5, 1, 'amber'], // 3/6, more with a submission: listed first of the tie
      [2, 1, 'amber'], // 2/4 = 3/6: same rank
      [1, 1, 'amber'], // 5/10
      [3, 4, 'red'],
      [4, null, null],
    ]);
  });

  it('parseDbDate reads SQLite text, ISO strings and Dates', () => {
    expect(parseDbDate('2026-11-20 01:02:03.456 +00:00')?.toISOString()).toBe('2026-11-20T01:02:03.456Z');
    expect(parseDbDate('2026-11-20 08:02:03.456 +07:00')?.toISOString()).toBe('2026-11-20T01:02:03.456Z');
    expect(parseDbDate('2026-11-20T01:02:03Z')?.toISOString()).toBe('2026-11-20T01:02:03.000Z');
    expect(parseDbDate('2026-11-20 01:02:03')?.toISOString()).toBe('2026-11-20T01:02:03.000Z');
    const d = new Date();
    expect(parseDbDate(d)).toBe(d);
    expect(parseDbDate(null)).toBeNull();
    expect(parseDbDate('')).toBeNull();
    expect(parseDbDate('bukan tanggal')).toBeNull();
  });

  it('wholeDaysBetween floors elapsed 24 h periods', () => {
    const to = new Date('2026-11-26T00:00:00Z');
    expect(wholeDaysBetween(new Date('2026-11-25T00:00:01Z'), to)).toBe(0);
    expect(wholeDaysBetween(new Date('2026-11-25T00:00:00Z'), to)).toBe(1);
    expect(wholeDaysBetween(new Date('2026-11-15T23:00:00Z'), to)).toBe(10);
    expect(wholeDaysBetween(new Date('2026-11-27T00:00:00Z'), to)).toBe(0);
  });

  it('ranking: completion desc, then submission desc, then name', () => {
    const a = summary({ opdId: 1, opdName: 'Kecamatan Jaten', total: 10, completed: 5, withSubmission: 6 });
    const b = summary({ opdId: 2, opdName: 'Dinas Kesehatan', total: 10, completed: 5, withSubmission: 9 });
    const c = summary({ opdId: 3, opdName: 'Badan Keuangan', total: 10, completed: 5, withSubmission: 6 });
    const d = summary({ opdId: 4, opdName: 'Inspektorat', total: 4, completed: 4 });
    expect([a, b, c, d].sort(compareForRanking).map((s) => s.opdId)).toEqual([4, 2, 3, 1]);
  });

  it('sumSummaries adds counts, recomputes percentages, keeps the oldest backlog', () => {
    const t = sumSummaries([
      { ...summary({ opdId: 1, opdName: 'A', total: 3, completed: 1 }), backlog: 2, backlogOldestDays: 4 },
      { ...summary({ opdId: 2, opdName: 'B', total: 7, completed: 6 }), backlog: 1, backlogOldestDays: 9 },
      summary({ opdId: 3, opdName: 'C', total: 0, completed: 0 }),
    ]);
    expect(t).toMatchObject({ opdId: 0, opdCode: 'TOTAL', total: 10, completed: 7, pctCompleted: 70, backlog: 3, backlogOldestDays: 9 });
    expect(t.byType.PNS).toBe(10);
    expect(sumSummaries([]).backlogOldestDays).toBeNull();
  });

  it('summaryDelta: current - previous, null without previous', () => {
    const cur = summary({ opdId: 1, opdName: 'A', total: 10, completed: 6 });
    const prev = summary({ opdId: 1, opdName: 'A', total: 9, completed: 3 });
    const d = summaryDelta(cur, prev)!;
    expect(d.total).toBe(1);
    expect(d.completed).toBe(3);
    expect(d.pctCompleted).toBe(26.7); // 60 - 33.3 (3/9 shown rounded down)
    expect(summaryDelta(cur, null)).toBeNull();
  });
});
