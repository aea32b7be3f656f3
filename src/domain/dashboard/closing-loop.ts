import { AGEING_STATE_LABELS, type AgeingReport } from '../ageing/ageing.js';
import type { Forecast } from '../forecast/forecast.js';
import { formatJakartaDate } from '../shared/time.js';

/**
 * The dashboard's "closing the loop" section (issue 13), already scoped by the caller (the OPD's
 * report for OPD-bound roles, the regency's for the others): open items per stage by state and
 * the completion forecast with its one-line sentence.
 */
export interface ClosingLoopSection {
  ageing: null | {
    stateLabels: typeof AGEING_STATE_LABELS;
    stages: Array<{
      stage: string;
      label: string;
      targetDays: number;
      total: number;
      onTrack: number;
      atRisk: number;
      overdue: number;
      oldestDays: number | null;
    }>;
    totals: { total: number; onTrack: number; atRisk: number; overdue: number };
  };
  forecast:
    | null
    | (Omit<Forecast, 'finishDate' | 'deadline'> & {
        finishDate: string | null;
        finishDateLabel: string | null;
        deadline: string;
        deadlineLabel: string;
      });
}

export function closingLoopSection(forecast: Forecast | null | undefined, ageing: AgeingReport | null | undefined): ClosingLoopSection {
  return {
    ageing: ageing
      ? {
          stateLabels: AGEING_STATE_LABELS,
          stages: ageing.stages.map(({ pastSecondThreshold: _s, ...s }) => s),
          totals: ageing.totals,
        }
      : null,
    forecast: forecast
      ? {
          ...forecast,
          finishDateLabel: forecast.finishDate ? formatJakartaDate(forecast.finishDate) : null,
          deadlineLabel: formatJakartaDate(forecast.deadline),
        }
      : null,
  };
}
