/**
 * A job is `{ name, schedule, run(ctx) }`. The scheduler awaits `run`, never overlaps it with
 * itself (node-cron noOverlap), and logs every run with its name, status and duration.
 * "Send now" and the CLI call the same services the jobs call.
 */

export interface JobLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export type JobTrigger = 'schedule' | 'catchup' | 'manual';

export interface JobContext {
  /** The fire time (the minute the cron matched), or now for a manual run. */
  fireTime: Date;
  trigger: JobTrigger;
  logger: JobLogger;
}

export interface Job {
  name: string;
  /** 5-field cron expression, Asia/Jakarta. */
  schedule: string;
  run(ctx: JobContext): Promise<unknown>;
}

export interface JobRunResult {
  name: string;
  status: 'ok' | 'error';
  ms: number;
  result?: unknown;
  error?: string;
}

/** Runs a job, logs name/status/duration, and never throws (a failed run must not kill the timer). */
export async function runJob(job: Job, ctx: JobContext): Promise<JobRunResult> {
  const started = Date.now();
  try {
    const result = await job.run(ctx);
    const ms = Date.now() - started;
    ctx.logger.info(
      { job: job.name, status: 'ok', ms, fireTime: ctx.fireTime.toISOString(), trigger: ctx.trigger, result: summarize(result) },
      'job finished',
    );
    return { name: job.name, status: 'ok', ms, result };
  } catch (err) {
    const ms = Date.now() - started;
    const error = (err as Error)?.message ?? String(err);
    ctx.logger.error(
      { job: job.name, status: 'error', ms, fireTime: ctx.fireTime.toISOString(), trigger: ctx.trigger, err: error },
      'job failed',
    );
    return { name: job.name, status: 'error', ms, error };
  }
}

/** Keeps job log lines small: drop buffers and long arrays. */
function summarize(v: unknown): unknown {
  if (!v || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (Buffer.isBuffer(x)) continue;
    if (Array.isArray(x)) out[k] = x.length > 10 ? `${x.length} item` : x;
    else out[k] = x;
  }
  return out;
}
