import { QueryTypes } from 'sequelize';
import type { Models } from '../../../db/models/index.js';
import { referenceData } from '../../../../config/reference-data.js';
import { SUBMISSION_STATUSES } from '../../shared/constants.js';
import { NotFoundError } from '../../shared/errors.js';
import { addDays, jakartaDate, startOfJakartaDay } from '../../shared/time.js';
import { countedSubmissionSql, STATUS_AS_OF } from '../../submissions/completion.js';
import { baseReplacements, campaignOf, num, placedSql, scopeFor, sequelizeOf, type ReportScope } from './report-scope.js';
import { emptySummary, summariesForScope, type OpdSummary } from './summaries.js';
import { ageingReport, type AgeingReport } from '../../ageing/ageing.js';
import { WorkingCalendar } from '../../campaign/working-days.js';
import { buildForecast, forecastCampaign } from '../../forecast/forecast-data.js';
import type { Forecast } from '../../forecast/forecast.js';
import { followUpList, type FollowUpEntry } from './follow-up.js';
import { ageingItems, type AgeingItem } from './ageing-items.js';

/**
 * The report of one OPD as of an instant (see report-scope.ts for what "as of" means): its
 * summary, submissions by status and category, the verifier's throughput and the employees
 * still to act.
 */

export interface OpdReport {
  asOf: Date;
  campaign: { id: number; name: string } | null;
  opd: { id: number; code: string; name: string; headName: string | null; headEmail: string | null; secretaryEmail: string | null };
  summary: OpdSummary;
  previous: OpdSummary | null; // change since last report = summary - previous
  byStatus: Record<string, number>; // submissions by status (all 6 keys present)
  byCategoryStatus: CategoryCounts[];
  throughput: Array<{ date: string /* YYYY-MM-DD on the calendar */; verified: number; returned: number; rejected: number }>;
  /** Everyone who must act and why (follow-up.ts): not activated, not submitted, BTS waiting on the ASN, TMS. */
  toAct: FollowUpEntry[];
  /** Completion forecast at the campaign's deadline (src/domain/forecast/); null without a campaign. */
  forecast?: Forecast | null;
  /** Open items by stage and state against the service levels (src/domain/ageing/). */
  ageing?: AgeingReport | null;
  /** The open items one by one with their age and state (ageing-items.ts). */
  ageingItems?: AgeingItem[];
}

export interface CategoryCounts {
  category: string;
  label: string;
  counts: Record<string, number>;
  total: number;
}

/** Number of days the throughput table covers (ending on asOf's calendar day). */
export const THROUGHPUT_DAYS = 14;

type Replacements = Record<string, unknown>;

/**
 * The full report of one OPD: summary (same numbers as opdSummaries), submissions by status and
 * category, verifier throughput of the last 14 calendar days, and the employees to act on
 * (follow-up.ts: not activated, not submitted, BTS, TMS; sorted by unit then name). `previous` is the summary stored
 * with the last delivery (the caller keeps it); `null`/omitted = no previous report.
 */
export async function buildOpdReport(models: Models, opdId: number, asOf: Date, previous?: OpdSummary | null): Promise<OpdReport> {
  const opd = await models.Opd.findByPk(opdId, { raw: true });
  if (!opd) throw new NotFoundError(`OPD dengan id ${opdId} tidak ditemukan`);
  const scope = await scopeFor(models, asOf);
  const repl = { ...baseReplacements(scope), opdId };
  const [summary] = await summariesForScope(models, scope, [opdId]);
  const { byStatus, byCategoryStatus } = await submissionCounts(models, scope, repl);
  return {
    asOf,
    campaign: campaignOf(scope),
    opd: {
      id: opd.id,
      code: opd.code,
      name: opd.name,
      headName: opd.headName ?? null,
      headEmail: opd.headEmail ?? null,
      secretaryEmail: opd.secretaryEmail ?? null,
    },
    summary: summary ?? emptySummary(opd),
    previous: previous ?? null,
    byStatus,
    byCategoryStatus,
    throughput: await verifierThroughput(models, asOf, repl),
    toAct: await followUpList(models, scope, repl),
    ...(await forecastAndAgeing(models, asOf, opdId)),
  };
}

/** The forecast and the queue ageing of one OPD (issue 13), on the report campaign's working calendar. */
export async function forecastAndAgeing(
  models: Models,
  asOf: Date,
  opdId?: number,
): Promise<Pick<OpdReport, 'forecast' | 'ageing' | 'ageingItems'>> {
  const found = await forecastCampaign(models, asOf);
  const calendar = found?.calendar ?? WorkingCalendar.national();
  const forecast = await buildForecast(models, asOf, opdId === undefined ? { found } : { opdIds: [opdId], found });
  return {
    forecast: forecast ? (opdId === undefined ? forecast.regency : (forecast.byOpd.get(opdId) ?? null)) : null,
    ageing: await ageingReport(models, calendar, asOf, opdId === undefined ? {} : { opdId }),
    ...(opdId === undefined ? {} : { ageingItems: await ageingItems(models, calendar, asOf, opdId) }),
  };
}

/** Submissions by category and status (as of asOf), of the OPD where their employee was; every configured category listed. */
async function submissionCounts(
  models: Models,
  scope: ReportScope,
  repl: Replacements,
): Promise<Pick<OpdReport, 'byStatus' | 'byCategoryStatus'>> {
  const rows = await sequelizeOf(models).query<{ category: string; st: string; n: unknown }>(
    `SELECT x.category AS category, x.st AS st, COUNT(*) AS n
     FROM (SELECT s.category, ${STATUS_AS_OF('s')} AS st
           FROM submissions s JOIN (${placedSql({ where: 'p.opd_id = :opdId' })}) ep ON ep.employee_id = s.employee_id
           WHERE ${countedSubmissionSql(scope)}) x
     GROUP BY x.category, x.st`,
    { type: QueryTypes.SELECT, replacements: repl },
  );
  const zero = (): Record<string, number> => Object.fromEntries(SUBMISSION_STATUSES.map((s) => [s, 0]));
  const byStatus = zero();
  const ref = referenceData();
  const byCat = new Map<string, CategoryCounts>();
  for (const c of ref.categories) byCat.set(c.code, { category: c.code, label: c.label, counts: zero(), total: 0 });
  for (const r of rows) {
    let entry = byCat.get(r.category);
    if (!entry) {
      entry = { category: r.category, label: ref.category(r.category)?.label ?? r.category, counts: zero(), total: 0 };
      byCat.set(r.category, entry);
    }
    const n = num(r.n);
    entry.counts[r.st] = (entry.counts[r.st] ?? 0) + n;
    entry.total += n;
    byStatus[r.st] = (byStatus[r.st] ?? 0) + n;
  }
  return { byStatus, byCategoryStatus: [...byCat.values()] };
}

/**
 * Verifier throughput: OPD-verification actions, i.e. submission_events of the OPD with
 * from_status 'submitted' and to_status verified / needs_fix / rejected (the OPD step of the state
 * machine, submissions/rules.ts: the OPD's verifier; BKPSDM only for a category the OPD does not
 * verify — none today; an admin's phase override does not change who), bucketed per
 * calendar day over the 14 days ending on asOf's day, events <= asOf. Events keep the OPD that
 * acted then (a later move of the employee does not rewrite them). One grouped query, one
 * SUM(CASE) bucket per day.
 */
async function verifierThroughput(models: Models, asOf: Date, repl: Replacements): Promise<OpdReport['throughput']> {
  const lastDay = jakartaDate(asOf);
  const days = Array.from({ length: THROUGHPUT_DAYS }, (_, i) => addDays(lastDay, i - (THROUGHPUT_DAYS - 1)));
  const tRepl: Replacements = { ...repl };
  days.forEach((d, i) => (tRepl[`d${i}`] = startOfJakartaDay(d)));
  const buckets = days
    .map((_, i) =>
      i < days.length - 1
        ? `SUM(CASE WHEN ev.created_at >= :d${i} AND ev.created_at < :d${i + 1} THEN 1 ELSE 0 END) AS b${i}`
        : `SUM(CASE WHEN ev.created_at >= :d${i} THEN 1 ELSE 0 END) AS b${i}`,
    )
    .join(',\n        ');
  const rows = await sequelizeOf(models).query<Record<string, unknown>>(
    `SELECT ev.to_status AS to_status, ${buckets}
     FROM submission_events ev
     WHERE ev.opd_id = :opdId AND ev.from_status = 'submitted' AND ev.to_status IN ('verified', 'needs_fix', 'rejected')
       AND ev.created_at >= :d0 AND ev.created_at <= :asOf
     GROUP BY ev.to_status`,
    { type: QueryTypes.SELECT, replacements: tRepl },
  );
  const by = new Map(rows.map((r) => [String(r.to_status), r]));
  return days.map((date, i) => ({
    date,
    verified: num(by.get('verified')?.[`b${i}`]),
    returned: num(by.get('needs_fix')?.[`b${i}`]),
    rejected: num(by.get('rejected')?.[`b${i}`]),
  }));
}
