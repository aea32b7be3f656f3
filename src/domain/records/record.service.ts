import { Op, type Model, type ModelStatic, type Sequelize, type Transaction, type WhereOptions } from 'sequelize';
import type { Models } from '../../db/models.js';
import { referenceData } from '../../../config/reference-data.js';
import { AuditService, diff } from '../audit/audit.service.js';
import { can, canSeeFullNik, grantOf, OPD_COLUMN, type Action } from '../access/access-policy.js';
import type { Actor } from '../shared/actor.js';
import { OPD_SCOPED_ROLES, type Role } from '../shared/constants.js';
import { ForbiddenError, NotFoundError } from '../shared/errors.js';
import { maskNik } from '../employees/nip-nik.js';

/**
 * Scoped, audited CRUD over the panel's resources. Every read adds the actor's scope to the
 * query itself (so list, count, search, show, reference pickers and bulk loads cannot leak),
 * every write is checked against the access policy, passes the resource's rules, and is
 * audited in the same transaction. The AdminJS resource adapter is a thin layer over this.
 */

export type Row = Record<string, unknown>;

export interface ResourceRules {
  /** Normalise and validate input for create; may throw ValidationError. */
  beforeCreate?(actor: Actor, values: Row, ctx: RuleContext): Promise<Row> | Row;
  beforeUpdate?(actor: Actor, values: Row, current: Row, ctx: RuleContext): Promise<Row> | Row;
  beforeDelete?(actor: Actor, current: Row, ctx: RuleContext): Promise<void> | void;
  /** Rows created by a dedicated service instead (e.g. submissions through the workflow). */
  create?(actor: Actor, values: Row, ctx: RuleContext): Promise<Row>;
  /** Fields never accepted from input. */
  readOnly?: string[];
}

export interface RuleContext {
  models: Models;
  transaction: Transaction;
}

/** Fields that never leave the server. */
const SECRET_FIELDS = ['passwordHash', 'sessionVersion'];

export class RecordService {
  private readonly audit: AuditService;
  constructor(
    private readonly deps: { models: Models; sequelize: Sequelize; rules?: Record<string, ResourceRules> },
  ) {
    this.audit = new AuditService(deps.models);
  }

  model(resource: string): ModelStatic<Model> {
    const m = Object.values(this.deps.models).find((x) => x.getTableName() === resource);
    if (!m) throw new NotFoundError(`Sumber data "${resource}" tidak dikenal`);
    return m as unknown as ModelStatic<Model>;
  }

  can(actor: Actor, resource: string, action: Action): boolean {
    return can(actor, resource, action);
  }

  /** The WHERE that limits rows to what the actor may see; null when the actor sees nothing. */
  scopeWhere(actor: Actor, resource: string): WhereOptions | null {
    const grant = grantOf(actor, resource);
    if (!grant) return null;
    switch (grant.scope) {
      case 'all':
        return {};
      case 'opd': {
        const column = OPD_COLUMN[resource as keyof typeof OPD_COLUMN];
        if (!column || actor.opdId === null || actor.opdId === undefined) return null;
        const attr = column === 'id' ? 'id' : 'opdId';
        return { [attr]: actor.opdId };
      }
      case 'bkn': {
        const bknCategories = referenceData()
          .categories.filter((c) => c.validatedByBkn)
          .map((c) => c.code);
        if (resource === 'submissions') return { category: { [Op.in]: bknCategories } };
        if (resource === 'documents' || resource === 'submission_events') {
          const list = bknCategories.map((c) => this.deps.sequelize.escape(c)).join(',');
          return { submissionId: { [Op.in]: this.deps.sequelize.literal(`(SELECT id FROM submissions WHERE category IN (${list}))`) } };
        }
        return null;
      }
      case 'self':
        return actor.id ? { id: actor.id } : null;
    }
  }

  private scoped(actor: Actor, resource: string, where: WhereOptions | undefined): WhereOptions | null {
    const scope = this.scopeWhere(actor, resource);
    if (scope === null) return null;
    const parts = [scope, where].filter((w) => w && Object.keys(w as object).length + Object.getOwnPropertySymbols(w as object).length > 0);
    if (parts.length === 0) return {};
    if (parts.length === 1) return parts[0] as WhereOptions;
    return { [Op.and]: parts } as WhereOptions;
  }

  async denied(actor: Actor, resource: string, action: Action, recordId?: unknown, message?: string): Promise<never> {
    const text = message ?? 'Anda tidak berwenang melakukan tindakan ini';
    await this.audit.record(actor, { action: 'denied', resource, recordId: recordId as string, outcome: 'denied', message: `${action}: ${text}` });
    throw new ForbiddenError(text);
  }

  async assertCan(actor: Actor, resource: string, action: Action, recordId?: unknown): Promise<void> {
    if (!can(actor, resource, action)) await this.denied(actor, resource, action, recordId);
  }

  async list(
    actor: Actor,
    resource: string,
    opts: { where?: WhereOptions; limit?: number; offset?: number; order?: Array<[string, string]>; action?: Action } = {},
  ): Promise<Row[]> {
    await this.assertCan(actor, resource, opts.action ?? 'list');
    const where = this.scoped(actor, resource, opts.where);
    if (where === null) return [];
    const rows = await this.model(resource).findAll({ where, limit: opts.limit, offset: opts.offset, order: opts.order as never });
    return rows.map((r) => this.present(actor, resource, r.get({ plain: true }) as Row));
  }

  async count(actor: Actor, resource: string, where?: WhereOptions, action: Action = 'list'): Promise<number> {
    await this.assertCan(actor, resource, action);
    const scopedWhere = this.scoped(actor, resource, where);
    if (scopedWhere === null) return 0;
    return this.model(resource).count({ where: scopedWhere });
  }

  /** One row the actor may see, or null. An attempt on a row outside the scope is audited. */
  async find(actor: Actor, resource: string, id: unknown, action: Action = 'show'): Promise<Row | null> {
    await this.assertCan(actor, resource, action, id);
    const row = await this.findRaw(actor, resource, id);
    return row ? this.present(actor, resource, row) : null;
  }

  async findMany(actor: Actor, resource: string, ids: unknown[], action: Action = 'show'): Promise<Row[]> {
    await this.assertCan(actor, resource, action);
    const model = this.model(resource);
    const where = this.scoped(actor, resource, { [model.primaryKeyAttribute]: { [Op.in]: ids } });
    if (where === null) return [];
    const rows = await model.findAll({ where });
    return rows.map((r) => this.present(actor, resource, r.get({ plain: true }) as Row));
  }

  private async findRaw(actor: Actor, resource: string, id: unknown, transaction?: Transaction): Promise<Row | null> {
    const model = this.model(resource);
    const where = this.scoped(actor, resource, { [model.primaryKeyAttribute]: id });
    const row = where === null ? null : await model.findOne({ where, transaction });
    if (!row) {
      const exists = id !== undefined && id !== null && id !== '' && (await model.count({ where: { [model.primaryKeyAttribute]: id } as WhereOptions, transaction })) > 0;
      if (exists) {
        await this.audit.record(actor, { action: 'denied', resource, recordId: String(id), outcome: 'denied', message: 'akses ke data di luar lingkup' });
      }
      return null;
    }
    return row.get({ plain: true }) as Row;
  }

  /** Strips secrets and masks NIK for roles that do not need it. */
  present(actor: Actor, resource: string, row: Row): Row {
    const out: Row = { ...row };
    for (const f of SECRET_FIELDS) delete out[f];
    if (resource === 'employees' && 'nik' in out && !canSeeFullNik(actor)) out.nik = maskNik(out.nik as string | null);
    return out;
  }

  private clean(resource: string, values: Row): Row {
    const rules = this.deps.rules?.[resource];
    const model = this.model(resource);
    const attrs = model.getAttributes();
    const out: Row = {};
    const blocked = new Set(['id', 'createdAt', 'updatedAt', ...SECRET_FIELDS, ...(rules?.readOnly ?? [])]);
    for (const [k, v] of Object.entries(values)) {
      if (blocked.has(k)) continue;
      if (k in attrs || k === 'password') out[k] = v;
    }
    return out;
  }

  /** Scoped roles write only into their own OPD, whatever the browser sent. */
  private forceOpd(actor: Actor, resource: string, values: Row): void {
    if (!OPD_SCOPED_ROLES.includes(actor.role as Role)) return;
    const column = OPD_COLUMN[resource as keyof typeof OPD_COLUMN];
    if (column && column !== 'id') values.opdId = actor.opdId;
  }

  async create(actor: Actor, resource: string, input: Row): Promise<Row> {
    await this.assertCan(actor, resource, 'new');
    const rules = this.deps.rules?.[resource];
    return this.deps.sequelize.transaction(async (transaction) => {
      let values = this.clean(resource, input);
      this.forceOpd(actor, resource, values);
      const ctx = { models: this.deps.models, transaction };
      if (rules?.beforeCreate) values = await rules.beforeCreate(actor, values, ctx);
      if (rules?.create) return this.present(actor, resource, await rules.create(actor, values, ctx));
      const row = (await this.model(resource).create(values, { transaction })).get({ plain: true }) as Row;
      await this.audit.record(
        actor,
        { action: 'create', resource, recordId: row.id as number, opdId: (row.opdId as number) ?? null, after: row },
        transaction,
      );
      return this.present(actor, resource, row);
    });
  }

  async update(actor: Actor, resource: string, id: unknown, input: Row): Promise<Row> {
    await this.assertCan(actor, resource, 'edit', id);
    const rules = this.deps.rules?.[resource];
    return this.deps.sequelize.transaction(async (transaction) => {
      const current = await this.findRaw(actor, resource, id, transaction);
      if (!current) throw new NotFoundError('Data tidak ditemukan atau di luar wewenang Anda');
      let values = this.clean(resource, input);
      this.forceOpd(actor, resource, values);
      const ctx = { models: this.deps.models, transaction };
      if (rules?.beforeUpdate) values = await rules.beforeUpdate(actor, values, current, ctx);
      const model = this.model(resource);
      const instance = await model.findByPk(id as number, { transaction });
      if (!instance) throw new NotFoundError('Data tidak ditemukan');
      instance.set(values);
      await instance.save({ transaction });
      const after = instance.get({ plain: true }) as Row;
      const changes = diff(current, after);
      await this.audit.record(
        actor,
        { action: 'update', resource, recordId: String(id), opdId: (after.opdId as number) ?? null, before: changes.before, after: changes.after },
        transaction,
      );
      return this.present(actor, resource, after);
    });
  }

  async delete(actor: Actor, resource: string, id: unknown): Promise<void> {
    await this.assertCan(actor, resource, 'delete', id);
    const rules = this.deps.rules?.[resource];
    await this.deps.sequelize.transaction(async (transaction) => {
      const current = await this.findRaw(actor, resource, id, transaction);
      if (!current) throw new NotFoundError('Data tidak ditemukan atau di luar wewenang Anda');
      if (rules?.beforeDelete) await rules.beforeDelete(actor, current, { models: this.deps.models, transaction });
      const model = this.model(resource);
      await model.destroy({ where: { [model.primaryKeyAttribute]: id } as WhereOptions, transaction });
      await this.audit.record(
        actor,
        { action: 'delete', resource, recordId: String(id), opdId: (current.opdId as number) ?? null, before: current },
        transaction,
      );
    });
  }
}
