import { Resource as SequelizeResource, convertFilter } from '@adminjs/sequelize';
import { BaseProperty, BaseRecord, type ActionContext, type Filter } from 'adminjs';
import { Op, type Model, type ModelStatic, type WhereOptions } from 'sequelize';
import type { LoadMode, RecordService } from '../domain/records/record.service.js';
import { actorFrom } from './current-admin.js';
import { panelErrorOf } from './error-edge.js';

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
    // The same Filter object is used for find and count: leave it intact, convert the rest.
    const real = Object.values(filters).filter((f) => !(f.path in this.virtualFilters));
    await this.records.assertQueryable(
      actor,
      this.id(),
      real.map((f) => (f.property ? f.property.name() : f.path)),
    );
    const base = convertFilter({ reduce: (cb: never, init: never) => real.reduce(cb, init ?? {}) }) as WhereOptions;
    return parts.length ? { [Op.and]: [base, ...parts] } : base;
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
    // sortBy comes from the query string: RecordService refuses (audited) anything outside the sort allow-list.
    const order: Array<[string, string]> = sort.sortBy ? [[String(sort.sortBy), String(sort.direction || 'asc')]] : [];
    const rows = await guard(async () =>
      this.records.list(this.actor(context), this.id(), {
        where: await this.whereOf(filter, context),
        limit,
        offset,
        order,
        action: actionOf(context, 'list'),
      }),
    );
    return rows.map((r) => this.toRecord(r));
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
