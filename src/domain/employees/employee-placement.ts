import { Op, type Transaction } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../shared/actor.js';

/**
 * Where an employee is, and whether they are active, has a history (employee_placements): one
 * period per unchanged (OPD, active), valid_from <= t < valid_to. The rule, whatever the path
 * that changes an employee (panel edit today, the SIASN import later):
 *
 * - a new employee's first period starts when the employee row is created;
 * - a change of OPD or of `active` closes the current period at the moment of the change and
 *   opens the next one — in the SAME transaction as the employee write;
 * - when the OPD changes, the employee's submissions (and their scanned documents) move with
 *   them: submissions.opd_id is what the verifier inbox and every OPD scope use, so the new
 *   OPD's verifier gets them and the old one no longer sees them. Their history rows
 *   (submission_events.opd_id) are NOT rewritten: they record which OPD acted then, and the
 *   verifier throughput of the old OPD stays what it was;
 * - each change is audited in the same transaction.
 *
 * Reports as of a moment read this history (src/domain/reports/report-data.ts), so an employee
 * and their submissions are counted where they were at that moment, and a report recomputed
 * later gives the same figures.
 */

export interface PlacementState {
  employeeId: number;
  opdId: number;
  active: boolean;
}

export interface PlacementChange {
  employeeId: number;
  from: { opdId: number; active: boolean } | null;
  to: { opdId: number; active: boolean };
  /** Submissions that moved to the new OPD with the employee. */
  submissionsMoved: number;
}

export interface PlacementContext {
  models: Models;
  transaction: Transaction;
  /** The audit trail the change is recorded in (same transaction). */
  audit: AuditService;
  actor: Actor;
  /** The moment of the change (the employee row's updatedAt). */
  at: Date;
}

const asBool = (v: unknown): boolean => v === true || v === 1 || v === '1';

/**
 * The first period of employees just created, from their creation instant. Bulk: one INSERT per
 * call (the demo seeder and an import pass thousands at once).
 */
export async function openPlacements(
  models: Models,
  employees: ReadonlyArray<{ id: number; opdId: number; active?: boolean | null; createdAt: Date }>,
  transaction?: Transaction | null,
): Promise<void> {
  if (employees.length === 0) return;
  const now = new Date();
  const CHUNK = 1000;
  for (let i = 0; i < employees.length; i += CHUNK) {
    await models.EmployeePlacement.bulkCreate(
      employees.slice(i, i + CHUNK).map((e) => ({
        employeeId: e.id,
        opdId: e.opdId,
        active: e.active === undefined || e.active === null ? true : asBool(e.active),
        validFrom: e.createdAt,
        validTo: null,
        createdAt: now,
      })),
      { transaction: transaction ?? undefined },
    );
  }
}

/**
 * Brings the history in line with the employees' new state, after their rows were written in
 * `ctx.transaction`. Employees whose OPD and active flag did not change are left alone (the
 * comparison is with the current period, read with a locking read, not with what the caller
 * believed before). Returns the changes made.
 */
export async function applyPlacements(states: readonly PlacementState[], ctx: PlacementContext): Promise<PlacementChange[]> {
  if (states.length === 0) return [];
  const { models, transaction: t } = ctx;
  // Whole seconds, as MySQL/MariaDB DATETIME keep them: two changes within one second replace
  // each other instead of leaving a zero-length period (or colliding on (employee, valid_from)).
  const at = new Date(Math.floor(ctx.at.getTime() / 1000) * 1000);
  const ids = [...new Set(states.map((s) => s.employeeId))];
  const open = await models.EmployeePlacement.findAll({
    where: { employeeId: ids, validTo: null },
    transaction: t,
    lock: t.LOCK.UPDATE,
  });
  const current = new Map(open.map((p) => [p.employeeId, p]));
  const changes: PlacementChange[] = [];
  const toOpen: Array<{ employeeId: number; opdId: number; active: boolean }> = [];
  for (const s of states) {
    const p = current.get(s.employeeId);
    const to = { opdId: Number(s.opdId), active: !!s.active };
    if (p && p.opdId === to.opdId && asBool(p.active) === to.active) continue;
    const from = p ? { opdId: p.opdId, active: asBool(p.active) } : null;
    if (p && at.getTime() <= new Date(p.validFrom).getTime()) {
      // A change at (or, with a clock behind, before) the start of the current period replaces it.
      await models.EmployeePlacement.update({ opdId: to.opdId, active: to.active }, { where: { id: p.id }, transaction: t });
    } else {
      if (p) await models.EmployeePlacement.update({ validTo: at }, { where: { id: p.id }, transaction: t });
      toOpen.push({ employeeId: s.employeeId, ...to });
    }
    changes.push({ employeeId: s.employeeId, from, to, submissionsMoved: 0 });
  }
  if (toOpen.length) {
    await models.EmployeePlacement.bulkCreate(
      toOpen.map((o) => ({ ...o, validFrom: at, validTo: null, createdAt: new Date() })),
      { transaction: t },
    );
  }

  // Submissions (and their documents) follow the employee's OPD: one UPDATE per target OPD.
  const moved = changes.filter((c) => c.from && c.from.opdId !== c.to.opdId);
  const byTarget = new Map<number, number[]>();
  for (const c of moved) byTarget.set(c.to.opdId, [...(byTarget.get(c.to.opdId) ?? []), c.employeeId]);
  for (const [opdId, employeeIds] of byTarget) {
    // A locking read: the submissions as committed now (another move of the same employee may
    // have committed since this transaction's snapshot), not as this transaction first saw them.
    const subs = await models.Submission.findAll({
      attributes: ['id', 'employeeId'],
      where: { employeeId: employeeIds, opdId: { [Op.ne]: opdId } },
      transaction: t,
      lock: t.LOCK.UPDATE,
    });
    if (subs.length === 0) continue;
    const subIds = subs.map((s) => s.id);
    await models.Submission.update(
      { opdId, version: models.Submission.sequelize!.literal('version + 1') },
      { where: { id: subIds }, transaction: t },
    );
    await models.Document.update({ opdId }, { where: { submissionId: subIds }, transaction: t });
    const perEmployee = new Map<number, number>();
    for (const s of subs) perEmployee.set(s.employeeId, (perEmployee.get(s.employeeId) ?? 0) + 1);
    for (const c of moved) if (c.to.opdId === opdId) c.submissionsMoved = perEmployee.get(c.employeeId) ?? 0;
  }

  for (const c of changes) {
    const what = [
      c.from && c.from.opdId !== c.to.opdId ? `pindah OPD${c.submissionsMoved ? ` (${c.submissionsMoved} usul ikut pindah)` : ''}` : null,
      c.from && c.from.active !== c.to.active ? (c.to.active ? 'diaktifkan kembali' : 'dinonaktifkan') : null,
      c.from ? null : 'riwayat penempatan dimulai',
    ].filter(Boolean);
    await ctx.audit.record(
      ctx.actor,
      {
        action: 'employee_placement',
        resource: 'employees',
        recordId: c.employeeId,
        opdId: c.to.opdId,
        before: c.from,
        after: { ...c.to, submissionsMoved: c.submissionsMoved, validFrom: at },
        message: `Pegawai ${what.join(', ')}`,
      },
      t,
    );
  }
  return changes;
}
