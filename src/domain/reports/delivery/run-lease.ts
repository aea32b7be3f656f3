import { Op, UniqueConstraintError, type Transaction } from 'sequelize';
import type { ReportRun } from '../../../db/models/index.js';
import type { AuditService } from '../../audit/audit.service.js';
import { SYSTEM_ACTOR, type Actor } from '../../shared/actor.js';
import type { ReportKind } from '../../shared/constants.js';
import type { OutboxContext, RunTrigger } from './run.types.js';

/**
 * Claiming a run and holding it. A run is claimed by INSERTing report_runs with the unique
 * run_key "<schedule>:<period>" (period = the fire time's minute on the calendar): the unique
 * index decides between instances, and a duplicate key means someone else has (or had) this
 * period. The winner holds a lease (owner + lease_until), renewed as it works; a process that
 * dies leaves its run 'running' with an expiring lease, which another instance takes over
 * (a conditional UPDATE on lease_until, so one instance wins).
 */

export class LeaseLost extends Error {
  constructor(runId: number) {
    super(`Run #${runId}: lease diambil alih instance lain`);
  }
}

export interface ClaimRequest {
  scheduleId: number | null;
  reportKind: ReportKind;
  runKey: string;
  periodKey: string;
  trigger: RunTrigger;
  asOf: Date;
  requestedBy: number | null;
  auditMessage?: string;
}

/** The OPD a run key is limited to ("…:opd:<code>"), if any. */
export function runKeyOpdCode(runKey: string): string | null {
  return /:opd:([^:]+)$/.exec(runKey)?.[1] ?? null;
}

function isDeadlock(err: unknown): boolean {
  const p = (err as { parent?: { code?: string; errno?: number } })?.parent;
  return p?.code === 'ER_LOCK_DEADLOCK' || p?.errno === 1213 || /SQLITE_BUSY/.test(String((err as Error)?.message));
}

export class RunLease {
  /** When this instance last renewed each run it holds (ctx.now() ms), for mustRenew's throttle. */
  private readonly renewedAt = new Map<number, number>();

  constructor(
    private readonly ctx: OutboxContext,
    private readonly audit: AuditService,
  ) {}

  /**
   * The key of a schedule's period: "<schedule>:<period>", with ":opd:<code>" when limited to one
   * OPD; a resend is a new run "<schedule>:<period>:resend:<n>[:opd:<code>]".
   */
  async runKeyFor(scheduleId: number, periodKey: string, opdCode: string | null, resend: boolean): Promise<string> {
    const base = `${scheduleId}:${periodKey}`;
    const opdSuffix = opdCode ? `:opd:${opdCode}` : '';
    if (!resend) return `${base}${opdSuffix}`;
    const n = await this.ctx.models.ReportRun.count({ where: { runKey: { [Op.like]: `${base}:resend:%` } } });
    return `${base}:resend:${n + 1}${opdSuffix}`;
  }

  /** The claimed run, or null when its key is taken. A run someone asked for is audited in the same transaction. */
  async claim(a: ClaimRequest): Promise<ReportRun | null> {
    const { models, sequelize, config } = this.ctx;
    const auditable = a.trigger !== 'schedule' && a.trigger !== 'catchup';
    const actor = auditable ? await this.actorFor(a.requestedBy, a.trigger) : null;
    for (let i = 0; ; i++) {
      const now = this.ctx.now();
      try {
        return await sequelize.transaction(async (transaction) => {
          const run = await models.ReportRun.create(
            {
              scheduleId: a.scheduleId,
              reportKind: a.reportKind,
              runKey: a.runKey,
              periodKey: a.periodKey,
              trigger: a.trigger,
              status: 'running',
              asOf: a.asOf,
              owner: config.instanceId,
              leaseUntil: new Date(now.getTime() + config.leaseMs),
              requestedBy: a.requestedBy,
              startedAt: now,
              finishedAt: null,
              error: null,
            },
            { transaction },
          );
          if (actor) {
            await this.audit.record(
              actor,
              {
                action: a.trigger === 'test' ? 'report_test' : a.trigger === 'resend' ? 'report_resend' : 'report_send',
                resource: 'report_runs',
                recordId: run.id,
                after: { runKey: a.runKey, scheduleId: a.scheduleId, trigger: a.trigger, periodKey: a.periodKey },
                message: a.auditMessage ?? null,
              },
              transaction,
            );
          }
          return run;
        });
      } catch (err) {
        if (err instanceof UniqueConstraintError) return null;
        if (isDeadlock(err) && i < 3) continue;
        throw err;
      }
    }
  }

  /**
   * Takes over, one by one, the runs whose owner stopped renewing its lease (crashed, killed,
   * partitioned); each is won by one instance. Yields each run taken before trying the next, so
   * the caller finishes it while the lease is fresh.
   */
  async *takeOverExpired(): AsyncGenerator<ReportRun> {
    const { models, config } = this.ctx;
    const now = this.ctx.now();
    const expired = await models.ReportRun.findAll({
      where: { status: 'running', leaseUntil: { [Op.lt]: now } },
      order: [['id', 'ASC']],
      limit: 50,
    });
    for (const run of expired) {
      const [n] = await models.ReportRun.update(
        { owner: config.instanceId, leaseUntil: new Date(now.getTime() + config.leaseMs) },
        { where: { id: run.id, status: 'running', leaseUntil: { [Op.lt]: now } } },
      );
      if (n !== 1) continue; // another instance was faster
      this.ctx.log.warn({ runId: run.id, runKey: run.runKey, previousOwner: run.owner }, 'report run taken over after its lease expired');
      yield run;
    }
  }

  /** Extends our lease; false when the run is no longer ours. */
  async renew(runId: number, transaction?: Transaction): Promise<boolean> {
    return this.updateOwned(runId, { leaseUntil: new Date(this.ctx.now().getTime() + this.ctx.config.leaseMs) }, transaction);
  }

  /**
   * The heartbeat of a long run (after each OPD report, before each delivery): renews the lease
   * when a quarter of it has passed since this instance last renewed it, so a run of 40 OPDs
   * writes report_runs a few times instead of twice per OPD. Skipping is safe: the lease renewed
   * less than a quarter lease ago still has three quarters left, and a run is taken over only
   * after its lease has expired (takeOverExpired). The planning fence (renew in the deliveries'
   * transaction) is not throttled. Throws LeaseLost when the run is no longer ours.
   */
  async mustRenew(runId: number): Promise<void> {
    const now = this.ctx.now().getTime();
    const last = this.renewedAt.get(runId);
    if (last !== undefined && now >= last && now - last < this.ctx.config.leaseMs / 4) return;
    if (!(await this.renew(runId))) {
      this.renewedAt.delete(runId);
      throw new LeaseLost(runId);
    }
    this.renewedAt.set(runId, now);
    // Runs end in RunStatus.settle: forget the ones not renewed for a whole lease.
    for (const [id, at] of this.renewedAt) if (now - at > this.ctx.config.leaseMs) this.renewedAt.delete(id);
  }

  /**
   * UPDATE … WHERE id AND owner = us AND status = 'running'. MySQL reports changed rows, not
   * matched rows (Sequelize turns FOUND_ROWS off), so an update that writes the same values
   * (same lease second) reports 0: then the row is read back (it is locked by the UPDATE when
   * inside a transaction) to tell "not ours" from "unchanged".
   */
  async updateOwned(runId: number, values: Partial<Record<keyof ReportRun, unknown>>, transaction?: Transaction): Promise<boolean> {
    const where = { id: runId, owner: this.ctx.config.instanceId, status: 'running' };
    const [n] = await this.ctx.models.ReportRun.update(values as never, { where, transaction });
    if (n === 1) return true;
    return (await this.ctx.models.ReportRun.count({ where, transaction })) === 1;
  }

  /** Ends a run we hold with this status and note, releasing the lease. */
  async finish(runId: number, status: string, error: string): Promise<void> {
    this.renewedAt.delete(runId);
    await this.ctx.models.ReportRun.update(
      { status, error, finishedAt: this.ctx.now(), leaseUntil: null },
      { where: { id: runId, owner: this.ctx.config.instanceId, status: 'running' } },
    );
  }

  /** Who asked for a run (audited): the user, else the CLI or the system. */
  async actorFor(userId: number | null, trigger: RunTrigger): Promise<Actor> {
    if (userId) {
      const u = await this.ctx.models.User.findByPk(userId);
      if (u) return { id: u.id, email: u.email, role: u.role, opdId: u.opdId };
    }
    return trigger === 'cli' ? { ...SYSTEM_ACTOR, email: 'cli' } : SYSTEM_ACTOR;
  }
}
