import { QueryTypes } from 'sequelize';
import { serviceLevels, STAGES, type ServiceLevels, type Stage } from '../../../../config/service-levels.js';
import { referenceData } from '../../../../config/reference-data.js';
import type { Models } from '../../../db/models/index.js';
import {
  AGEING_STATE_LABELS,
  STAGE_LABELS,
  ageInWorkingDays,
  ageingReport,
  ageingState,
  openItemsSql,
  submissionItemAges,
  openTicketsSql,
  type AgeingReport,
  type AgeingState,
} from '../../ageing/ageing.js';
import type { WorkingCalendar } from '../../campaign/working-days.js';
import { parseDbDate } from '../../shared/db-date.js';
import { TICKET_KIND_LABELS } from '../../shared/constants.js';
import { num, sequelizeOf } from './report-scope.js';

/**
 * The open items of one OPD, one row each, with their age and state against the service levels —
 * the list under the OPD workbook's ageing figures. What is open in which stage, when it entered it
 * and how its age and state are reckoned are the ageing module's (src/domain/ageing/ageing.ts:
 * openItemsSql / openTicketsSql, submissionItemAges / ageInWorkingDays, ageingState); this file only lists them with the
 * employee (or the ticket's subject). Oldest first within a stage.
 */

export interface AgeingItem {
  stage: Stage;
  stageLabel: string;
  /** 'Usul #12' / 'Tiket #3'. */
  ref: string;
  nip: string | null;
  name: string | null;
  /** The category (a submission) or the ticket's kind. */
  what: string;
  entered: Date;
  ageDays: number;
  targetDays: number;
  state: AgeingState;
  stateLabel: string;
}

export async function ageingItems(
  models: Models,
  calendar: WorkingCalendar,
  asOf: Date,
  opdId: number,
  levels: ServiceLevels = serviceLevels(),
): Promise<AgeingItem[]> {
  const sequelize = sequelizeOf(models);
  const ref = referenceData();
  const out: AgeingItem[] = [];
  for (const stage of STAGES) {
    const target = levels.targets[stage];
    const rows =
      stage === 'helpdesk'
        ? await sequelize.query<Record<string, unknown>>(
            `SELECT z.id AS id, z.entered AS entered, t.nip AS nip, t.reporter_name AS name, t.kind AS what
             FROM (${openTicketsSql({ inOpd: true })}) z JOIN helpdesk_tickets t ON t.id = z.id`,
            { type: QueryTypes.SELECT, replacements: { asOf, opdId } },
          )
        : await sequelize.query<Record<string, unknown>>(
            `SELECT z.id AS id, z.entered AS entered, e.nip AS nip, e.name AS name, z.category AS what
             FROM (${openItemsSql(stage, { inOpd: true, ref })}) z JOIN employees e ON e.id = z.employee_id`,
            { type: QueryTypes.SELECT, replacements: { asOf, opdId } },
          );
    const entered = new Map(rows.map((r) => [num(r.id), parseDbDate(r.entered)!]));
    // A submission's age leaves out its waits on BKPSDM (the ageing module's rule); a ticket's is from its creation.
    const ages =
      stage === 'helpdesk'
        ? null
        : await submissionItemAges(
            models,
            calendar,
            asOf,
            [...entered].map(([id, at]) => ({ id, entered: at })),
          );
    const items = rows.map((r) => {
      const id = num(r.id);
      const enteredAt = entered.get(id)!;
      const ageDays = ages ? ages.get(id)! : ageInWorkingDays(calendar, enteredAt, asOf);
      const state = ageingState(ageDays, target, levels);
      const what = textOf(r.what) ?? '';
      return {
        stage,
        stageLabel: STAGE_LABELS[stage],
        ref: `${stage === 'helpdesk' ? 'Tiket' : 'Usul'} #${id}`,
        nip: textOf(r.nip),
        name: textOf(r.name),
        what: stage === 'helpdesk' ? ticketCategory(what) : (ref.category(what)?.label ?? what),
        entered: enteredAt,
        ageDays,
        targetDays: target,
        state,
        stateLabel: AGEING_STATE_LABELS[state],
      } satisfies AgeingItem;
    });
    items.sort((a, b) => a.entered.getTime() - b.entered.getTime() || a.ref.localeCompare(b.ref, 'id', { numeric: true }));
    out.push(...items);
  }
  return out;
}

const textOf = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const ticketCategory = (c: string) => (TICKET_KIND_LABELS as Record<string, string>)[c] ?? c;

export interface OpdAgeingRow {
  opdId: number;
  code: string;
  name: string;
  ageing: AgeingReport;
}

/** The ageing of each OPD (the ageing module's report, one per OPD), in the order given. */
export async function ageingByOpd(
  models: Models,
  calendar: WorkingCalendar,
  asOf: Date,
  opds: ReadonlyArray<{ opdId: number; opdCode: string; opdName: string }>,
): Promise<OpdAgeingRow[]> {
  const out: OpdAgeingRow[] = [];
  for (const o of opds)
    out.push({ opdId: o.opdId, code: o.opdCode, name: o.opdName, ageing: await ageingReport(models, calendar, asOf, { opdId: o.opdId }) });
  return out;
}
