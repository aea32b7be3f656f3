import {
  ForeignKeyConstraintError,
  Op,
  type Model,
  type ModelStatic,
  type Sequelize,
  type Transaction,
  type WhereOptions,
} from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { diff, type AuditEntry, type AuditService } from '../audit/audit.service.js';
import { can, canSeeFullNik, grantOf, type Action, type QueryKind } from '../access/access-policy.js';
import type { Actor } from '../shared/actor.js';
import { OPD_SCOPED_ROLES } from '../shared/constants.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import { scopeWhere, withinScope } from './record-scope.js';
import { normalisedOrder, queryableFields, queryRefusal, type Order } from './query-guard.js';
import { keepMaskedValues, presentRow } from './presentation.js';
import { listSearchOf, listSearchWhere, textFilterWhere } from './list-filter.js';
import { checkFixed, forceOwnOpd, pickWritable } from './write-input.js';
import type { ResourceRules, Row } from './resource-rules.js';
import { text } from '../shared/text.js';

export type { ResourceRules, Row, RuleContext, WritableFields } from './resource-rules.js';
export type { Order } from './query-guard.js';

/**
 * Scoped, audited CRUD over the panel's resources. Every read adds the actor's scope to the
 * query itself (record-scope.ts: so list, count, search, show, reference pickers and bulk loads
 * cannot leak), every query names only allowed fields (query-guard.ts), every write is checked
 * against the access policy, takes only the input its owner's rules allow (write-input.ts), passes
 * those rules, and is audited in the same transaction. The AdminJS resource adapter is a thin
 * layer over this.
 */

/** How rows are loaded by id: a record URL (strict), a bulk action (all or nothing), or a reference (quiet). */
export type LoadMode = 'record' | 'bulk' | 'reference';

const NOT_FOUND = 'Data tidak ditemukan atau di luar wewenang Anda';
const IN_USE = 'Data ini masih dipakai oleh data lain (pegawai, usul, pengguna atau jadwal) sehingga tidak dapat dihapus; nonaktifkan saja';

export class RecordService {
  private readonly audit: AuditService;
  constructor(private readonly deps: { models: Models; sequelize: Sequelize; audit: AuditService; rules?: Record<string, ResourceRules> }) {
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

  private scoped(actor: Actor, resource: string, where: WhereOptions | undefined): WhereOptions | null {
    return withinScope(this.deps.sequelize, actor, resource, where);
  }

  /**
   * A transaction whose refusals are audited after it ends (committed or rolled back): an audit
   * row written on another connection while the transaction holds SQLite's write lock would wait
   * for it forever, and one written inside would be rolled back with the refused change.
   */
  private async tx<T>(actor: Actor, fn: (transaction: Transaction, denials: AuditEntry[]) => Promise<T>): Promise<T> {
    const denials: AuditEntry[] = [];
    try {
      return await this.deps.sequelize.transaction((transaction) => fn(transaction, denials));
    } finally {
      for (const entry of denials) await this.audit.record(actor, entry);
    }
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
    return this.model(resource).count({ where: scopedWhere });
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
  private async findRaw(
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

  /**
   * The rules of a generic write, or a refusal (403, audited): a resource whose owning service
   * declares no writable fields for the operation (no `deletable` for a delete) is not written
   * through this path at all.
   */
  private async writeRules(actor: Actor, resource: string, op: 'create' | 'update' | 'delete', id?: unknown): Promise<ResourceRules> {
    const rules = this.deps.rules?.[resource];
    const declared = op === 'delete' ? rules?.deletable === true : !!rules?.writable?.[op];
    if (!rules || !declared) {
      const verb = op === 'create' ? 'dibuat' : op === 'update' ? 'diubah' : 'dihapus';
      await this.denied(
        actor,
        resource,
        op === 'create' ? 'new' : op === 'update' ? 'edit' : 'delete',
        id,
        `Data ini tidak dapat ${verb} melalui formulir umum`,
      );
    }
    return rules!;
  }

  /**
   * A row may only point at rows the actor can see: a verifier cannot attach a submission to an
   * employee of another OPD, nor a document to another OPD's submission.
   */
  private async checkReferences(
    actor: Actor,
    resource: string,
    values: Row,
    transaction: Transaction,
    denials: AuditEntry[],
  ): Promise<void> {
    if (actor.role === 'system') return;
    const attrs = this.model(resource).getAttributes() as Record<string, { references?: { model?: unknown } | string }>;
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) {
      const ref = attrs[key]?.references;
      if (!ref || value === null || value === undefined || value === '') continue;
      const target =
        typeof ref === 'string'
          ? ref
          : typeof ref.model === 'string'
            ? ref.model
            : (ref.model as { tableName?: string } | undefined)?.tableName;
      if (!target) continue;
      const grant = grantOf(actor, target);
      const bound = OPD_SCOPED_ROLES.includes(actor.role) || grant?.scope === 'bkn';
      if (grant?.scope === 'all') continue;
      if (!grant && !bound) continue;
      const model = this.model(target);
      const where = this.scoped(actor, target, { [model.primaryKeyAttribute]: value });
      const visible = where !== null && (await model.count({ where, transaction })) > 0;
      if (!visible) fields[key] = 'Data rujukan tidak ditemukan atau di luar wewenang Anda';
    }
    if (Object.keys(fields).length) {
      denials.push({
        action: 'denied',
        resource,
        outcome: 'denied',
        message: `rujukan di luar lingkup: ${Object.keys(fields).join(', ')}`,
      });
      throw new ValidationError(`Data tidak valid: ${Object.values(fields)[0]}`, fields);
    }
  }

  async create(actor: Actor, resource: string, input: Row): Promise<Row> {
    await this.assertCan(actor, resource, 'new');
    const rules = await this.writeRules(actor, resource, 'create');
    const picked = await this.tx(actor, async (transaction, denials) => {
      let values = pickWritable(this.model(resource), resource, input, rules, 'create');
      forceOwnOpd(actor, resource, values, rules, 'create');
      await this.checkReferences(actor, resource, values, transaction, denials);
      if (rules.createVia) return { values, row: null };
      const ctx = { models: this.deps.models, transaction, audit: this.audit };
      if (rules.beforeCreate) values = await rules.beforeCreate(actor, values, ctx);
      if (rules.create) return { values, row: await rules.create(actor, values, ctx) };
      const row = (await this.model(resource).create(values, { transaction })).get({ plain: true }) as Row;
      if (rules?.afterCreate) await rules.afterCreate(actor, row, ctx);
      await this.audit.record(
        actor,
        {
          action: 'create',
          resource,
          recordId: row.id as number,
          opdId: (row.opdId as number) ?? null,
          after: this.present({ ...actor, role: 'system' }, resource, row),
        },
        transaction,
      );
      return { values, row };
    });
    // The owning service runs its own transaction (rules, history, audit) after the checks above.
    const row = picked.row ?? (await rules.createVia!(actor, picked.values));
    return this.present(actor, resource, row);
  }

  async update(actor: Actor, resource: string, id: unknown, input: Row): Promise<Row> {
    await this.assertCan(actor, resource, 'edit', id);
    const rules = await this.writeRules(actor, resource, 'update', id);
    const done = await this.tx(actor, async (transaction, denials) => {
      const current = await this.findRaw(actor, resource, id, transaction, denials);
      if (!current) throw new NotFoundError(NOT_FOUND);
      checkFixed(resource, rules, input, current, denials);
      let values = pickWritable(this.model(resource), resource, input, rules, 'update');
      forceOwnOpd(actor, resource, values, rules, 'update');
      if (!canSeeFullNik(actor)) keepMaskedValues(resource, values, current);
      await this.checkReferences(actor, resource, values, transaction, denials);
      if (rules.updateVia) return { values, current, row: null };
      const ctx = { models: this.deps.models, transaction, audit: this.audit };
      if (rules.beforeUpdate) values = await rules.beforeUpdate(actor, values, current, ctx);
      const model = this.model(resource);
      // Every write bumps a versioned row's version (stale pages and workflow buttons see it).
      if ('version' in model.getAttributes()) values.version = Number(current.version ?? 0) + 1;
      const instance = await model.findByPk(id as number, { transaction });
      if (!instance) throw new NotFoundError('Data tidak ditemukan');
      instance.set(values);
      await instance.save({ transaction });
      const after = instance.get({ plain: true }) as Row;
      if (rules?.afterUpdate) await rules.afterUpdate(actor, current, after, ctx);
      const changes = diff(current, after);
      await this.audit.record(
        actor,
        {
          action: 'update',
          resource,
          recordId: String(id),
          opdId: (after.opdId as number) ?? null,
          before: changes.before,
          after: changes.after,
        },
        transaction,
      );
      return { values, current, row: after };
    });
    const row = done.row ?? (await rules.updateVia!(actor, id, done.values, done.current));
    return this.present(actor, resource, row);
  }

  async delete(actor: Actor, resource: string, id: unknown): Promise<void> {
    await this.deleteAll(actor, resource, [id], String(id));
  }

  /**
   * A bulk delete: every selected row, or none. One transaction; each row passes the same checks
   * and rules as a single delete, in input order, and the first refusal (a row outside the scope,
   * one its rules keep, one still in use) undoes the whole selection. Returns how many went.
   */
  async deleteMany(actor: Actor, resource: string, ids: readonly unknown[]): Promise<number> {
    const wanted = uniqueIds(ids);
    if (wanted.length === 0) throw new ValidationError('Tidak ada data yang dipilih');
    await this.deleteAll(actor, resource, wanted, wanted.join(','));
    return wanted.length;
  }

  private async deleteAll(actor: Actor, resource: string, ids: readonly unknown[], shownIds: string): Promise<void> {
    await this.assertCan(actor, resource, 'delete', shownIds);
    const rules = await this.writeRules(actor, resource, 'delete', shownIds);
    try {
      await this.tx(actor, async (transaction, denials) => {
        for (const id of ids) await this.deleteRow(actor, resource, rules, id, transaction, denials);
      });
    } catch (e) {
      if (e instanceof ForeignKeyConstraintError) throw new ConflictError(IN_USE);
      throw e;
    }
  }

  private async deleteRow(
    actor: Actor,
    resource: string,
    rules: ResourceRules,
    id: unknown,
    transaction: Transaction,
    denials: AuditEntry[],
  ): Promise<void> {
    const current = await this.findRaw(actor, resource, id, transaction, denials);
    if (!current) throw new NotFoundError(NOT_FOUND);
    if (rules.beforeDelete) await rules.beforeDelete(actor, current, { models: this.deps.models, transaction, audit: this.audit });
    const model = this.model(resource);
    await model.destroy({ where: { [model.primaryKeyAttribute]: id } as WhereOptions, transaction });
    const before = this.present({ ...actor, role: 'system' }, resource, current);
    await this.audit.record(
      actor,
      { action: 'delete', resource, recordId: String(id), opdId: (current.opdId as number) ?? null, before },
      transaction,
    );
  }
}

/** Ids as the distinct non-empty strings they arrive as (a form, a query string). */
function uniqueIds(ids: readonly unknown[]): string[] {
  return [...new Set(ids.map((i) => String(i)).filter((i) => i !== ''))];
}
