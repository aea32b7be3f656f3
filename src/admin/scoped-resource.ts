import { Resource as SequelizeResource, convertFilter } from '@adminjs/sequelize';
import { BaseProperty, BaseRecord, type ActionContext, type Filter } from 'adminjs';
import { Op, type Model, type ModelStatic, type WhereOptions } from 'sequelize';
import type { LoadMode, RecordService } from '../domain/records/record.service.js';
import { LIST_SEARCH, LIST_SEARCH_FILTER, searchField } from '../domain/records/list-filter.js';
import { actorFrom } from './current-admin.js';
import { panelErrorOf } from './error-edge.js';

/** What a picker shows beside its title (the employee picker: NIP and OPD, so namesakes differ). */
const PICKER_SHOWS: Partial<Record<string, readonly string[]>> = { employees: ['nip', 'opdId'] };

/**
 * An AdminJS resource whose every database call goes through the RecordService with the
 * current user as actor. Scoping lives one level below the actions, so list, show, edit,
 * delete, bulk actions, search (reference pickers, filter selects) and populated references
 * all see only what the policy grants — whatever action or URL was used.
 */
/** A filter field with no column: it turns into a WHERE built by a service (e.g. the inbox). */
export type VirtualFilter = (actor: ReturnType<typeof actorFrom>, value: unknown) => WhereOptions | null;

type FilterEntry = { path: string; value: unknown; property?: BaseProperty | null };

export class ScopedResource extends SequelizeResource {
  constructor(
    model: ModelStatic<Model>,
    readonly records: RecordService,
    private readonly virtualFilters: Record<string, VirtualFilter> = {},
  ) {
    super(model);
  }

  /** Virtual filter names are known to AdminJS's Filter (it drops unknown paths). */
  override property(path: string): BaseProperty | null {
    if (path in this.virtualFilters) return new BaseProperty({ path, type: 'boolean', isSortable: false });
    if (this.searchable(path)) return new BaseProperty({ path, type: 'string', isSortable: false });
    return super.property(path);
  }

  /**
   * The WHERE of an AdminJS filter, with virtual filters replaced by their service-built WHERE.
   * Every real filter — the list's, and the search action's match on the title or `searchProperty`
   * — must name a column of the policy's allow-list for the actor (never a JSON column: a filter
   * on `proposedValues.nik` is a filter on the whole `proposedValues` column and is refused).
   */
  private async whereOf(filter: Filter, context?: ActionContext): Promise<WhereOptions> {
    const actor = this.actor(context);
    const parts: WhereOptions[] = [];
    const filters = (filter?.filters ?? {}) as Record<string, FilterEntry>;
    for (const [name, build] of Object.entries(this.virtualFilters)) {
      const f = filters[name];
      if (f && (f.value === 'true' || f.value === true)) parts.push(build(actor, f.value) ?? { [this.primaryKey()]: null });
    }
    // The list's search box (NIP or name prefix): its WHERE and its guard are the RecordService's.
    const q = filters[LIST_SEARCH_FILTER];
    if (q && this.searchable(q.path)) {
      const where = await this.records.searchWhere(actor, this.id(), q.value);
      if (where) parts.push(where);
    }
    // The same Filter object is used for find and count: leave it intact, convert the rest.
    const real = Object.values(filters).filter((f) => !(f.path in this.virtualFilters) && !this.searchable(f.path));
    const search = this.searchOf(real, context);
    const nameOf = (f: FilterEntry) => (search && f === search.entry ? search.field : f.property ? f.property.name() : f.path);
    await this.records.assertQueryable(actor, this.id(), real.map(nameOf));
    // Text columns: equality / IN for enums and keys, an index-friendly LIKE where the records
    // domain says so (list-filter.ts). The adapter's convertFilter (LIKE '%x%' on every string)
    // handles only the other types (numbers, references, booleans, date ranges).
    const text = new Map<string, string[]>();
    const other: FilterEntry[] = [];
    for (const f of real) {
      const v = f.value;
      if (f.property?.type() === 'string' && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) {
        const name = nameOf(f);
        text.set(name, [...(text.get(name) ?? []), String(v)]);
      } else other.push(f);
    }
    for (const [name, values] of text) parts.push(this.records.textFilterWhere(this.id(), name, values));
    const base = convertFilter({ reduce: (cb: never, init: never) => other.reduce(cb, init ?? {}) }) as WhereOptions;
    return parts.length ? { [Op.and]: [base, ...parts] } : base;
  }

  /** `filters.q` of a list that has a search box (list-filter.ts LIST_SEARCH). */
  private searchable(path: string): boolean {
    return path === LIST_SEARCH_FILTER && !!LIST_SEARCH[this.id() as keyof typeof LIST_SEARCH];
  }

  /** The picker's search entry (the title filter of the search action) and the column it matches. */
  private searchOf(real: FilterEntry[], context?: ActionContext): { entry: FilterEntry; field: string; title: string } | null {
    if (context?.action?.name !== 'search') return null;
    const title = this.decorate().titleProperty()?.name();
    const entry = title ? real.find((f) => (f.property ? f.property.name() : f.path) === title) : undefined;
    if (!title || !entry) return null;
    return { entry, field: searchField(this.id(), title, entry.value), title };
  }

  private actor(context?: ActionContext) {
    return actorFrom(context?.currentAdmin);
  }

  /** Loads for this resource's own action (record URL, bulk selection) or for another resource (a reference). */
  private loadMode(context: ActionContext | undefined, own: LoadMode): LoadMode {
    const current = context?.resource as { id?: () => string } | undefined;
    return current?.id && current.id() === this.id() ? own : 'reference';
  }

  private toRecord(row: Record<string, unknown>): BaseRecord {
    return new BaseRecord(row, this);
  }

  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    return guard(async () =>
      this.records.count(this.actor(context), this.id(), await this.whereOf(filter, context), actionOf(context, 'list')),
    );
  }

  override async find(
    filter: Filter,
    options: { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: string } },
    context?: ActionContext,
  ): Promise<BaseRecord[]> {
    const { limit = 20, offset = 0, sort = {} } = options ?? {};
    const query = await this.listQuery(filter, sort, context);
    // The picker reads only what it shows (the key and the title) and, when it matches another
    // column than the title (an NIP typed as digits), sorts by that column.
    const search = this.searchOf(Object.values((filter?.filters ?? {}) as Record<string, FilterEntry>), context);
    let attributes: string[] | undefined;
    if (search) {
      attributes = [...new Set([this.primaryKey(), search.title, search.field, ...(PICKER_SHOWS[this.id()] ?? [])])];
      if (search.field !== search.title) query.order = [[search.field, 'asc']];
    }
    const rows = await guard(async () =>
      this.records.list(this.actor(context), this.id(), {
        ...query,
        limit,
        offset,
        attributes,
        action: actionOf(context, 'list'),
      }),
    );
    return rows.map((r) => this.toRecord(r));
  }

  /**
   * The WHERE and ORDER of the list for a filter and a sort — what `find` hands the RecordService,
   * and what an export of the list (src/admin/features/export-list.ts) hands it for every page.
   * sortBy comes from the query string: RecordService refuses (audited) anything outside the sort
   * allow-list. A filter field outside the allow-list is refused here (ForbiddenError, audited).
   */
  async listQuery(
    filter: Filter,
    sort: { sortBy?: string; direction?: string } | undefined,
    context?: ActionContext,
  ): Promise<{ where: WhereOptions; order: Array<[string, string]> }> {
    const order: Array<[string, string]> = sort?.sortBy ? [[String(sort.sortBy), String(sort.direction || 'asc')]] : [];
    return { where: await this.whereOf(filter, context), order };
  }

  /**
   * A record URL (show, edit, delete, custom record actions) loads through here before AdminJS
   * checks the action: a resource the user may not read is refused (403, audited); a row outside
   * their scope is "not found" (audited). As a reference (a filter's label) it is quietly null.
   */
  override async findOne(id: string, context?: ActionContext): Promise<BaseRecord | null> {
    const mode = this.loadMode(context, 'record');
    const row = await guard(() => this.records.find(this.actor(context), this.id(), id, 'show', mode));
    return row ? this.toRecord(row) : null;
  }

  /**
   * A bulk selection is all-or-nothing (an id outside the scope refuses the request, audited);
   * populating references returns only the rows the user may see.
   */
  override async findMany(ids: Array<string | number>, context?: ActionContext): Promise<BaseRecord[]> {
    const mode = this.loadMode(context, 'bulk');
    const action = mode === 'bulk' ? (context?.action?.name ?? 'show') : 'show';
    const rows = await guard(() => this.records.findMany(this.actor(context), this.id(), ids, action, mode));
    return rows.map((r) => this.toRecord(r));
  }

  override async create(params: Record<string, unknown>, context?: ActionContext): Promise<Record<string, unknown>> {
    const values = unflatten(this.formParams(params));
    return guard(() => this.records.create(this.actor(context), this.id(), values));
  }

  override async update(id: string, params: Record<string, unknown>, context?: ActionContext): Promise<Record<string, unknown>> {
    const values = unflatten(this.formParams(params));
    return guard(() => this.records.update(this.actor(context), this.id(), id, values));
  }

  override async delete(id: string, context?: ActionContext): Promise<void> {
    await guard(() => this.records.delete(this.actor(context), this.id(), id));
  }

  /** A bulk delete: all the selected rows or none, in one transaction (RecordService.deleteMany). */
  async deleteMany(ids: string[], context?: ActionContext): Promise<number> {
    return guard(() => this.records.deleteMany(this.actor(context), this.id(), ids));
  }

  /** Unscoped paths of the Sequelize adapter: closed, so nothing can bypass the RecordService. */
  override async populate(): Promise<never> {
    throw new Error('ScopedResource.populate is not supported; AdminJS populates through findMany');
  }

  override async findById(): Promise<never> {
    throw new Error('ScopedResource.findById is not supported; use findOne with a context');
  }

  /**
   * Form values: an emptied optional field ('' for a number, date or reference, e.g. a cleared
   * OPD) becomes null instead of being dropped, so it can be cleared.
   */
  private formParams(params: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...params };
    const attrs = (this as unknown as { SequelizeModel: ModelStatic<Model> }).SequelizeModel.getAttributes() as Record<
      string,
      { allowNull?: boolean }
    >;
    for (const property of this.properties()) {
      const name = property.name();
      if (!(name in out)) continue;
      const value = out[name];
      if (value === '' && property.type() !== 'string') {
        if (attrs[name]?.allowNull === false) delete out[name];
        else out[name] = null;
      }
    }
    return out;
  }
}

function actionOf(context: ActionContext | undefined, fallback: string): string {
  const name = context?.action?.name;
  return name === 'search' ? 'search' : fallback;
}

function unflatten(params: Record<string, unknown>): Record<string, unknown> {
  // Flat keys like "proposedValues.jenjang" become nested objects. A parent also sent as JSON text
  // (the proposal's textarea) is taken as the object it encodes, and the nested keys go into it.
  const out: Record<string, unknown> = {};
  const asObject = (v: unknown): Record<string, unknown> => {
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    if (typeof v === 'string') {
      try {
        const parsed = JSON.parse(v) as unknown;
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
      } catch {
        // not JSON: the nested keys replace it
      }
    }
    return {};
  };
  for (const [key, value] of Object.entries(params)) {
    const parts = key.split('.');
    let node = out;
    parts.slice(0, -1).forEach((p) => {
      node[p] = asObject(node[p]);
      node = node[p] as Record<string, unknown>;
    });
    node[parts[parts.length - 1]] = value;
  }
  return out;
}

/** Every call into the RecordService: its refusals become what AdminJS shows (error-edge.ts). */
async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw panelErrorOf(e);
  }
}
