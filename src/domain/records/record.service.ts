import { ForeignKeyConstraintError, Op, type Model, type ModelStatic, type Sequelize, type Transaction, type WhereOptions } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { referenceData } from '../../../config/reference-data.js';
import { diff, type AuditEntry, type AuditService } from '../audit/audit.service.js';
import {
  can,
  canSeeFullNik,
  grantOf,
  JSON_FIELDS,
  NIK_FIELDS,
  OPD_COLUMN,
  queryFieldsFor,
  SECRET_FIELDS,
  SERVER_ONLY_FIELDS,
  type Action,
  type QueryKind,
  type ResourceId,
} from '../access/access-policy.js';
import type { Actor } from '../shared/actor.js';
import { OPD_SCOPED_ROLES, type Role } from '../shared/constants.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import { maskNik } from '../employees/nip-nik.js';

/**
 * Scoped, audited CRUD over the panel's resources. Every read adds the actor's scope to the
 * query itself (so list, count, search, show, reference pickers and bulk loads cannot leak),
 * every write is checked against the access policy, passes the resource's rules, and is
 * audited in the same transaction. The AdminJS resource adapter is a thin layer over this.
 */

export type Row = Record<string, unknown>;

/** The allow-list of a resource's generic writes, per operation. */
export interface WritableFields {
  /** Fields `new` takes from input. Without it the resource cannot be created generically. */
  create?: readonly string[];
  /** Fields `edit` takes from input. Without it the resource cannot be edited generically. */
  update?: readonly string[];
}

/**
 * What the service that owns a table declares for the generic path (the panel's new, edit and
 * delete; later imports through RecordService). Nothing else is written: a resource without
 * rules, or whose rules declare no `writable` fields for an operation (no `deletable` for a
 * delete), cannot be written generically at all.
 */
export interface ResourceRules {
  /**
   * The only fields taken from input (plus `inputOnly`); every other field is dropped before any
   * hook runs. Secrets, storage paths, the primary key and timestamps never are, whatever is listed.
   */
  writable?: WritableFields;
  /**
   * Fields an edit form may send back unchanged (AdminJS posts every param of the record) but that
   * never change generically: a different value is refused (audited) with the message given here.
   */
  fixed?: Readonly<Record<string, string>>;
  /** Generic delete (one by one and in bulk) is allowed; `beforeDelete` still runs. */
  deletable?: boolean;
  /** Normalise and validate input for create; may throw ValidationError. */
  beforeCreate?(actor: Actor, values: Row, ctx: RuleContext): Promise<Row> | Row;
  beforeUpdate?(actor: Actor, values: Row, current: Row, ctx: RuleContext): Promise<Row> | Row;
  beforeDelete?(actor: Actor, current: Row, ctx: RuleContext): Promise<void> | void;
  /** Rules that follow a write, inside its transaction (e.g. an employee's placement history). */
  afterCreate?(actor: Actor, row: Row, ctx: RuleContext): Promise<void> | void;
  afterUpdate?(actor: Actor, before: Row, after: Row, ctx: RuleContext): Promise<void> | void;
  /** Writes the new row instead of the plain insert, in the generic path's transaction (audited by the caller). */
  create?(actor: Actor, values: Row, ctx: RuleContext): Promise<Row>;
  /**
   * The owning service writes the row itself, in its own transaction, with its own rules, history
   * and audit (e.g. submissions through the WorkflowService). The generic path only picks the
   * writable fields and checks references first.
   */
  createVia?(actor: Actor, values: Row): Promise<Row>;
  /** As createVia, for edits: `current` is the row as the generic path read it (its version is the expected one). */
  updateVia?(actor: Actor, id: unknown, values: Row, current: Row): Promise<Row>;
  /** Fields never accepted from input (subtracted from `writable`). */
  readOnly?: string[];
  /** Input-only fields that are not columns (e.g. a user's new `password`). */
  inputOnly?: string[];
}

export interface RuleContext {
  models: Models;
  transaction: Transaction;
  audit: AuditService;
}

export type Order = Array<[string, string]>;

/** How rows are loaded by id: a record URL (strict), a bulk action (all or nothing), or a reference (quiet). */
export type LoadMode = 'record' | 'bulk' | 'reference';

const list = (m: Partial<Record<ResourceId, readonly string[]>>, resource: string): readonly string[] => m[resource as ResourceId] ?? [];

export class RecordService {
  private readonly audit: AuditService;
  constructor(
    private readonly deps: { models: Models; sequelize: Sequelize; audit: AuditService; rules?: Record<string, ResourceRules> },
  ) {
    this.audit = deps.audit;
  }

  model(resource: string): ModelStatic<Model> {
    const m = Object.values(this.deps.models).find((x) => x.getTableName() === resource);
    if (!m) throw new NotFoundError(`Sumber data "${resource}" tidak dikenal`);
    return m as unknown as ModelStatic<Model>;
  }

  can(actor: Actor, resource: string, action: Action): boolean {
    return can(actor, resource, action);
  }

  /** The write rules the owning service declared for a resource (none: not writable generically). */
  rulesFor(resource: string): Readonly<ResourceRules> | null {
    return this.deps.rules?.[resource] ?? null;
  }

  private bknCategories(): string[] {
    return referenceData()
      .categories.filter((c) => c.validatedByBkn)
      .map((c) => c.code);
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
        const list = this.bknCategories()
          .map((c) => this.deps.sequelize.escape(c))
          .join(',');
        if (!list) return null;
        if (resource === 'submissions') return { category: { [Op.in]: this.bknCategories() } };
        if (resource === 'documents' || resource === 'submission_events') {
          return { submissionId: { [Op.in]: this.deps.sequelize.literal(`(SELECT id FROM submissions WHERE category IN (${list}))`) } };
        }
        // Employees: only those whose submissions the validator handles.
        if (resource === 'employees') {
          return { id: { [Op.in]: this.deps.sequelize.literal(`(SELECT employee_id FROM submissions WHERE category IN (${list}))`) } };
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
    const text = message ?? 'Anda tidak berwenang melakukan tindakan ini';
    await this.audit.record(actor, {
      action: 'denied',
      resource,
      recordId: recordId === undefined || recordId === null ? null : String(recordId).slice(0, 60),
      outcome: 'denied',
      message: `${action}: ${text}`,
    });
    throw new ForbiddenError(text);
  }

  async assertCan(actor: Actor, resource: string, action: Action, recordId?: unknown): Promise<void> {
    if (!can(actor, resource, action)) await this.denied(actor, resource, action, recordId);
  }

  /** JSON columns of a resource: the policy's JSON_FIELDS and any model attribute (de)serialised as JSON. */
  private jsonFields(resource: string): Set<string> {
    const attrs = this.model(resource).getAttributes() as Record<string, { get?: unknown; set?: unknown; type?: { key?: string } }>;
    const out = new Set<string>(list(JSON_FIELDS, resource));
    for (const [name, a] of Object.entries(attrs)) {
      if (a.type?.key === 'JSON' || a.type?.key === 'JSONB' || (typeof a.get === 'function' && typeof a.set === 'function')) out.add(name);
    }
    return out;
  }

  /** The fields the actor may filter (search) or sort this resource on: the policy's allow-list, never a JSON column. */
  queryable(actor: Actor, resource: string, kind: QueryKind): string[] {
    const attrs = this.model(resource).getAttributes();
    const json = this.jsonFields(resource);
    return queryFieldsFor(actor, resource, kind).filter((f) => f in attrs && !json.has(f));
  }

  /**
   * A query (list filter, search, sort) may name only the fields of the allow-list for the actor's
   * role (access policy QUERY_FIELDS): never a JSON column, a secret, a storage path, or a field
   * the actor sees masked — a filter on it would tell its value digit by digit. Anything else is
   * refused (403) and audited.
   */
  async assertQueryable(actor: Actor, resource: string, fields: string[], kind: QueryKind = 'filter'): Promise<void> {
    const allowed = new Set(this.queryable(actor, resource, kind));
    const refused = [...new Set(fields.filter((f) => !allowed.has(f)))];
    if (refused.length) {
      const shown = refused.map((f) => String(f).slice(0, 60)).join(', ');
      const what = kind === 'sort' ? 'pengurutan' : 'penyaringan';
      await this.denied(actor, resource, kind, null, `${what} menurut ${shown} tidak diizinkan`);
    }
  }

  /** The ORDER of a query: fields of the sort allow-list only (anything else is refused, audited), asc/desc. */
  async safeOrder(actor: Actor, resource: string, order: Order | undefined): Promise<Order> {
    if (!order?.length) return [];
    await this.assertQueryable(actor, resource, order.map(([field]) => String(field)), 'sort');
    return order.map(([field, dir]) => [field, String(dir).toUpperCase() === 'DESC' ? 'DESC' : 'ASC']);
  }

  async list(
    actor: Actor,
    resource: string,
    opts: { where?: WhereOptions; limit?: number; offset?: number; order?: Order; action?: Action } = {},
  ): Promise<Row[]> {
    await this.assertCan(actor, resource, opts.action ?? 'list');
    const where = this.scoped(actor, resource, opts.where);
    if (where === null) return [];
    const model = this.model(resource);
    const order = await this.safeOrder(actor, resource, opts.order);
    // A stable order, so pages never repeat or skip rows.
    if (!order.some(([f]) => f === model.primaryKeyAttribute)) order.push([model.primaryKeyAttribute, 'ASC']);
    const limit = opts.limit === undefined ? undefined : Math.max(0, Math.min(Number(opts.limit) || 0, 1000));
    const offset = opts.offset === undefined ? undefined : Math.max(0, Number(opts.offset) || 0);
    const rows = await model.findAll({ where, limit, offset, order: order as never });
    return rows.map((r) => this.present(actor, resource, r.get({ plain: true }) as Row));
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
    const wanted = [...new Set(ids.map((i) => String(i)).filter((i) => i !== ''))];
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
        await this.denied(actor, resource, action, missing.join(',') || null, 'sebagian data yang dipilih di luar wewenang Anda atau tidak ada');
      }
    }
    return rows.map((r) => this.present(actor, resource, r.get({ plain: true }) as Row));
  }

  private async findRaw(actor: Actor, resource: string, id: unknown, transaction?: Transaction, denials?: AuditEntry[]): Promise<Row | null> {
    const model = this.model(resource);
    const where = this.scoped(actor, resource, { [model.primaryKeyAttribute]: id });
    const row = where === null ? null : await model.findOne({ where, transaction });
    if (!row) {
      const exists = id !== undefined && id !== null && id !== '' && (await model.count({ where: { [model.primaryKeyAttribute]: id } as WhereOptions, transaction })) > 0;
      if (exists) {
        const entry: AuditEntry = { action: 'denied', resource, recordId: String(id).slice(0, 60), outcome: 'denied', message: 'akses ke data di luar lingkup' };
        if (denials) denials.push(entry);
        else await this.audit.record(actor, entry);
      }
      return null;
    }
    return row.get({ plain: true }) as Row;
  }

  /** Strips secrets and storage paths; masks NIK for roles that do not need it. */
  present(actor: Actor, resource: string, row: Row): Row {
    const out: Row = { ...row };
    for (const f of [...list(SECRET_FIELDS, resource), ...list(SERVER_ONLY_FIELDS, resource)]) delete out[f];
    if (!canSeeFullNik(actor)) {
      for (const f of list(NIK_FIELDS, resource)) {
        const [top, sub] = f.split('.') as [string, string | undefined];
        if (!sub) {
          if (top in out) out[top] = maskNik(out[top] as string | null);
          continue;
        }
        const nested = out[top];
        if (nested && typeof nested === 'object' && sub in (nested as Row)) {
          out[top] = { ...(nested as Row), [sub]: maskNik(String((nested as Row)[sub] ?? '')) };
        }
      }
    }
    return out;
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
      await this.denied(actor, resource, op === 'create' ? 'new' : op === 'update' ? 'edit' : 'delete', id, `Data ini tidak dapat ${verb} melalui formulir umum`);
    }
    return rules!;
  }

  /**
   * The input a generic write may take: the fields the rules declare writable for the operation
   * (and their input-only fields), never a secret, a storage path, the key or a timestamp.
   * Everything else is dropped. A JSON column typed as JSON text (the panel's textarea) is taken
   * as the object it encodes, so masked values inside it are recognised like nested form keys.
   */
  private pick(resource: string, input: Row, rules: ResourceRules, op: 'create' | 'update'): Row {
    const model = this.model(resource);
    const attrs = model.getAttributes();
    const never = new Set([
      model.primaryKeyAttribute,
      'id',
      'createdAt',
      'updatedAt',
      ...list(SECRET_FIELDS, resource),
      ...list(SERVER_ONLY_FIELDS, resource),
      ...(rules.readOnly ?? []),
    ]);
    const writable = new Set(rules.writable?.[op] ?? []);
    const inputOnly = new Set(rules.inputOnly ?? []);
    const json = this.jsonFields(resource);
    const out: Row = {};
    for (const [k, v] of Object.entries(input)) {
      if (never.has(k)) continue;
      if (inputOnly.has(k) || (writable.has(k) && k in attrs)) out[k] = json.has(k) ? parsedJson(v) : v;
    }
    return out;
  }

  /**
   * An edit form posts back every param of the record: a `fixed` field sent with its current value
   * is ignored, a different one refuses the whole edit (audited) with the rules' message.
   */
  private checkFixed(resource: string, rules: ResourceRules, input: Row, current: Row, denials: AuditEntry[]): void {
    const fields: Record<string, string> = {};
    for (const [field, message] of Object.entries(rules.fixed ?? {})) {
      if (field in input && !sameValue(input[field], current[field])) fields[field] = message;
    }
    if (Object.keys(fields).length) {
      denials.push({ action: 'denied', resource, recordId: String(current.id ?? '').slice(0, 60) || null, outcome: 'denied', message: `ubah kolom yang tidak dapat diubah: ${Object.keys(fields).join(', ')}` });
      throw new ValidationError(Object.values(fields)[0]!, fields);
    }
  }

  /** A masked value (sent back by a role that sees it masked) is never written over the real one. */
  private keepMaskedValues(resource: string, values: Row, current: Row): void {
    const masked = (v: unknown) => typeof v === 'string' && /x/i.test(v);
    for (const f of list(NIK_FIELDS, resource)) {
      const [top, sub] = f.split('.') as [string, string | undefined];
      if (!sub) {
        if (masked(values[top])) delete values[top];
        continue;
      }
      const nested = values[top];
      if (nested && typeof nested === 'object' && masked((nested as Row)[sub])) {
        const stored = (current[top] as Row | null | undefined)?.[sub];
        values[top] = { ...(nested as Row), [sub]: stored };
        if (stored === undefined) delete (values[top] as Row)[sub];
      }
    }
  }

  /** Scoped roles write only into their own OPD, whatever the browser sent (where the OPD is an input at all). */
  private forceOpd(actor: Actor, resource: string, values: Row, rules: ResourceRules, op: 'create' | 'update'): void {
    if (!OPD_SCOPED_ROLES.includes(actor.role as Role)) return;
    const column = OPD_COLUMN[resource as keyof typeof OPD_COLUMN];
    if (column && column !== 'id' && (rules.writable?.[op] ?? []).includes('opdId')) values.opdId = actor.opdId;
  }

  /**
   * A row may only point at rows the actor can see: a verifier cannot attach a submission to an
   * employee of another OPD, nor a document to another OPD's submission.
   */
  private async checkReferences(actor: Actor, resource: string, values: Row, transaction: Transaction, denials: AuditEntry[]): Promise<void> {
    if (actor.role === 'system') return;
    const attrs = this.model(resource).getAttributes() as Record<string, { references?: { model?: unknown } | string }>;
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) {
      const ref = attrs[key]?.references;
      if (!ref || value === null || value === undefined || value === '') continue;
      const target = typeof ref === 'string' ? ref : typeof ref.model === 'string' ? ref.model : (ref.model as { tableName?: string } | undefined)?.tableName;
      if (!target) continue;
      const grant = grantOf(actor, target);
      const bound = OPD_SCOPED_ROLES.includes(actor.role as Role) || grant?.scope === 'bkn';
      if (grant?.scope === 'all') continue;
      if (!grant && !bound) continue;
      const model = this.model(target);
      const where = this.scoped(actor, target, { [model.primaryKeyAttribute]: value });
      const visible = where !== null && (await model.count({ where, transaction })) > 0;
      if (!visible) fields[key] = 'Data rujukan tidak ditemukan atau di luar wewenang Anda';
    }
    if (Object.keys(fields).length) {
      denials.push({ action: 'denied', resource, outcome: 'denied', message: `rujukan di luar lingkup: ${Object.keys(fields).join(', ')}` });
      throw new ValidationError(`Data tidak valid: ${Object.values(fields)[0]}`, fields);
    }
  }

  async create(actor: Actor, resource: string, input: Row): Promise<Row> {
    await this.assertCan(actor, resource, 'new');
    const rules = await this.writeRules(actor, resource, 'create');
    const picked = await this.tx(actor, async (transaction, denials) => {
      let values = this.pick(resource, input, rules, 'create');
      this.forceOpd(actor, resource, values, rules, 'create');
      await this.checkReferences(actor, resource, values, transaction, denials);
      if (rules.createVia) return { values, row: null };
      const ctx = { models: this.deps.models, transaction, audit: this.audit };
      if (rules.beforeCreate) values = await rules.beforeCreate(actor, values, ctx);
      if (rules.create) return { values, row: await rules.create(actor, values, ctx) };
      const row = (await this.model(resource).create(values, { transaction })).get({ plain: true }) as Row;
      if (rules?.afterCreate) await rules.afterCreate(actor, row, ctx);
      await this.audit.record(
        actor,
        { action: 'create', resource, recordId: row.id as number, opdId: (row.opdId as number) ?? null, after: this.present({ ...actor, role: 'system' }, resource, row) },
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
      if (!current) throw new NotFoundError('Data tidak ditemukan atau di luar wewenang Anda');
      this.checkFixed(resource, rules, input, current, denials);
      let values = this.pick(resource, input, rules, 'update');
      this.forceOpd(actor, resource, values, rules, 'update');
      if (!canSeeFullNik(actor)) this.keepMaskedValues(resource, values, current);
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
        { action: 'update', resource, recordId: String(id), opdId: (after.opdId as number) ?? null, before: changes.before, after: changes.after },
        transaction,
      );
      return { values, current, row: after };
    });
    const row = done.row ?? (await rules.updateVia!(actor, id, done.values, done.current));
    return this.present(actor, resource, row);
  }

  async delete(actor: Actor, resource: string, id: unknown): Promise<void> {
    await this.assertCan(actor, resource, 'delete', id);
    const rules = await this.writeRules(actor, resource, 'delete', id);
    try {
      await this.tx(actor, async (transaction, denials) => {
        const current = await this.findRaw(actor, resource, id, transaction, denials);
        if (!current) throw new NotFoundError('Data tidak ditemukan atau di luar wewenang Anda');
        if (rules.beforeDelete) await rules.beforeDelete(actor, current, { models: this.deps.models, transaction, audit: this.audit });
        const model = this.model(resource);
        await model.destroy({ where: { [model.primaryKeyAttribute]: id } as WhereOptions, transaction });
        await this.audit.record(
          actor,
          { action: 'delete', resource, recordId: String(id), opdId: (current.opdId as number) ?? null, before: this.present({ ...actor, role: 'system' }, resource, current) },
          transaction,
        );
      });
    } catch (e) {
      if (e instanceof ForeignKeyConstraintError) {
        throw new ConflictError('Data ini masih dipakai oleh data lain (pegawai, usul, pengguna atau jadwal) sehingga tidak dapat dihapus; nonaktifkan saja');
      }
      throw e;
    }
  }
}

/** JSON text that encodes an object becomes that object; anything else is left for the rules to judge. */
function parsedJson(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*\{/.test(value)) return value;
  try {
    const parsed = JSON.parse(value) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : value;
  } catch {
    return value;
  }
}

/** Does a value posted back by a form equal the stored one? ('' and null alike; dates by instant; numbers as text). */
export function sameValue(sent: unknown, stored: unknown): boolean {
  const empty = (v: unknown) => v === null || v === undefined || v === '';
  if (empty(sent) || empty(stored)) return empty(sent) && empty(stored);
  if (stored instanceof Date || sent instanceof Date) {
    const time = (v: unknown) => (v instanceof Date ? v.getTime() : Date.parse(String(v)));
    return time(sent) === time(stored);
  }
  if (typeof stored === 'object' || typeof sent === 'object') return JSON.stringify(sent) === JSON.stringify(stored);
  return String(sent) === String(stored);
}
