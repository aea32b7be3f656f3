import { Op, type WhereOptions } from 'sequelize';
import { NotFoundError } from '../../shared/errors.js';
import { zeroCounts, type OutboxContext, type RunCounts, type RunOutcome } from './run.types.js';

/**
 * A run's status, read from its deliveries, and its notes (report_runs.error): the plan's notes
 * (who could not get the report, who was left out on purpose) and one status line that settle()
 * rewrites.
 */

/** Lines of run.error written by settle(); everything else (plan notes) is kept. */
const STATUS_NOTE = 'Status pengiriman: ';
/** Plan notes: recipients who should have had the report and could not (a failure when nothing else was sent)… */
const NOT_SENT_NOTE = 'Tidak dikirim — ';
/** …and recipients left out on purpose (an OPD without ASN, a copy another run still delivers). */
const SKIPPED_NOTE = 'Dilewati — ';

/** The notes a plan leaves on its run; null when there are none. */
export function planNotes(notSent: string[], skipped: string[]): string | null {
  const notes = [
    ...(notSent.length ? [`${NOT_SENT_NOTE}${notSent.join('; ')}`] : []),
    ...(skipped.length ? [`${SKIPPED_NOTE}${skipped.join('; ')}`] : []),
  ];
  return notes.length ? notes.join('\n') : null;
}

export class RunStatus {
  constructor(private readonly ctx: OutboxContext) {}

  async counts(runId: number): Promise<RunCounts> {
    const { models, sequelize } = this.ctx;
    const rows = (await models.ReportDelivery.findAll({
      where: { runId },
      attributes: ['status', [sequelize.fn('COUNT', sequelize.col('id')), 'n']],
      group: ['status'],
      raw: true,
    })) as unknown as Array<{ status: string; n: number | string }>;
    const c = zeroCounts();
    for (const r of rows) {
      const n = Number(r.n);
      c.total += n;
      if (r.status in c) (c as unknown as Record<string, number>)[r.status] += n;
    }
    return c;
  }

  async hasDeliveries(runId: number): Promise<boolean> {
    return (await this.ctx.models.ReportDelivery.count({ where: { runId } })) > 0;
  }

  /**
   * Recomputes a run's status from its deliveries: 'done' when all are sent, 'partial' while
   * some wait for a retry (finishedAt empty) or when some failed for good, 'failed' when none
   * was sent. As owner: releases the lease. Otherwise only touches runs nobody is running.
   */
  async settle(runId: number, asOwner: boolean): Promise<boolean> {
    const { models, config } = this.ctx;
    const run = await models.ReportRun.findByPk(runId);
    if (!run) return false;
    if (!asOwner && run.status === 'running') return false;
    const c = await this.counts(runId);
    const waiting = c.pending + c.sending;
    const notes = (run.error ?? '').split('\n').filter((l) => l && !l.startsWith(STATUS_NOTE));
    let status: string;
    let finishedAt: Date | null = null;
    if (c.total === 0) {
      status = notes.some((l) => !l.startsWith(SKIPPED_NOTE)) ? 'failed' : 'done';
      if (!notes.length) notes.push(`${STATUS_NOTE}tidak ada penerima`);
      finishedAt = this.ctx.now();
    } else if (waiting > 0) {
      status = 'partial';
      notes.push(`${STATUS_NOTE}${c.sent} terkirim, ${waiting} menunggu percobaan ulang${c.failed ? `, ${c.failed} gagal` : ''}`);
    } else if (c.failed === 0) {
      status = 'done';
      finishedAt = run.finishedAt ?? this.ctx.now();
      if (c.skipped) notes.push(`${STATUS_NOTE}${c.sent} terkirim, ${c.skipped} dilewati karena angkanya tidak berubah`);
    } else {
      status = c.sent > 0 ? 'partial' : 'failed';
      finishedAt = run.finishedAt ?? this.ctx.now();
      notes.push(`${STATUS_NOTE}${c.sent} terkirim, ${c.failed} gagal`);
    }
    const error = notes.length ? notes.join('\n') : null;
    if (!asOwner && run.status === status && (run.finishedAt === null) === (finishedAt === null) && run.error === error) return false;
    const where: WhereOptions = asOwner
      ? { id: runId, owner: config.instanceId, status: 'running' }
      : { id: runId, status: { [Op.ne]: 'running' } };
    const [n] = await models.ReportRun.update({ status, finishedAt, error, leaseUntil: null }, { where });
    return n === 1;
  }

  /** Settles runs nobody is running (after retries); returns those whose status changed. */
  async settleIdle(runIds: Iterable<number>): Promise<number[]> {
    const settled: number[] = [];
    for (const runId of runIds) if (await this.settle(runId, false)) settled.push(runId);
    return settled;
  }

  /** Runs still waiting for retries (partial, not finished), optionally of some schedules. */
  async waitingForRetries(scheduleIds?: number[]): Promise<number[]> {
    const runs = await this.ctx.models.ReportRun.findAll({
      where: { status: 'partial', finishedAt: null, ...(scheduleIds ? { scheduleId: scheduleIds } : {}) },
      attributes: ['id'],
      limit: 500,
    });
    return runs.map((r) => r.id);
  }

  /** Adds an error to the notes of a run we own (settle keeps it). */
  async noteError(runId: number, error: string): Promise<void> {
    await this.ctx.models.ReportRun.update({ error }, { where: { id: runId, owner: this.ctx.config.instanceId } });
  }

  async outcome(runId: number): Promise<RunOutcome> {
    const run = await this.ctx.models.ReportRun.findByPk(runId);
    if (!run) throw new NotFoundError(`Run laporan #${runId} tidak ditemukan`);
    return {
      claimed: true,
      runId,
      runKey: run.runKey,
      periodKey: run.periodKey,
      status: run.status,
      counts: await this.counts(runId),
      reason: run.error,
    };
  }

  /** The answer when the run key was taken: the run that holds it (another instance, a restart, a double click). */
  async notClaimed(runKey: string, periodKey: string, resend: boolean): Promise<RunOutcome> {
    const existing = await this.ctx.models.ReportRun.findOne({ where: { runKey } });
    this.ctx.log.info({ runKey, existing: existing?.id }, 'report run already claimed');
    return {
      claimed: false,
      runId: existing?.id ?? null,
      runKey,
      periodKey,
      status: existing?.status ?? null,
      counts: existing ? await this.counts(existing.id) : zeroCounts(),
      reason: resend
        ? 'Pengiriman ulang untuk periode ini baru saja dimulai oleh pengguna/instance lain'
        : 'Laporan untuk periode ini sudah diproses sebelumnya atau sedang diproses (oleh instance ini atau instance lain)',
    };
  }

  /**
   * Deliveries of these schedules still to be made: how many wait for a retry (and the earliest
   * time one is due), how many are being sent, and which runs a live instance is still working
   * on — what the CLI tells its user after retrying what was due.
   */
  async outstanding(scheduleIds: number[]): Promise<{
    pending: number;
    sending: number;
    nextAttemptAt: Date | null;
    runningRuns: Array<{ id: number; owner: string | null; leaseUntil: Date | null }>;
  }> {
    const { models } = this.ctx;
    const rows = await models.ReportDelivery.findAll({
      where: { status: ['pending', 'sending'] },
      attributes: ['id', 'status', 'nextAttemptAt'],
      include: [{ model: models.ReportRun, as: 'run', attributes: ['id'], where: { scheduleId: scheduleIds }, required: true }],
    });
    const next = rows
      .filter((d) => d.status === 'pending' && d.nextAttemptAt)
      .map((d) => d.nextAttemptAt as Date)
      .sort((a, b) => a.getTime() - b.getTime())[0];
    const running = await models.ReportRun.findAll({
      where: { scheduleId: scheduleIds, status: 'running' },
      attributes: ['id', 'owner', 'leaseUntil'],
      order: [['id', 'ASC']],
    });
    return {
      pending: rows.filter((d) => d.status === 'pending').length,
      sending: rows.filter((d) => d.status === 'sending').length,
      nextAttemptAt: next ?? null,
      runningRuns: running.map((r) => ({ id: r.id, owner: r.owner, leaseUntil: r.leaseUntil })),
    };
  }
}
