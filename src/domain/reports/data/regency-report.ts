import type { Models } from '../../../db/models/index.js';
import {
  opdReportStates,
  OPD_REPORT_STATUS_LABELS,
  type OpdReportState,
  type OpdReportStatus,
} from '../../opd-reports/opd-report-status.js';
import { campaignOf, collator, scopeFor } from './report-scope.js';
import type { AgeingReport } from '../../ageing/ageing.js';
import { WorkingCalendar } from '../../campaign/working-days.js';
import { ageingReport } from '../../ageing/ageing.js';
import { ageingByOpd, type OpdAgeingRow } from './ageing-items.js';
import { buildForecast, forecastCampaign } from '../../forecast/forecast-data.js';
import type { Forecast } from '../../forecast/forecast.js';
import { band, sumSummaries, summariesForScope, type Band, type OpdSummary } from './summaries.js';

/**
 * The regency report as of an instant: one row per OPD, ranked and coloured, with totals.
 * Rank and colour band are on the exact fraction completed / total (cross-multiplied integers,
 * never the rounded percentage); equal fractions share a rank (1, 1, 3); an OPD without ASN has
 * neither rank nor band and is listed last ("belum ada ASN").
 */

export interface RegencyReport {
  asOf: Date;
  campaign: { id: number; name: string } | null;
  /** Rank and band are null for an OPD without ASN ("belum ada ASN"), listed last. */
  rows: Array<OpdSummary & { rank: number | null; band: Band | null; previous: OpdSummary | null; headReport?: HeadReportCell }>;
  totals: OpdSummary; // opdId 0, opdCode 'TOTAL'
  /** Previous regency totals: `previous.get(0)` when the caller stored it, else the sum of the rows' previous summaries (null when there are none). */
  previousTotals?: OpdSummary | null;
  /** Completion forecast (src/domain/forecast/): the regency's and each OPD's; null without a campaign. */
  forecast?: { regency: Forecast; byOpd: Map<number, Forecast> } | null;
  /** Open items of the regency by stage and state (src/domain/ageing/). */
  ageing?: AgeingReport | null;
  /** The same ageing per OPD (ranking order). */
  ageingByOpd?: OpdAgeingRow[];
}

/** The OPD head's report to the Bupati as of the report's moment (src/domain/opd-reports): status and date. */
export interface HeadReportCell {
  status: OpdReportStatus | 'none';
  /** "Diterima BKPSDM, 5 Desember 2026 pukul 10.00 WIB" / "Belum melapor". */
  text: string;
}

/** a/b against c/d, exactly (cross-multiplied integers): > 0 when c/d is the larger. */
function fractionOrder(a: number, b: number, c: number, d: number): number {
  return c * b - a * d;
}

/** Completion order on the exact fraction completed / total, highest first; 0 = the same completion. */
export function compareCompletion(a: { completed: number; total: number }, b: { completed: number; total: number }): number {
  return fractionOrder(a.completed, a.total, b.completed, b.total);
}

/**
 * Row order of the ranking: OPDs with ASN first, by completion (exact fraction) desc, then by the
 * share with a submission (exact fraction) desc, then OPD name; OPDs without ASN last, by name.
 */
export function compareForRanking(a: OpdSummary, b: OpdSummary): number {
  if (!a.total !== !b.total) return a.total ? -1 : 1;
  if (a.total && b.total) {
    const c = compareCompletion(a, b) || fractionOrder(a.withSubmission, a.total, b.withSubmission, b.total);
    if (c) return c;
  }
  return collator.compare(a.opdName, b.opdName) || a.opdId - b.opdId;
}

/**
 * Ranks and colours summaries: competition ranking on the exact completion fraction (equal
 * fractions share a rank: 1, 1, 3); an OPD without ASN gets neither rank nor band, last.
 */
export function rankSummaries<T extends OpdSummary>(summaries: readonly T[]): Array<T & { rank: number | null; band: Band | null }> {
  const sorted = [...summaries].sort(compareForRanking);
  const out: Array<T & { rank: number | null; band: Band | null }> = [];
  sorted.forEach((s, i) => {
    let rank: number | null = null;
    if (s.total) {
      const prev = out[i - 1];
      rank = prev && prev.rank !== null && compareCompletion(prev, s) === 0 ? prev.rank : i + 1;
    }
    out.push({ ...s, rank, band: band(s) });
  });
  return out;
}

/**
 * One row per OPD, ranked (see rankSummaries), coloured by completion, with totals.
 * `previous` maps opdId → the summary of the last report (key 0 = the previous regency totals).
 */
export async function buildRegencyReport(models: Models, asOf: Date, previous?: Map<number, OpdSummary>): Promise<RegencyReport> {
  const scope = await scopeFor(models, asOf);
  const summaries = await summariesForScope(models, scope);
  const campaign = campaignOf(scope);
  const states = campaign ? await opdReportStates(models, campaign.id, asOf) : new Map<number, OpdReportState>();
  const rows = rankSummaries(summaries).map((s) => {
    const state = states.get(s.opdId);
    const headReport: HeadReportCell = state
      ? { status: state.status, text: state.text }
      : { status: 'none', text: OPD_REPORT_STATUS_LABELS.none };
    return { ...s, previous: previous?.get(s.opdId) ?? null, headReport };
  });
  const totals = sumSummaries(summaries);
  let previousTotals: OpdSummary | null = previous?.get(0) ?? null;
  if (!previousTotals && previous && previous.size > 0) {
    previousTotals = sumSummaries([...previous.values()]);
  }
  const found = await forecastCampaign(models, asOf);
  const forecast = await buildForecast(models, asOf, { found });
  const calendar = found?.calendar ?? WorkingCalendar.national();
  return {
    asOf,
    campaign,
    rows,
    totals,
    previousTotals,
    forecast: forecast ? { regency: forecast.regency, byOpd: forecast.byOpd } : null,
    ageing: await ageingReport(models, calendar, asOf),
    ageingByOpd: await ageingByOpd(models, calendar, asOf, rows),
  };
}
