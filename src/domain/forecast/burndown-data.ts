import type { Models } from '../../db/models/index.js';
import { phaseOf, phaseWindows } from '../campaign/phases.js';
import { addDays, jakartaDate, startOfJakartaDay } from '../shared/time.js';
import { burndownDays, computeBurndown, type Burndown } from './burndown.js';
import { buildForecast, countsAt, forecastCampaign, forecastScope, type Counts, type ForecastReport } from './forecast-data.js';

/**
 * The burn-down's numbers from the database (the series is drawn by burndown.ts): ASN not
 * completed at the start of the current phase and at the end of each of its working days before
 * today, per OPD and for the regency, each counted exactly as the reports and the forecast count
 * as of that instant (countsAt: placements and the ONE completion rule with the status as of the
 * instant from submission_events). One grouped query per past working day of the phase (a phase
 * is a few weeks at most), no per-row work in JavaScript.
 */

export interface BurndownReport {
  byOpd: Map<number, Burndown>;
  regency: Burndown;
}

/** The first day of the phase the burn-down covers on `today`: the current phase's (after the deadline: the approval phase's); null before the campaign. */
export function burndownFrom(campaign: Parameters<typeof phaseWindows>[0], asOf: Date): string | null {
  const phase = phaseOf(campaign, asOf);
  if (phase === 'before') return null;
  const windows = phaseWindows(campaign);
  const w = windows.find((x) => x.phase === (phase === 'after_deadline' ? 'approval' : phase));
  return w?.start ?? null;
}

const remainingOf = (c: Counts | undefined): number => Math.max(0, (c?.total ?? 0) - (c?.completed ?? 0));

function sumCounts(m: Map<number, Counts>): Counts {
  let total = 0;
  let completed = 0;
  for (const c of m.values()) {
    total += c.total;
    completed += c.completed;
  }
  return { total, completed };
}

/**
 * The burn-down per OPD (only `opdIds` when given) and for the regency (the sums over the OPDs
 * listed), as of asOf; null without a started campaign. `forecast` may be passed when the caller
 * has it (the same asOf and OPDs).
 */
export async function buildBurndown(
  models: Models,
  asOf: Date,
  opts: { opdIds?: number[]; forecast?: Pick<ForecastReport, 'byOpd' | 'regency'> | null } = {},
): Promise<BurndownReport | null> {
  const found = await forecastCampaign(models, asOf);
  if (!found) return null;
  const { campaign, calendar } = found;
  const from = burndownFrom(campaign, asOf);
  const forecast = opts.forecast !== undefined ? opts.forecast : await buildForecast(models, asOf, { opdIds: opts.opdIds, found });
  if (!from || !forecast) return null;
  const today = jakartaDate(asOf);
  // The past days of the axis are the same for every OPD (the axis only reaches further ahead).
  const past = burndownDays(calendar, from, today, today).filter((d) => d < today);
  const instants = [startOfJakartaDay(from), ...past.map((d) => startOfJakartaDay(addDays(d, 1)))];
  const counts: Array<Map<number, Counts>> = [];
  // One after another: SQLite has one connection anyway, and MariaDB's pool is shared with users.
  for (const at of instants) counts.push(await countsAt(models, forecastScope(campaign, at), opts.opdIds));
  const series = (pick: (m: Map<number, Counts>) => Counts | undefined) => ({
    startRemaining: remainingOf(pick(counts[0])),
    remainingAtEndOf: new Map(past.map((d, i) => [d, remainingOf(pick(counts[i + 1]))])),
  });
  const byOpd = new Map<number, Burndown>();
  for (const [id, f] of forecast.byOpd) {
    byOpd.set(id, computeBurndown({ calendar, from, today, forecast: f, ...series((m) => m.get(id)) }));
  }
  return { byOpd, regency: computeBurndown({ calendar, from, today, forecast: forecast.regency, ...series(sumCounts) }) };
}
