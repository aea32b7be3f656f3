import { QueryTypes } from 'sequelize';
import type { Campaign, Models } from '../../db/models/index.js';
import { calendarFor, type WorkingCalendar } from '../campaign/working-days.js';
import { baseReplacements, num, placedSql, resolveCampaign, sequelizeOf, type ReportScope } from '../reports/data/report-scope.js';
import { jakartaDate, startOfJakartaDay } from '../shared/time.js';
import { completionSql } from '../submissions/completion.js';
import { computeForecast, paceWindow, type Forecast } from './forecast.js';

/**
 * The forecast's numbers from the database (the method is in forecast.ts): ASN counted and ASN
 * completed per OPD at three instants — now, the start of today and the start of the pace
 * window — each exactly as the reports count them as of that instant (placement periods and the
 * ONE completion rule, completion.ts, of the report's campaign). Three grouped queries.
 */

export interface ForecastReport {
  campaign: { id: number; name: string; deadline: string };
  /** Per OPD (keyed by OPD id). */
  byOpd: Map<number, Forecast>;
  regency: Forecast;
}

export interface Counts {
  total: number;
  completed: number;
}

/** ASN counted and ASN completed per OPD as of scope.asOf (one grouped query; only `opdIds` when given). */
export async function countsAt(models: Models, scope: ReportScope, opdIds?: number[]): Promise<Map<number, Counts>> {
  const inOpds = opdIds ? 'p.opd_id IN (:opdIds)' : undefined;
  const rows = await sequelizeOf(models).query<Record<string, unknown>>(
    `SELECT ep.opd_id AS opd_id, COUNT(*) AS total, SUM(CASE WHEN pe.completed = 1 THEN 1 ELSE 0 END) AS completed
     FROM (${placedSql({ where: inOpds })}) ep
     LEFT JOIN (${completionSql(scope, opdIds ? { where: `s.employee_id IN (${placedSql({ where: inOpds, idsOnly: true })})` } : {})}) pe
       ON pe.employee_id = ep.employee_id
     GROUP BY ep.opd_id`,
    { type: QueryTypes.SELECT, replacements: { ...baseReplacements(scope), ...(opdIds ? { opdIds } : {}) } },
  );
  return new Map(rows.map((r) => [num(r.opd_id), { total: num(r.total), completed: num(r.completed) }]));
}

/** The report scope of the forecast's campaign as of `at`. */
export function forecastScope(campaign: Campaign, at: Date): ReportScope {
  return {
    asOf: at,
    campaign: { id: campaign.id, name: campaign.name, start: startOfJakartaDay(String(campaign.helpdeskStart).slice(0, 10)) },
  };
}

/** The campaign a forecast at asOf is about (the report's campaign), with its deadline and calendar; null without one. */
export async function forecastCampaign(models: Models, asOf: Date): Promise<{ campaign: Campaign; calendar: WorkingCalendar } | null> {
  const c = await resolveCampaign(models, asOf);
  if (!c) return null;
  const campaign = await models.Campaign.findByPk(c.id);
  return campaign ? { campaign, calendar: calendarFor(campaign) } : null;
}

/**
 * The forecast per OPD (only `opdIds` when given) and for the regency (the sums over the OPDs
 * listed), as of asOf; null when no campaign has started (no deadline to forecast against).
 */
export async function buildForecast(
  models: Models,
  asOf: Date,
  opts: { opdIds?: number[]; found?: Awaited<ReturnType<typeof forecastCampaign>> } = {},
): Promise<ForecastReport | null> {
  const found = opts.found === undefined ? await forecastCampaign(models, asOf) : opts.found;
  if (!found) return null;
  const { campaign, calendar } = found;
  const today = jakartaDate(asOf);
  const deadline = String(campaign.approvalEnd).slice(0, 10);
  const win = paceWindow(calendar, today);
  const scope = (at: Date): ReportScope => forecastScope(campaign, at);
  const [now, end, start] = await Promise.all([
    countsAt(models, scope(asOf), opts.opdIds),
    countsAt(models, scope(startOfJakartaDay(today)), opts.opdIds),
    countsAt(models, scope(startOfJakartaDay(win.from)), opts.opdIds),
  ]);
  const ids = new Set([...now.keys(), ...(opts.opdIds ?? [])]);
  const sum = { total: 0, completedNow: 0, completedAtWindowStart: 0, completedAtWindowEnd: 0 };
  const byOpd = new Map<number, Forecast>();
  for (const id of ids) {
    const input = {
      total: now.get(id)?.total ?? 0,
      completedNow: now.get(id)?.completed ?? 0,
      completedAtWindowStart: start.get(id)?.completed ?? 0,
      completedAtWindowEnd: end.get(id)?.completed ?? 0,
    };
    byOpd.set(id, computeForecast({ ...input, today, deadline, calendar }));
    sum.total += input.total;
    sum.completedNow += input.completedNow;
    sum.completedAtWindowStart += input.completedAtWindowStart;
    sum.completedAtWindowEnd += input.completedAtWindowEnd;
  }
  return {
    campaign: { id: campaign.id, name: campaign.name, deadline },
    byOpd,
    regency: computeForecast({ ...sum, today, deadline, calendar }),
  };
}
