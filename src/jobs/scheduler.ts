import nodeCron, { type ScheduledTask, type TaskContext, type TaskOptions } from 'node-cron';
import type { Models, ReportSchedule } from '../db/models/index.js';
import type { RecoverOutcome, RunOutcome } from '../domain/reports/delivery/run.types.js';
import type { ReportRunService } from '../domain/reports/report-run.service.js';
import { truncateToMinute, type ReportScheduleService } from '../domain/reports/report-schedule.service.js';
import { timezone } from '../domain/shared/time.js';
import { runJob, type Job, type JobContext, type JobLogger, type JobTrigger } from './job.js';

/**
 * The in-process timer. node-cron fires on every instance and forgets what it missed during a
 * restart; neither matters, because every fire goes through ReportRunService.runSchedule, whose
 * unique run key lets exactly one instance send a period. On start the scheduler catches up the
 * fire times it missed within `catchUpWindowMs` (through the same claim, so never twice).
 *
 * Jobs: one per enabled schedule ("report:<id>"), "report-maintenance" every minute (take over
 * runs of dead instances, retry due deliveries), "report-schedules-reload" every 5 minutes
 * (so edits made through another instance are picked up), and the fixed jobs it is given (the
 * deadline flag). Every job runs with its fire time and is awaited on stop. Nothing runs on import.
 */

export type CronApi = { schedule(expression: string, fn: (ctx: TaskContext) => unknown, options?: TaskOptions): ScheduledTask };

export interface SchedulerDeps {
  models: Models;
  runService: Pick<ReportRunService, 'runSchedule' | 'recover'>;
  scheduleService: ReportScheduleService;
  logger: JobLogger;
  /** How far back missed fire times are caught up at start (default 6 h; 0 = no catch-up). */
  catchUpWindowMs?: number;
  /**
   * 'latest' (default): only the most recent missed fire time of each schedule — a newer report
   * supersedes an older one, and heads should not get a burst of stale reports after an outage.
   * 'all': every missed fire time in the window.
   */
  catchUpMode?: 'latest' | 'all';
  now?: () => Date;
  /** node-cron by default; tests may pass a recorder. */
  cron?: CronApi;
  maintenanceCron?: string;
  reloadCron?: string;
  /** Jobs with a fixed schedule, registered beside the report jobs (src/jobs/index.ts). */
  jobs?: readonly Job[];
}

export interface CatchUpResult {
  scheduleId: number;
  fireTime: Date;
  outcome: RunOutcome | { skipped: string };
}

export interface SchedulerHandle {
  stop(): Promise<void>;
  reload(): Promise<void>;
  /** Resolves when the start-up catch-up is done. */
  readonly caughtUp: Promise<CatchUpResult[]>;
  /** Names of the registered tasks (for health checks and tests). */
  taskNames(): string[];
  /** The registered node-cron tasks by name. */
  tasks(): Map<string, ScheduledTask>;
}

export const MAINTENANCE_JOB = 'report-maintenance';
export const RELOAD_JOB = 'report-schedules-reload';
export const reportJobName = (scheduleId: number) => `report:${scheduleId}`;

/**
 * The fire handler of a schedule: re-reads the schedule (it may have been edited or disabled
 * since the timer was set), checks it is active and still matches the fire time, then runs it
 * for the fire time's minute.
 */
export async function fireSchedule(
  deps: Pick<SchedulerDeps, 'models' | 'runService' | 'scheduleService'>,
  scheduleId: number,
  fireTime: Date,
  trigger: JobTrigger = 'schedule',
): Promise<RunOutcome | { skipped: string }> {
  const fire = truncateToMinute(fireTime);
  const s = await deps.models.ReportSchedule.findByPk(scheduleId);
  if (!s) return { skipped: 'jadwal sudah dihapus' };
  if (!s.enabled) return { skipped: 'jadwal nonaktif' };
  if (!deps.scheduleService.matches(s.cron, fire)) return { skipped: 'ekspresi cron sudah diubah' };
  if (!(await deps.scheduleService.isActive(s, fire))) return { skipped: 'di luar masa aktif jadwal/kampanye' };
  return deps.runService.runSchedule(s.id, fire, { trigger: trigger === 'manual' ? 'manual' : trigger });
}

/**
 * Runs the fire times missed within the window. A fire time before the schedule's last edit is
 * not "missed" (the schedule did not exist in that form then).
 */
export async function catchUpMissed(
  deps: Pick<SchedulerDeps, 'models' | 'runService' | 'scheduleService' | 'logger'>,
  now: Date,
  windowMs: number,
  mode: 'latest' | 'all' = 'latest',
): Promise<CatchUpResult[]> {
  const out: CatchUpResult[] = [];
  if (windowMs <= 0) return out;
  const schedules = await deps.scheduleService.enabledSchedules();
  for (const s of schedules) {
    const notBefore = Math.max(now.getTime() - windowMs, s.createdAt.getTime(), s.updatedAt.getTime());
    let times: Date[];
    try {
      times = deps.scheduleService.fireTimesBetween(s.cron, new Date(notBefore), now);
    } catch (err) {
      deps.logger.error({ scheduleId: s.id, cron: s.cron, err: (err as Error).message }, 'schedule has an invalid cron expression');
      continue;
    }
    if (mode === 'latest') times = times.slice(-1);
    for (const t of times) {
      try {
        const outcome = await fireSchedule(deps, s.id, t, 'catchup');
        out.push({ scheduleId: s.id, fireTime: t, outcome });
        deps.logger.info(
          { scheduleId: s.id, fireTime: t.toISOString(), outcome: summarize(outcome) },
          'catch-up of a missed report fire time',
        );
      } catch (err) {
        deps.logger.error({ scheduleId: s.id, fireTime: t.toISOString(), err: (err as Error).message }, 'catch-up failed');
      }
    }
  }
  return out;
}

function summarize(o: RunOutcome | { skipped: string }): unknown {
  if ('skipped' in o) return o;
  return { claimed: o.claimed, runId: o.runId, status: o.status, counts: o.counts };
}

export function reportJob(
  deps: Pick<SchedulerDeps, 'models' | 'runService' | 'scheduleService'>,
  schedule: Pick<ReportSchedule, 'id' | 'cron'>,
): Job {
  return {
    name: reportJobName(schedule.id),
    schedule: schedule.cron,
    run: (ctx: JobContext) => fireSchedule(deps, schedule.id, ctx.fireTime, ctx.trigger),
  };
}

export function maintenanceJob(deps: Pick<SchedulerDeps, 'runService'>, schedule = '* * * * *'): Job {
  return { name: MAINTENANCE_JOB, schedule, run: (): Promise<RecoverOutcome> => deps.runService.recover() };
}

export async function startScheduler(deps: SchedulerDeps): Promise<SchedulerHandle> {
  const cron: CronApi = deps.cron ?? nodeCron;
  const now = deps.now ?? (() => new Date());
  const log = deps.logger;
  const registered = new Map<string, { task: ScheduledTask; signature: string }>();
  let stopped = false;
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    return p;
  };

  const register = (job: Job, signature: string) => {
    const task = cron.schedule(
      job.schedule,
      (ctx: TaskContext) => track(runJob(job, { fireTime: truncateToMinute(ctx?.date ?? now()), trigger: 'schedule', logger: log })),
      { name: job.name, timezone: timezone(), noOverlap: true },
    );
    registered.set(job.name, { task, signature });
    log.info({ job: job.name, cron: job.schedule, timezone: timezone() }, 'job registered');
  };
  const unregister = async (name: string) => {
    const r = registered.get(name);
    if (!r) return;
    registered.delete(name);
    await r.task.destroy();
  };

  const reload = async (): Promise<void> => {
    if (stopped) return;
    const schedules = await deps.scheduleService.enabledSchedules();
    const wanted = new Map<string, ReportSchedule>();
    for (const s of schedules) {
      try {
        deps.scheduleService.validateCron(s.cron);
        wanted.set(reportJobName(s.id), s);
      } catch (err) {
        log.error({ scheduleId: s.id, cron: s.cron, err: (err as Error).message }, 'schedule skipped: invalid cron expression');
      }
    }
    for (const name of [...registered.keys()]) {
      if (!name.startsWith('report:')) continue;
      const s = wanted.get(name);
      if (!s || registered.get(name)!.signature !== s.cron) await unregister(name);
    }
    for (const [name, s] of wanted) {
      if (!registered.has(name)) register(reportJob(deps, s), s.cron);
    }
  };

  await reload();
  const maintenance = maintenanceJob(deps, deps.maintenanceCron);
  register(maintenance, maintenance.schedule);
  const reloadJob: Job = { name: RELOAD_JOB, schedule: deps.reloadCron ?? '*/5 * * * *', run: () => reload() };
  register(reloadJob, reloadJob.schedule);
  for (const job of deps.jobs ?? []) register(job, job.schedule);

  const caughtUp = catchUpMissed(deps, now(), deps.catchUpWindowMs ?? 6 * 3600_000, deps.catchUpMode ?? 'latest').catch((err) => {
    log.error({ err: (err as Error).message }, 'catch-up failed');
    return [] as CatchUpResult[];
  });

  return {
    caughtUp,
    reload,
    async stop() {
      stopped = true;
      for (const name of [...registered.keys()]) await unregister(name);
      // Let runs in progress finish their current step; a run cut short is recovered elsewhere.
      await Promise.allSettled([caughtUp, ...inFlight]);
    },
    taskNames: () => [...registered.keys()],
    tasks: () => new Map([...registered].map(([k, v]) => [k, v.task])),
  };
}
