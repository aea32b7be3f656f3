import {
  ACTIONS,
  type ActionContext,
  type ActionHandler,
  type ActionRequest,
  type ActionResponse,
  type Before,
  type ResourceOptions,
  type ResourceWithOptions,
} from 'adminjs';
import type { Model, ModelStatic } from 'sequelize';
import { can, type ResourceId } from '../domain/access/access-policy.js';
import { JSON_FIELDS } from '../domain/access/field-policy.js';
import { QUERY_FIELDS } from '../domain/access/query-fields.js';
import type { RecordService } from '../domain/records/record.service.js';
import { LIST_SEARCH, LIST_SEARCH_FILTER } from '../domain/records/list-filter.js';
import type { WorkflowService } from '../domain/submissions/workflow.service.js';
import type { DocumentService } from '../domain/documents/document.service.js';
import type { NoticeService } from '../domain/notices/notice.service.js';
import type { ConsultationService } from '../domain/consultations/consultation.service.js';
import type { ReportServices } from '../container.js';
import type { GuideService } from '../domain/guides/guide.service.js';
import type { OpdReportService } from '../domain/opd-reports/opd-report.service.js';
import { ScopedResource, type VirtualFilter } from './scoped-resource.js';
import { actorFrom } from './current-admin.js';
import { PanelForbiddenError, refusedAction } from './error-edge.js';
import { bulkDeleteAll } from './features/bulk-delete.js';
import { exportPath } from './features/export-list.js';
import type { Actor } from '../domain/shared/actor.js';
import { ForbiddenError } from '../domain/shared/errors.js';
import { enumProperties } from './locale/enum-labels.js';

export interface ResourceDeps {
  records: RecordService;
  workflow: WorkflowService;
  documents: DocumentService;
  reports: ReportServices;
  notices: NoticeService;
  /** Issue 13's services (optional so a test can build a resource without them). */
  opdReports?: OpdReportService;
  guides?: GuideService;
  /** The consultation with BKPSDM on a submission (its actions and the thread on the page). */
  consultations?: ConsultationService;
  components: Record<string, string>;
}

/** A synchronous isAccessible backed by the access policy (an async one would count as true). */
export const allowed =
  (resource: string, action: string) =>
  ({ currentAdmin }: { currentAdmin?: ActionContext['currentAdmin'] }): boolean => {
    try {
      return can(actorFrom(currentAdmin), resource, action);
    } catch {
      return false;
    }
  };

const CRUD = ['list', 'show', 'search', 'new', 'edit', 'delete', 'bulkDelete'] as const;

export const NAV = {
  data: { name: 'Data Pegawai', icon: 'Users' },
  workflow: { name: 'Pemutakhiran', icon: 'CheckSquare' },
  helpdesk: { name: 'Helpdesk', icon: 'LifeBuoy' },
  reports: { name: 'Laporan', icon: 'FileText' },
  settings: { name: 'Pengaturan', icon: 'Settings' },
};

type AccessFn = (ctx: Partial<ActionContext>) => boolean;
type IsAccessible = boolean | ((ctx: ActionContext) => boolean) | undefined;

/**
 * The effective isAccessible of an action: the access policy for the built-in actions (and
 * any custom action that brings none), AND whatever the resource itself says. Anything but a
 * synchronous `true` counts as no (an async function would return a Promise).
 */
function effectiveAccess(resource: string, action: string, given: IsAccessible): AccessFn {
  const policy = (CRUD as readonly string[]).includes(action) || given === undefined ? allowed(resource, action) : null;
  return (ctx) => {
    if (policy && !policy(ctx)) return false;
    if (given === undefined) return true;
    if (typeof given === 'function') {
      try {
        return given(ctx as ActionContext) === true;
      } catch {
        return false;
      }
    }
    return given === true;
  };
}

/** Writes the refusal to the audit trail and answers 403 (or `status`; no record in the answer). */
async function refuse(
  context: ActionContext,
  request: ActionRequest,
  resource: string,
  action: string,
  message?: string,
  status = 403,
): Promise<never> {
  const records = (context.resource as unknown as ScopedResource | undefined)?.records;
  let actor: Actor;
  try {
    actor = actorFrom(context.currentAdmin, request);
  } catch (e) {
    throw new PanelForbiddenError((e as Error).message);
  }
  const recordId = context.record?.id?.() ?? (request.query as Record<string, string> | undefined)?.recordIds ?? null;
  try {
    if (records) await records.denied(actor, resource, action, recordId, message);
  } catch (e) {
    if (!(e instanceof ForbiddenError)) throw e;
  }
  throw new PanelForbiddenError(message ?? 'Anda tidak berwenang melakukan tindakan ini', status);
}

/** A `before` hook that refuses (audited, 403) what isAccessible would refuse. */
function policyHook(resource: string, action: string, access: AccessFn): Before {
  return async (request, context) => {
    const base = {
      currentAdmin: context.currentAdmin,
      resource: context.resource,
      action: context.action,
      h: context.h,
      _admin: context._admin,
    };
    const targets = context.records?.length ? context.records : [context.record];
    if (!targets.every((record) => access({ ...base, record }))) await refuse(context, request, resource, action);
    return request;
  };
}

/**
 * Wraps the handler of a state-changing action so that it runs only for POST. AdminJS calls an
 * action without a component with GET (a link, an <img>, a prefetch could trigger it); GET is
 * refused (403, audited). Use for every custom action that changes data:
 *   actions: { sendNow: { actionType: 'record', component: false, handler: postOnly(async (req, res, ctx) => ...) } }
 * A component that POSTs (ApiClient.recordAction({ ..., data })) is then the only way in; the
 * Origin check in auth.ts covers every POST.
 */
export function postOnly<T extends ActionResponse>(
  handler: (request: ActionRequest, response: unknown, context: ActionContext) => Promise<T>,
): ActionHandler<T> {
  return async (request, response, context) => {
    if (String(request.method).toLowerCase() !== 'post') {
      const resource = (context.resource?.id?.() as string | undefined) ?? 'panel';
      await refuse(context, request, resource, context.action?.name ?? 'action', 'Tindakan ini hanya dapat dikirim dengan POST dari panel');
    }
    return handler(request, response, context);
  };
}

/** Built-in actions that only read: GET runs their handler. */
const READ_ACTIONS = new Set(['list', 'show', 'search']);
const READ_HANDLERS = new WeakSet<object>();

/**
 * Marks the handler of a custom action that only reads (a detail view, a download link), so that
 * GET runs it. It must change nothing: every other action's handler runs only for POST.
 */
export function readOnly<T extends ActionResponse>(handler: ActionHandler<T>): ActionHandler<T> {
  READ_HANDLERS.add(handler);
  return handler;
}

/**
 * Methods, for every action of every resource (built-in and custom): a state-changing action's
 * handler runs only for POST. GET gets what the action's form or confirmation shows — the record,
 * the selected records, or nothing — without its handler being called, so a GET (a link, an
 * <img>, a prefetch) can never delete, create, edit or run a workflow step, even if a handler
 * forgot to look at the method. Any other method (HEAD) is refused, 405 and audited.
 * A service's refusal thrown by a POST handler is answered as the action's error notice
 * (refusedAction), so handlers never catch domain errors themselves; a read that is refused
 * answers with the refusal's HTTP status (httpErrorHandler), carrying nothing.
 */
function methodGuard(resource: string, action: string, handler: ActionHandler<ActionResponse>): ActionHandler<ActionResponse> {
  const reads = READ_ACTIONS.has(action) || READ_HANDLERS.has(handler);
  return async (request, response, context) => {
    const method = String(request.method ?? '').toLowerCase();
    if (method !== 'get' && method !== 'post') {
      await refuse(context, request, resource, action, `Metode ${method.toUpperCase() || '?'} tidak diizinkan untuk tindakan ini`, 405);
    }
    if (method === 'post') {
      try {
        return await handler(request, response, context);
      } catch (e) {
        return refusedAction(e, context);
      }
    }
    if (reads) return handler(request, response, context);
    const { record, records, currentAdmin } = context;
    if (records?.length) return { records: records.map((r) => r.toJSON(currentAdmin)) };
    if (record) return { record: record.toJSON(currentAdmin) };
    return {};
  };
}

/**
 * AdminJS's edit stores the posted params on the record loaded from the URL and then updates
 * `record.id()`: a posted `id` would retarget the write at another row than the one the URL (and
 * every check on it) named. The key is never input: it is dropped before the action runs.
 */
function dropPrimaryKey(pk: string): Before {
  return async (request) => {
    const payload = request.payload as Record<string, unknown> | undefined;
    if (payload) for (const key of Object.keys(payload)) if (key === pk || key === 'id' || key.startsWith(`${pk}.`)) delete payload[key];
    return request;
  };
}

/**
 * The panel's filters and sortable columns follow the access policy's query allow-list
 * (QUERY_FIELDS): the filter sidebar offers only allowed fields (all of them unless the resource
 * narrows the list), a column outside the sort list is not sortable, and the title (what the
 * search action matches) and the default sort must be allowed. A resource that names anything
 * else is a programming error, reported when the panel is built.
 */
function queryOptions(
  id: string,
  model: ModelStatic<Model>,
  options: ResourceOptions,
  virtual: readonly string[],
): Partial<ResourceOptions> {
  const allowed = QUERY_FIELDS[id as ResourceId];
  if (!allowed) throw new Error(`Resource ${id} has no entry in the access policy's QUERY_FIELDS`);
  const json = JSON_FIELDS[id as ResourceId] ?? [];
  const problems: string[] = [];
  for (const f of [...allowed.filter, ...allowed.sort]) if (json.includes(f)) problems.push(`${f} is a JSON column`);
  const filters = (options.filterProperties ?? allowed.filter) as string[];
  for (const f of filters) if (!virtual.includes(f) && !allowed.filter.includes(f)) problems.push(`filter ${f}`);
  if (options.titleProperty && !allowed.filter.includes(options.titleProperty)) problems.push(`title ${options.titleProperty}`);
  if (options.sort?.sortBy && !allowed.sort.includes(options.sort.sortBy)) problems.push(`sort ${options.sort.sortBy}`);
  if (problems.length) throw new Error(`Resource ${id} names fields outside the access policy's QUERY_FIELDS: ${problems.join(', ')}`);
  const properties: Record<string, unknown> = { ...(options.properties ?? {}) };
  for (const name of Object.keys(model.getAttributes())) {
    if (!allowed.sort.includes(name)) properties[name] = { ...(properties[name] ?? {}), isSortable: false };
  }
  return { filterProperties: filters, properties: properties as ResourceOptions['properties'] };
}

/**
 * "Unduh xlsx" on every list: a drawer over the list (so it keeps the list's query string) whose
 * component links to the export route with that query (src/admin/routes/export-list.route.ts).
 * Only for roles that may list and export the resource; its handler only reads (it answers nothing).
 */
function exportAction(id: string, deps: ResourceDeps) {
  const list = allowed(id, 'list');
  const exp = allowed(id, 'export');
  return {
    actionType: 'resource',
    icon: 'Download',
    showInDrawer: true,
    component: deps.components.ExportList,
    isAccessible: (ctx: ActionContext) => list(ctx) && exp(ctx),
    custom: { href: exportPath(id) },
    handler: readOnly(() => Promise.resolve({})),
  };
}

/**
 * Builds a resource whose every query is scoped by the RecordService and whose every action
 * (built-in and custom) asks the access policy: isAccessible hides what a role may not do, and
 * a `before` hook refuses and audits it when the URL is called anyway.
 */
export function scopedResource(
  model: ModelStatic<Model>,
  deps: ResourceDeps,
  options: ResourceOptions,
  virtualFilters: Record<string, VirtualFilter> = {},
): ResourceWithOptions {
  const resource = new ScopedResource(model, deps.records, virtualFilters);
  const id = model.getTableName() as string;
  const actions: Record<string, unknown> = { export: exportAction(id, deps), ...(options.actions ?? {}) };
  const names = new Set<string>([...CRUD, ...Object.keys(actions)]);
  for (const name of names) {
    const given = (actions[name] ?? {}) as {
      isAccessible?: IsAccessible;
      before?: Before | Before[];
      handler?: ActionHandler<ActionResponse> | null;
    };
    const access = effectiveAccess(id, name, given.isAccessible);
    const before = given.before ? (Array.isArray(given.before) ? given.before : [given.before]) : [];
    const builtIn =
      name === 'bulkDelete'
        ? bulkDeleteAll
        : (ACTIONS as unknown as Record<string, { handler?: ActionHandler<ActionResponse> }>)[name]?.handler;
    const handler = given.handler ?? builtIn;
    if (typeof handler !== 'function') throw new Error(`Tindakan ${id}.${name} tidak memiliki handler`);
    const guards =
      name === 'new' || name === 'edit'
        ? [policyHook(id, name, access), dropPrimaryKey(model.primaryKeyAttribute)]
        : [policyHook(id, name, access)];
    actions[name] = { ...given, isAccessible: access, before: [...guards, ...before], handler: methodGuard(id, name, handler) };
  }
  // The list's search box (NIP or name, list-filter.ts): the filter drawer's first field.
  const searchBox = id in LIST_SEARCH;
  const query = queryOptions(id, model, options, [...Object.keys(virtualFilters), ...(searchBox ? [LIST_SEARCH_FILTER] : [])]);
  if (searchBox) {
    query.filterProperties = [LIST_SEARCH_FILTER, ...(query.filterProperties ?? [])];
    query.properties = {
      ...(query.properties ?? {}),
      [LIST_SEARCH_FILTER]: { type: 'string', isSortable: false, isVisible: { list: false, show: false, edit: false, filter: true } },
    };
  }
  // Coded columns in words (src/admin/locale/enum-labels.ts), where the resource names none.
  const given = (query.properties ?? {}) as Record<string, Record<string, unknown>>;
  const labelled = enumProperties(id, given);
  const properties = { ...given };
  for (const [name, extra] of Object.entries(labelled)) properties[name] = { ...(given[name] ?? {}), ...extra };
  return { resource, options: { ...options, ...query, properties, id, actions: actions } };
}
