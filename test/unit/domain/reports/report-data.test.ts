import { describe, it, expect } from '@jest/globals';
import {
  band,
  compareForRanking,
  parseDbDate,
  pct,
  sumSummaries,
  summaryDelta,
  wholeDaysBetween,
  type OpdSummary,
} from '../../../../src/domain/reports/report-data.js';

function summary(p: Partial<OpdSummary> & { opdId: number; opdName: string; total: number; completed: number; withSubmission?: number }): OpdSummary {
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
  it('band: < 50 red, < 80 amber, else green', () => {
    expect([0, 49.9, 50, 79.9, 80, 100].map(band)).toEqual(['red', 'red', 'amber', 'amber', 'green', 'green']);
  });

  it('pct: one decimal, 0 for an empty total', () => {
    expect(pct(1, 3)).toBe(33.3);
    expect(pct(2, 3)).toBe(66.7);
    expect(pct(1, 8)).toBe(12.5);
    expect(pct(17, 21)).toBe(81);
    expect(pct(5, 0)).toBe(0);
    expect(pct(7, 7)).toBe(100);
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
    expect(d.pctCompleted).toBe(26.7); // 60 - 33.3
    expect(summaryDelta(cur, null)).toBeNull();
  });
});
