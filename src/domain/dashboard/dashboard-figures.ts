import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { SUBMISSION_STATUS_LABELS } from '../shared/constants.js';
import { buildOpdReport } from '../reports/data/opd-report.js';
import { buildRegencyReport } from '../reports/data/regency-report.js';
import type { Band, OpdSummary } from '../reports/data/summaries.js';
import { addDays, formatJakartaDate, jakartaDate, startOfJakartaDay } from '../shared/time.js';
import { closingLoopSection, type ClosingLoopSection } from './closing-loop.js';
import { buildDashboardCharts, type DashboardCharts } from './charts.js';

/**
 * The dashboard's figures of one scope, computed from the facts as of an instant: an OPD's
 * (OPD-bound roles) or the regency's (the others). Plain data (JSON as it is stored in
 * dashboard_snapshots): the dashboard shows them, the refresh job precomputes them, the
 * consistency job recomputes them to compare.
 */

export interface OpdFigures {
  opd: {
    summary: OpdSummary;
    byStatus: Array<{ status: string; label: string; count: number }>;
    throughput: Array<{ date: string; dateText: string; verified: number; returned: number; rejected: number }>;
    toActCount: number;
    /** The list of the people to act on (the OPD's employees who still have to do something). */
    toActHref: string;
    /** Verifier activity of the last 7 days, per person. */
    verifiers: Array<{ name: string; verified: number; returned: number; rejected: number }>;
  };
  closingLoop: ClosingLoopSection;
  /** Progress by stage and the burn-down (charts.ts). */
  charts: DashboardCharts;
}

export type RegencyRow = OpdSummary & { rank: number | null; band: Band | null; href: string };

export interface RegencyFigures {
  /** One row per OPD, in the report's order (the dashboard ranks them by the phase's measure). */
  rows: RegencyRow[];
  totals: OpdSummary;
  closingLoop: ClosingLoopSection;
  /** Progress by stage and the burn-down (charts.ts). */
  charts: DashboardCharts;
}

export type ScopeFigures = OpdFigures | RegencyFigures;

export const opdScope = (opdId: number): string => `opd:${opdId}`;
export const REGENCY_SCOPE = 'regency';

/** The figures of `scope` ('opd:<id>' or 'regency') as of `at`. */
export function scopeFigures(models: Models, scope: string, at: Date): Promise<ScopeFigures> {
  if (scope === REGENCY_SCOPE) return regencyFigures(models, at);
  const m = /^opd:(\d+)$/.exec(scope);
  if (!m) throw new Error(`Cakupan dasbor tidak dikenal: ${scope}`);
  return opdFigures(models, Number(m[1]), at);
}

export async function opdFigures(models: Models, opdId: number, at: Date): Promise<OpdFigures> {
  const report = await buildOpdReport(models, opdId, at, null);
  return {
    opd: {
      summary: report.summary,
      byStatus: Object.entries(report.byStatus).map(([status, count]) => ({
        status,
        label: SUBMISSION_STATUS_LABELS[status as keyof typeof SUBMISSION_STATUS_LABELS] ?? status,
        count,
      })),
      throughput: report.throughput.slice(-7).map((r) => ({ ...r, dateText: formatJakartaDate(r.date) })),
      toActCount: report.toAct.length,
      toActHref: `/admin/resources/employees?filters.opdId=${opdId}`,
      verifiers: await verifierActivity(models, opdId, at),
    },
    closingLoop: closingLoopSection(report.forecast, report.ageing),
    charts: await buildDashboardCharts(models, at, report.summary, report.summary.opdName, report.forecast, opdId),
  };
}

export async function regencyFigures(models: Models, at: Date): Promise<RegencyFigures> {
  const report = await buildRegencyReport(models, at);
  return {
    rows: report.rows.map(({ previous: _p, headReport: _h, ...r }) => ({ ...r, href: `/admin/resources/opds/records/${r.opdId}/show` })),
    totals: report.totals,
    closingLoop: closingLoopSection(report.forecast?.regency, report.ageing),
    charts: await buildDashboardCharts(models, at, report.totals, 'kabupaten', report.forecast),
  };
}

/** The regency's rows ordered by the phase's measure (OPDs without ASN last, without a position). */
export function rankedRows(
  rows: readonly RegencyRow[],
  key: 'pctWithSubmission' | 'pctCompleted',
): Array<RegencyRow & { position: number | null }> {
  const ranked = rows.filter((r) => r.total > 0).sort((a, b) => b[key] - a[key] || a.opdName.localeCompare(b.opdName));
  const position = new Map(ranked.map((r, i) => [r.opdId, i + 1]));
  return rows
    .map((r) => ({ ...r, position: position.get(r.opdId) ?? null }))
    .sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity));
}

/** OPD verification steps of the 7 calendar days ending on `at`'s day (up to `at`), per person. */
async function verifierActivity(models: Models, opdId: number, at: Date): Promise<OpdFigures['opd']['verifiers']> {
  const since = startOfJakartaDay(addDays(jakartaDate(at), -6));
  const events = await models.SubmissionEvent.findAll({
    where: { opdId, actorRole: 'verifier', createdAt: { [Op.gte]: since, [Op.lte]: at } },
    attributes: ['actorUserId', 'toStatus'],
  });
  const ids = [...new Set(events.map((e) => e.actorUserId).filter((id): id is number => !!id))];
  const users = ids.length ? await models.User.findAll({ where: { id: ids }, attributes: ['id', 'name'] }) : [];
  const name = new Map(users.map((u) => [u.id, u.name]));
  const per = new Map<string, { name: string; verified: number; returned: number; rejected: number }>();
  for (const e of events) {
    const who = (e.actorUserId && name.get(e.actorUserId)) || 'Pengguna terhapus';
    const row = per.get(who) ?? { name: who, verified: 0, returned: 0, rejected: 0 };
    if (e.toStatus === 'verified') row.verified++;
    else if (e.toStatus === 'needs_fix') row.returned++;
    else if (e.toStatus === 'rejected') row.rejected++;
    per.set(who, row);
  }
  return [...per.values()].sort((a, b) => b.verified - a.verified || a.name.localeCompare(b.name));
}
