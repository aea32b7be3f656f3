import { QueryTypes, type Transaction } from 'sequelize';
import type { Actor } from '../shared/actor.js';
import { OPD_SCOPED_ROLES } from '../shared/constants.js';
import { ForbiddenError, ValidationError } from '../shared/errors.js';
import { parseDbDate } from '../shared/db-date.js';
import { jakartaDate } from '../shared/time.js';
import { campaignScope, campaignScopeById, completionReplacements, completionSql, type CompletionScope } from './completion.js';
import { auditingRefusals, recordRefusal, type OverrideInput, type WorkflowContext } from './workflow-context.js';

/**
 * After the deadline (Diktum KESATU h): "layanan kepegawaian tidak diproses". Employees without a
 * completed update (completion.ts, the same rule as the reports and the dashboard) are flagged;
 * the flag is lifted when they complete, by the daily job or by the decision that completes them.
 */

export interface FlagResult {
  campaignId: number;
  date: string;
  blocked: number;
  cleared: number;
  overridden: boolean;
}

export interface IncompleteEmployee {
  id: number;
  nip: string;
  name: string;
  opdId: number;
  employeeType: string;
  serviceBlocked: boolean;
  serviceBlockedAt: Date | null;
  submissions: number;
  approved: number;
  open: number;
}

const FLAGGERS = ['admin', 'approver', 'system'];

/**
 * In the after_deadline phase of the active campaign (or with an admin override): sets
 * employees.service_blocked for every active employee without a completed update and clears it
 * for those who completed. One UPDATE per direction; an employee already flagged keeps the
 * original serviceBlockedAt. Allowed to admin, approver and the system actor (the job).
 */
export async function flagIncomplete(
  ctx: WorkflowContext,
  actor: Actor,
  now: Date,
  opts: { override?: OverrideInput } = {},
): Promise<FlagResult> {
  const audited = { action: 'flag_incomplete', resource: 'employees' };
  if (!FLAGGERS.includes(actor.role)) {
    const message = 'Hanya administrator atau persetujuan BKPSDM yang dapat menandai pegawai yang belum menyelesaikan pemutakhiran';
    await recordRefusal(ctx, actor, { ...audited, message });
    throw new ForbiddenError(message);
  }
  const override = opts.override ? { actor, reason: opts.override.reason } : null;
  return auditingRefusals(ctx, actor, audited, () =>
    ctx.sequelize.transaction(async (t) => {
      const campaign = await ctx.campaigns.activeCampaign({ transaction: t });
      if (!campaign) throw new ValidationError('Belum ada putaran PDM yang aktif');
      const decision = await ctx.campaigns.assertPhase('flag_incomplete', now, override, {
        campaign,
        transaction: t,
        resource: 'employees',
      });
      // Completed now (completion.ts): the same rule as the reports and the dashboard.
      const scope = campaignScope(campaign, null);
      const completedIds = `SELECT c.employee_id FROM (${completionSql(scope)}) c WHERE c.completed = 1`;
      const repl = { ...completionReplacements(scope), now };
      const blocked = await affected(
        ctx,
        `UPDATE employees SET service_blocked = 1, service_blocked_at = :now, updated_at = :now
         WHERE active = 1 AND service_blocked = 0 AND id NOT IN (${completedIds})`,
        repl,
        t,
      );
      const cleared = await affected(
        ctx,
        `UPDATE employees SET service_blocked = 0, service_blocked_at = NULL, updated_at = :now
         WHERE service_blocked = 1 AND id IN (${completedIds})`,
        repl,
        t,
      );
      const result: FlagResult = { campaignId: campaign.id, date: jakartaDate(now), blocked, cleared, overridden: decision.overridden };
      const message = `${blocked} pegawai ditandai "layanan kepegawaian tidak diproses", ${cleared} tanda dicabut`;
      await ctx.audit.record(actor, { ...audited, after: result, message }, t);
      return result;
    }),
  );
}

/**
 * Active employees without a completed update (computed now, not from the flag), by OPD and
 * name. OPD-scoped roles see only their OPD; bkn_validator sees none.
 */
export async function listIncomplete(
  ctx: WorkflowContext,
  actor: Actor,
  opts: { opdId?: number | null; campaignId?: number | null; limit?: number; offset?: number } = {},
): Promise<IncompleteEmployee[]> {
  const opdId = visibleOpd(actor, opts.opdId ?? null);
  const scope: CompletionScope =
    opts.campaignId !== undefined
      ? await campaignScopeById(ctx.models, opts.campaignId, null)
      : campaignScope(await ctx.campaigns.activeCampaign(), null);
  const limit = opts.limit === undefined ? '' : ` LIMIT ${Math.max(0, Math.floor(Number(opts.limit) || 0))}`;
  const offset =
    opts.offset === undefined ? '' : `${limit ? '' : ' LIMIT 1000000000'} OFFSET ${Math.max(0, Math.floor(Number(opts.offset) || 0))}`;
  // Not completed now (completion.ts), with the counts of the submissions that count.
  const rows = await ctx.sequelize.query<Record<string, unknown>>(
    `SELECT e.id AS id, e.nip AS nip, e.name AS name, e.opd_id AS opd_id, e.employee_type AS employee_type,
        e.service_blocked AS service_blocked, e.service_blocked_at AS service_blocked_at,
        COALESCE(c.n, 0) AS n, COALESCE(c.n_approved, 0) AS n_approved, COALESCE(c.n, 0) - COALESCE(c.n_final, 0) AS n_open
     FROM employees e LEFT JOIN (${completionSql(scope)}) c ON c.employee_id = e.id
     WHERE e.active = 1${opdId !== null ? ' AND e.opd_id = :opdId' : ''} AND COALESCE(c.completed, 0) = 0
     ORDER BY e.opd_id ASC, e.name ASC, e.id ASC${limit}${offset}`,
    { type: QueryTypes.SELECT, replacements: { ...completionReplacements(scope), opdId } },
  );
  return rows.map((r) => ({
    id: Number(r.id),
    nip: String(r.nip),
    name: String(r.name),
    opdId: Number(r.opd_id),
    employeeType: String(r.employee_type),
    serviceBlocked: r.service_blocked === true || Number(r.service_blocked) === 1,
    serviceBlockedAt: parseDbDate(r.service_blocked_at),
    submissions: Number(r.n),
    approved: Number(r.n_approved),
    open: Number(r.n_open),
  }));
}

/**
 * Lifts the employee's service block when their submissions now form a completed update.
 * The caller holds the employee row lock; the statuses are read with a locking read so a
 * decision committed by another transaction in the meantime is seen (MySQL REPEATABLE READ).
 */
export async function clearIfCompleted(
  ctx: WorkflowContext,
  actor: Actor,
  employee: { id: number; opdId: number },
  campaignId: number | null,
  t: Transaction,
): Promise<boolean> {
  // Completed now (completion.ts), read with a locking read: decisions committed meanwhile count.
  const scope = await campaignScopeById(ctx.models, campaignId, null);
  const [row] = await ctx.sequelize.query<{ completed: unknown }>(
    completionSql(scope, {
      where: 's.employee_id = :employeeId',
      lockForShare: ctx.sequelize.getDialect() === 'sqlite' ? 'sqlite' : 'mysql',
    }),
    { type: QueryTypes.SELECT, replacements: { ...completionReplacements(scope), employeeId: employee.id }, transaction: t },
  );
  if (!row || Number(row.completed) !== 1) return false;
  const [n] = await ctx.models.Employee.update(
    { serviceBlocked: false, serviceBlockedAt: null },
    { where: { id: employee.id, serviceBlocked: true }, transaction: t },
  );
  if (n) {
    await ctx.audit.record(
      actor,
      {
        action: 'service_unblock',
        resource: 'employees',
        recordId: employee.id,
        opdId: employee.opdId,
        after: { serviceBlocked: false },
        message: 'Pemutakhiran selesai; tanda layanan tidak diproses dicabut',
      },
      t,
    );
  }
  return n > 0;
}

/** The OPD whose employees the actor may list: their own for OPD-bound roles, else the one asked (or all). */
function visibleOpd(actor: Actor, asked: number | null): number | null {
  if (actor.role === 'bkn_validator') throw new ForbiddenError('Peran Anda tidak berwenang melihat daftar pegawai');
  if (!(OPD_SCOPED_ROLES as readonly string[]).includes(actor.role)) return asked;
  if (actor.opdId === null || actor.opdId === undefined)
    throw new ForbiddenError('Akun Anda belum terhubung ke OPD; hubungi administrator BKPSDM');
  if (asked !== null && asked !== actor.opdId) throw new ForbiddenError('Anda hanya dapat melihat pegawai OPD Anda');
  return actor.opdId;
}

/** Rows changed by a raw UPDATE (SQLite and MySQL report them differently). */
async function affected(ctx: WorkflowContext, sql: string, replacements: Record<string, unknown>, t: Transaction): Promise<number> {
  const res = (await ctx.sequelize.query(sql, { replacements, transaction: t, type: QueryTypes.UPDATE })) as unknown;
  const n: unknown = Array.isArray(res) ? res[1] : res;
  return typeof n === 'number'
    ? n
    : Number((n as { affectedRows?: number; changes?: number })?.affectedRows ?? (n as { changes?: number })?.changes ?? 0);
}
