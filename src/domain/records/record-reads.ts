import { Op, type Model, type ModelStatic, type Sequelize, type Transaction, type WhereOptions } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { AuditEntry, AuditService } from '../audit/audit.service.js';
import { can, type Action } from '../access/access-policy.js';
import type { QueryKind } from '../access/query-fields.js';
import type { Actor } from '../shared/actor.js';
import { ForbiddenError, NotFoundError } from '../shared/errors.js';
import { text } from '../shared/text.js';
import { scopeWhere, withinScope } from './record-scope.js';
import { normalisedOrder, queryableFields, queryRefusal, type Order } from './query-guard.js';
import { presentRow } from './presentation.js';
import { listSearchOf, listSearchWhere, textFilterWhere } from './list-filter.js';
import { boundedCount } from './bounded-count.js';
import type { ResourceRules, Row } from './resource-rules.js';

/**
 * The reading half of the RecordService (record.service.ts adds the writes): every read adds the
 * actor's scope to the query itself (record-scope.ts: so list, count, search, show, reference
 * pickers and bulk loads cannot leak), every query names only allowed fields (query-guard.ts),
 * every row leaves presented (presentation.ts: secrets and storage paths out, NIK masked), and
 * every refusal is audited.
 */

export interface RecordDeps {
  models: Models;
  sequelize: Sequelize;
  audit: AuditService;
  rules?: Record<string, ResourceRules>;
}

/** How rows are loaded by id: a record URL (strict), a bulk action (all or nothing), or a reference (quiet). */
export type LoadMode = 'record' | 'bulk' | 'reference';

export class RecordReads {
  protected readonly audit: AuditService;
  constructor(protected readonly deps: RecordDeps) {
    this.audit = deps.audit;
  }

  model(resource: string): ModelStatic<Model> {
    const m = Object.values(this.deps.models).find((x) => x.getTableName() === resource);
    if (!m) throw new NotFoundError(`Sumber data "${resource}" tidak dikenal`);
    return m;
  }

  can(actor: Actor, resource: string, action: Action): boolean {
    return can(actor, resource, action);
  }

  /** The write rules the owning service declared for a resource (none: not writable generically). */
  rulesFor(resource: string): Readonly<ResourceRules> | null {
    return this.deps.rules?.[resource] ?? null;
  }

  /** The WHERE that limits rows to what the actor may see; null when the actor sees nothing. */
  scopeWhere(actor: Actor, resource: string): WhereOptions | null {
    return scopeWhere(this.deps.sequelize, actor, resource);
  }

  protected scoped(actor: Actor, resource: string, where: WhereOptions | undefined): WhereOptions | null {
    return withinScope(this.deps.sequelize, actor, resource, where);
  }

  /** Audits a refusal and throws ForbiddenError. */
  async denied(actor: Actor, resource: string | null, action: Action, recordId?: unknown, message?: string): Promise<never> {
    const msg = message ?? 'Anda tidak berwenang melakukan tindakan ini';
    await this.audit.record(actor, {
      action: 'denied',
      resource,
      recordId: recordId === undefined || recordId === null ? null : text(recordId).slice(0, 60),
      outcome: 'denied',
      message: `${action}: ${msg}`,
    });
    throw new ForbiddenError(msg);
  }

  async assertCan(actor: Actor, resource: string, action: Action, recordId?: unknown): Promise<void> {
    if (!can(actor, resource, action)) await this.denied(actor, resource, action, recordId);
  }

  /** The fields the actor may filter (search) or sort this resource on: the policy's allow-list, never a JSON column. */
  queryable(actor: Actor, resource: string, kind: QueryKind): string[] {
    return queryableFields(actor, this.model(resource), resource, kind);
  }

  /** A query (list filter, search, sort) naming a field outside the actor's allow-list is refused (403) and audited. */
  async assertQueryable(actor: Actor, resource: string, fields: string[], kind: QueryKind = 'filter'): Promise<void> {
    const refusal = queryRefusal(actor, this.model(resource), resource, fields, kind);
    if (refusal) await this.denied(actor, resource, kind, null, refusal);
  }

  /** The ORDER of a query: fields of the sort allow-list only (anything else is refused, audited), asc/desc. */
  async safeOrder(actor: Actor, resource: string, order: Order | undefined): Promise<Order> {
    if (!order?.length) return [];
    await this.assertQueryable(
      actor,
      resource,
      order.map(([field]) => String(field)),
      'sort',
    );
    return normalisedOrder(order);
  }

  async list(
    actor: Actor,
    resource: string,
    opts: { where?: WhereOptions; limit?: number; offset?: number; order?: Order; action?: Action; attributes?: string[] } = {},
  ): Promise<Row[]> {
    await this.assertCan(actor, resource, opts.action ?? 'list');
    const where = this.scoped(actor, resource, opts.where);
    if (where === null) return [];
    const model = this.model(resource);
    const order = await this.safeOrder(actor, resource, opts.order);
    // A stable order, so pages never repeat or skip rows; the key in the same direction as the
    // first column, so that one index (whose entries end with the key) gives the whole order.
    if (!order.some(([f]) => f === model.primaryKeyAttribute)) order.push([model.primaryKeyAttribute, order[0]?.[1] ?? 'ASC']);
    const limit = opts.limit === undefined ? undefined : Math.max(0, Math.min(Number(opts.limit) || 0, 1000));
    const offset = opts.offset === undefined ? undefined : Math.max(0, Number(opts.offset) || 0);
    const attributes = opts.attributes ? this.selectable(model, opts.attributes) : undefined;
    if (!offset) {
      const rows = await model.findAll({ where, limit, offset, order: order as never, attributes });
      return rows.map((r) => this.present(actor, resource, r.get({ plain: true }) as Row));
    }
    // A deep page: a deferred join. The page's keys come from the index (filter and order), then
    // only those rows are read — instead of reading and dropping every row before the OFFSET.
    const pk = model.primaryKeyAttribute;
    const keys = (await model.findAll({ where, limit, offset, order: order as never, attributes: [pk], raw: true })) as unknown as Row[];
    if (!keys.length) return [];
    const ids = keys.map((k) => k[pk]);
    const rows = await model.findAll({ where: { [Op.and]: [where, { [pk]: { [Op.in]: ids } }] }, attributes });
    const position = new Map(ids.map((id, i) => [String(id), i]));
    return rows
      .map((r) => r.get({ plain: true }) as Row)
      .sort((a, b) => position.get(String(a[pk]))! - position.get(String(b[pk]))!)
      .map((r) => this.present(actor, resource, r));
  }

  /** The WHERE of a filter on a text column (list-filter.ts): equality / IN, or a prefix / contains LIKE. */
  textFilterWhere(resource: string, field: string, values: readonly string[]): WhereOptions {
    return textFilterWhere(this.deps.sequelize, this.model(resource), resource, field, values);
  }

  /**
   * The WHERE of the list's free-text search (list-filter.ts: NIP prefix or name prefix), null for
   * an empty query. Its columns must be in the actor's filter allow-list like any filter's (refused,
   * audited); the list's scope is added by list/count as for every read.
   */
  async searchWhere(actor: Actor, resource: string, q: unknown): Promise<WhereOptions | null> {
    const match = listSearchOf(resource, q);
    if (!match) return null;
    if (match.search.via) await this.assertQueryable(actor, resource, [match.search.via]);
    await this.assertQueryable(actor, match.search.on, [match.field]);
    return listSearchWhere(this.deps.sequelize, (r) => this.model(r), match);
  }

  /** Columns a narrowed read (the picker) may name: model attributes only, the key always; presentation still applies. */
  private selectable(model: ModelStatic<Model>, wanted: string[]): string[] {
    const attrs = model.getAttributes();
    return [...new Set([model.primaryKeyAttribute, ...wanted.filter((f) => f in attrs)])];
  }

  async count(actor: Actor, resource: string, where?: WhereOptions, action: Action = 'list'): Promise<number> {
    await this.assertCan(actor, resource, action);
    const scopedWhere = this.scoped(actor, resource, where);
    if (scopedWhere === null) return 0;
    // The list's total, bounded: above LIST_COUNT_LIMIT the list shows "> 10.000" (bounded-count.ts).
    return boundedCount(this.model(resource), scopedWhere);
  }

  /**
   * One row the actor may see, or null.
   * - mode 'record' (a record URL): no 'show' right → audited ForbiddenError; a row outside the
   *   scope → audited, null (the answer does not tell "elsewhere" from "missing").
   * - mode 'reference' (a populated reference, a filter's label): quietly null.
   */
  async find(actor: Actor, resource: string, id: unknown, action: Action = 'show', mode: LoadMode = 'record'): Promise<Row | null> {
    if (mode === 'reference') {
      if (!can(actor, resource, 'show')) return null;
      const model = this.model(resource);
      const where = this.scoped(actor, resource, { [model.primaryKeyAttribute]: id });
      const row = where === null ? null : await model.findOne({ where });
      return row ? this.present(actor, resource, row.get({ plain: true }) as Row) : null;
    }
    await this.assertCan(actor, resource, action, id);
    const row = await this.findRaw(actor, resource, id);
    return row ? this.present(actor, resource, row) : null;
  }

  /**
   * Several rows by id.
   * - mode 'bulk' (a bulk action): all or nothing — an id outside the scope (or missing) refuses
   *   the whole request, audited, so a bulk action never runs on a silently trimmed selection.
   * - mode 'reference' (populating references in a list): only what the actor may see, quietly.
   */
  async findMany(actor: Actor, resource: string, ids: unknown[], action: Action = 'show', mode: LoadMode = 'bulk'): Promise<Row[]> {
    const model = this.model(resource);
    const pk = model.primaryKeyAttribute;
    const wanted = uniqueIds(ids);
    if (mode === 'reference') {
      if (!can(actor, resource, 'show') || wanted.length === 0) return [];
    } else {
      await this.assertCan(actor, resource, action, wanted.join(','));
    }
    const where = this.scoped(actor, resource, { [pk]: { [Op.in]: wanted } });
    const rows = where === null ? [] : await model.findAll({ where });
    if (mode !== 'reference') {
      const found = new Set(rows.map((r) => String(r.get(pk))));
      const missing = wanted.filter((i) => !found.has(i));
      if (missing.length || wanted.length === 0) {
        await this.denied(
          actor,
          resource,
          action,
          missing.join(',') || null,
          'sebagian data yang dipilih di luar wewenang Anda atau tidak ada',
        );
      }
    }
    return rows.map((r) => this.present(actor, resource, r.get({ plain: true }) as Row));
  }

  /**
   * The row as stored, within the actor's scope. In a write's transaction it is a locking read:
   * the row is the latest committed one and stays locked until the write commits, so concurrent
   * writes of one row follow each other (on MySQL/MariaDB a plain read would give the
   * transaction's older snapshot; SQLite serialises writers anyway).
   */
  protected async findRaw(
    actor: Actor,
    resource: string,
    id: unknown,
    transaction?: Transaction,
    denials?: AuditEntry[],
  ): Promise<Row | null> {
    const model = this.model(resource);
    const where = this.scoped(actor, resource, { [model.primaryKeyAttribute]: id });
    const row =
      where === null ? null : await model.findOne({ where, transaction, ...(transaction ? { lock: transaction.LOCK.UPDATE } : {}) });
    if (row) return row.get({ plain: true }) as Row;
    const exists =
      id !== undefined &&
      id !== null &&
      id !== '' &&
      (await model.count({ where: { [model.primaryKeyAttribute]: id } as WhereOptions, transaction })) > 0;
    if (exists) {
      const entry: AuditEntry = {
        action: 'denied',
        resource,
        recordId: text(id).slice(0, 60),
        outcome: 'denied',
        message: 'akses ke data di luar lingkup',
      };
      if (denials) denials.push(entry);
      else await this.audit.record(actor, entry);
    }
    return null;
  }

  /** Strips secrets and storage paths; masks NIK for roles that do not need it (presentation.ts). */
  present(actor: Actor, resource: string, row: Row): Row {
    return presentRow(actor, resource, row);
  }
}

/** Ids as the distinct non-empty strings they arrive as (a form, a query string). */
export function uniqueIds(ids: readonly unknown[]): string[] {
  return [...new Set(ids.map((i) => String(i)).filter((i) => i !== ''))];
}
