import type { Models } from '../../db/models/index.js';
import type { Burndown } from '../forecast/burndown.js';
import { buildBurndown } from '../forecast/burndown-data.js';
import type { Forecast } from '../forecast/forecast.js';
import type { OpdSummary } from '../reports/data/summaries.js';

/**
 * The dashboard's charts as data (issue 12: progress through the stages; issue 13: the burn-down),
 * for the viewer's scope (the caller passes the OPD's or the regency's figures): every label,
 * value and the sentence a screen reader hears come from here; the component only draws them.
 */

export interface StageRow {
  key: 'total' | 'activated' | 'passwordChanged' | 'withSubmission' | 'completed';
  label: string;
  count: number;
  /** Share of the ASN counted, 0..100 with one decimal (the summary's own rounding). */
  pct: number;
}

export interface StageChart {
  title: string;
  rows: StageRow[];
  /** What the chart shows, in one sentence (aria-label and caption). */
  summary: string;
}

export interface DashboardCharts {
  stages: StageChart;
  /** Null without a started campaign (nothing to burn down against). */
  burndown: Burndown | null;
}

const nf = new Intl.NumberFormat('id-ID');
const pf = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** The ASN through each stage of the update: counted, activated, password changed, submitted, completed. */
export function stageChart(s: OpdSummary, scopeName: string): StageChart {
  const rows: StageRow[] = [
    { key: 'total', label: 'Jumlah ASN', count: s.total, pct: s.total ? 100 : 0 },
    { key: 'activated', label: 'Aktivasi MySAPK', count: s.activated, pct: s.pctActivated },
    { key: 'passwordChanged', label: 'Ganti password', count: s.passwordChanged, pct: s.pctPasswordChanged },
    { key: 'withSubmission', label: 'Mengajukan usul', count: s.withSubmission, pct: s.pctWithSubmission },
    { key: 'completed', label: 'Selesai', count: s.completed, pct: s.pctCompleted },
  ];
  const parts = rows.slice(1).map((r) => `${r.label} ${nf.format(r.count)} (${pf.format(r.pct)}%)`);
  return {
    title: 'Kemajuan per tahap (ASN)',
    rows,
    summary: `Kemajuan per tahap ${scopeName}: dari ${nf.format(s.total)} ASN — ${parts.join(', ')}.`,
  };
}

/**
 * The charts of one OPD (`opdId`, with its report's forecast) or of the regency (the regency
 * report's forecast, every OPD), as of `now`; the forecast is the report's, so the burn-down and
 * the forecast sentence beside it are the same numbers.
 */
export async function buildDashboardCharts(
  models: Models,
  now: Date,
  summary: OpdSummary,
  scopeName: string,
  forecast: Forecast | { regency: Forecast; byOpd: Map<number, Forecast> } | null | undefined,
  opdId?: number,
): Promise<DashboardCharts> {
  let burndown: Burndown | null = null;
  if (forecast && opdId !== undefined && !('byOpd' in forecast)) {
    const b = await buildBurndown(models, now, { opdIds: [opdId], forecast: { byOpd: new Map([[opdId, forecast]]), regency: forecast } });
    burndown = b?.byOpd.get(opdId) ?? null;
  } else if (forecast && 'byOpd' in forecast) {
    burndown = (await buildBurndown(models, now, { forecast }))?.regency ?? null;
  }
  return { stages: stageChart(summary, scopeName), burndown };
}
