import { ForeignKeyConstraintError, type Transaction, type WhereOptions } from 'sequelize';
import { diff, type AuditEntry } from '../audit/audit.service.js';
import { grantOf } from '../access/access-policy.js';
import { canSeeFullNik } from '../access/field-policy.js';
import type { Actor } from '../shared/actor.js';
import { OPD_SCOPED_ROLES } from '../shared/constants.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { keepMaskedValues } from './presentation.js';
import { RecordReads, uniqueIds } from './record-reads.js';
import { checkFixed, forceOwnOpd, pickWritable } from './write-input.js';
import type { ResourceRules, Row } from './resource-rules.js';

export type { ResourceRules, Row, RuleContext, WritableFields } from './resource-rules.js';
export type { Order } from './query-guard.js';
export type { LoadMode, RecordDeps } from './record-reads.js';

/**
 * Scoped, audited CRUD over the panel's resources. The reads (list, count, find, findMany, the
 * query guards) are in record-reads.ts; here the generic writes: every write is checked against
 * the access policy, takes only the input its owner's rules allow (write-input.ts), may point
 * only at rows the actor can see, passes those rules, and is audited in the same transaction; a
 * refusal inside the transaction is audited after it ends. The AdminJS resource adapter is a thin
 * layer over this.
 */

const NOT_FOUND = 'Data tidak ditemukan atau di luar wewenang Anda';
const IN_USE = 'Data ini masih dipakai oleh data lain (pegawai, usul, pengguna atau jadwal) sehingga tidak dapat dihapus; nonaktifkan saja';

export class RecordService extends RecordReads {
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
