import type { Models } from '../../db/models/index.js';
import { ticketHandlerNames } from '../helpdesk/ticket-view.js';
import { cronInWords } from '../reports/cron-words.js';
import type { Actor } from '../shared/actor.js';
import { submissionListColumns } from '../submissions/list-columns.js';
import type { RecordService } from './record.service.js';
import type { Row } from './resource-rules.js';

/**
 * The columns a list shows beside the stored ones, computed per page (a submission's "Dokumen" and
 * "Menunggu (hari)", a ticket's handler by name): one table, read by the panel's list and by its
 * xlsx export alike, so the file holds what the list shows.
 */
export interface ListExtrasDeps {
  records: RecordService;
  models: Models;
}
type ListExtras = (deps: ListExtrasDeps, actor: Actor, rows: ReadonlyArray<Row>) => Promise<Map<number, Record<string, unknown>>>;

const LIST_EXTRAS: Partial<Record<string, ListExtras>> = {
  submissions: async ({ records }, actor, rows) => {
    const cols = await submissionListColumns(records, actor, rows);
    return new Map([...cols].map(([id, c]) => [id, { ...c }]));
  },
  // A schedule's cron expression in words beside it ("setiap Senin pukul 08.00").
  report_schedules: async (_deps, _actor, rows) =>
    new Map(rows.map((r) => [Number(r.id), { cronText: typeof r.cron === 'string' ? cronInWords(r.cron) : null }])),
  // Helpdesk staff cannot read users, but they see who handles a ticket: a name, never an id.
  helpdesk_tickets: async ({ models }, _actor, rows) => {
    const names = await ticketHandlerNames(
      models,
      rows.map((r) => r.handlerUserId),
    );
    return new Map(rows.map((r) => [Number(r.id), { handlerName: names.get(Number(r.handlerUserId)) ?? '—' }]));
  },
};

/** `rows` with the resource's computed columns added (the rows themselves when it has none). */
export async function withListExtras(deps: ListExtrasDeps, actor: Actor, resource: string, rows: Row[]): Promise<Row[]> {
  const extras = LIST_EXTRAS[resource];
  if (!extras || !rows.length) return rows;
  const extra = await extras(deps, actor, rows);
  return rows.map((r) => ({ ...r, ...(extra.get(Number(r.id)) ?? {}) }));
}
