import type { Transaction } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { ImportProfileCode } from '../../../config/siasn-import.js';
import type { AuditEntry, AuditService } from '../audit/audit.service.js';
import { applyPlacements, openPlacements, type PlacementState } from '../employees/employee-placement.js';
import type { Actor } from '../shared/actor.js';
import type { ImportSource } from '../submissions/imported.js';
import type { WorkflowService } from '../submissions/workflow.service.js';
import type { ActivationPatch } from './aktivasi.planner.js';
import type { EmployeePatch } from './asn.planner.js';
import type { FieldChange, PlanOutcome } from './import-plan.js';
import type { SubmissionPatch } from './usul.planner.js';

/**
 * The commit's writes, one batch (≤ 500 outcomes) at a time, in the commit's transaction:
 * - ASN: new employees in one INSERT (and their first placement period), changed ones one
 *   UPDATE each; an OPD move or a reactivation through the placement history (which moves their
 *   submissions and audits the move); one audit row per employee written;
 * - activation: the two dates;
 * - usul: new usul and status changes through WorkflowService (history events of the import).
 */

export interface WriteTally {
  /** Active employees the ASN file no longer lists (deactivated only on request). */
  missingIds: number[];
}

export interface WriterDeps {
  models: Models;
  audit: AuditService;
  workflow: WorkflowService;
  transaction: Transaction;
  actor: Actor;
  at: Date;
  source: ImportSource;
  opdName: ReadonlyMap<number, string>;
}

type AnyOutcome = PlanOutcome<unknown, unknown>;
type Written<P> = Extract<PlanOutcome<unknown, P>, { kind: 'new' | 'changed' }>;

/** The audit row's before/after: the displayed values of the changed fields (NIK masked). */
function changeSets(changes: readonly FieldChange[]) {
  const before: Record<string, string | null> = {};
  const after: Record<string, string | null> = {};
  for (const c of changes) {
    before[c.field] = c.before;
    after[c.field] = c.after;
  }
  return { before, after };
}

function employeeValues(p: Partial<EmployeePatch>): Record<string, unknown> {
  const { pnsId, ...rest } = p;
  return pnsId === undefined ? rest : { ...rest, siasnPnsId: pnsId };
}

export class ImportWriter {
  constructor(private readonly d: WriterDeps) {}

  async write(profile: ImportProfileCode, batch: readonly AnyOutcome[], _tally: WriteTally): Promise<void> {
    if (batch.length === 0) return;
    if (profile === 'asn') await this.writeAsn(batch as unknown as Written<EmployeePatch>[]);
    else if (profile === 'aktivasi') await this.writeAktivasi(batch as unknown as Written<ActivationPatch>[]);
    else await this.writeUsul(batch as unknown as Written<SubmissionPatch>[]);
  }

  private get t() {
    return this.d.transaction;
  }

  private async writeAsn(batch: Written<EmployeePatch>[]): Promise<void> {
    const { models, actor, at } = this.d;
    const audits: AuditEntry[] = [];
    const news = batch.filter((o) => o.kind === 'new');
    if (news.length) {
      await models.Employee.bulkCreate(
        news.map((o) => ({ ...employeeValues(o.patch), createdAt: at, updatedAt: at }) as never),
        { transaction: this.t },
      );
      const created = await models.Employee.findAll({
        attributes: ['id', 'nip', 'opdId', 'active', 'createdAt'],
        where: { nip: news.map((o) => o.patch.nip) },
        transaction: this.t,
      });
      await openPlacements(models, created, this.t);
      const byNip = new Map(created.map((e) => [e.nip, e]));
      for (const o of news) {
        const e = byNip.get(o.patch.nip)!;
        audits.push({
          action: 'create',
          resource: 'employees',
          recordId: e.id,
          opdId: o.patch.opdId,
          after: { ...changeSets(o.changes).after, nip: o.patch.nip, importId: this.d.source.importId },
          message: `Pegawai baru dari impor SIASN (${this.d.source.fileName})`,
        });
      }
    }
    const changed = batch.filter((o): o is Extract<Written<EmployeePatch>, { kind: 'changed' }> => o.kind === 'changed');
    const moved: number[] = [];
    for (const o of changed) {
      await models.Employee.update(
        { ...employeeValues(o.patch), updatedAt: at },
        {
          where: { id: o.targetId },
          transaction: this.t,
        },
      );
      if (o.patch.opdId !== undefined || o.patch.active !== undefined) moved.push(o.targetId);
      const { before, after } = changeSets(o.changes);
      audits.push({
        action: 'update',
        resource: 'employees',
        recordId: o.targetId,
        opdId: o.patch.opdId ?? null,
        before,
        after: { ...after, importId: this.d.source.importId },
        message: `Diperbarui dari impor SIASN (${this.d.source.fileName})`,
      });
    }
    if (moved.length) await this.placements(moved);
    await this.d.audit.recordMany(actor, audits, this.t);
  }

  /** The placement history of employees whose OPD or active flag was just written. */
  private async placements(ids: readonly number[]): Promise<void> {
    const { models, audit, actor, at } = this.d;
    const rows = await models.Employee.findAll({ attributes: ['id', 'opdId', 'active'], where: { id: [...ids] }, transaction: this.t });
    const states: PlacementState[] = rows.map((e) => ({ employeeId: e.id, opdId: Number(e.opdId), active: !!e.active }));
    await applyPlacements(states, { models, transaction: this.t, audit, actor, at });
  }

  /** Marks employees inactive (never deleted; their submissions stay). Returns how many. */
  async deactivate(ids: readonly number[]): Promise<number> {
    const { models, actor, at } = this.d;
    let total = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const [n] = await models.Employee.update(
        { active: false, updatedAt: at },
        { where: { id: chunk, active: true }, transaction: this.t },
      );
      total += n;
      await this.placements(chunk);
      await this.d.audit.recordMany(
        actor,
        chunk.map((id) => ({
          action: 'deactivate',
          resource: 'employees',
          recordId: id,
          before: { active: true },
          after: { active: false, importId: this.d.source.importId },
          message: `Tidak ada lagi di ekspor SIASN (${this.d.source.fileName}); ditandai nonaktif`,
        })),
        this.t,
      );
    }
    return total;
  }

  private async writeAktivasi(batch: Written<ActivationPatch>[]): Promise<void> {
    const { models, actor, at } = this.d;
    const audits: AuditEntry[] = [];
    for (const o of batch) {
      if (o.kind !== 'changed') continue;
      await models.Employee.update({ ...o.patch, updatedAt: at }, { where: { id: o.targetId }, transaction: this.t });
      const { before, after } = changeSets(o.changes);
      audits.push({
        action: 'update',
        resource: 'employees',
        recordId: o.targetId,
        before,
        after: { ...after, importId: this.d.source.importId },
        message: `Aktivasi MySAPK dari impor (${this.d.source.fileName})`,
      });
    }
    await this.d.audit.recordMany(actor, audits, this.t);
  }

  private async writeUsul(batch: Written<SubmissionPatch>[]): Promise<void> {
    const { workflow, actor, source } = this.d;
    const news = batch.flatMap((o) => (o.kind === 'new' ? [o.patch] : []));
    await workflow.createImported(this.t, actor, source, news);
    const changes = batch.flatMap((o) =>
      o.kind === 'changed' && o.patch.status ? [{ submissionId: o.targetId, status: o.patch.status, note: o.patch.note ?? null }] : [],
    );
    await workflow.applyImportedStatuses(this.t, actor, source, changes);
  }
}
