import type { AppConfig } from '../../config/env.js';
import type { Database } from '../db/index.js';
import type { Logger } from '../logger.js';
import { createReportServices, type ReportServices } from './report-services.js';
import { startScheduler } from './scheduler.js';

/** How far back a starting instance catches up missed report fire times. */
export const CATCH_UP_WINDOW_MS = 6 * 3600_000;

export interface Jobs {
  stop(): Promise<void>;
  /** Re-read report schedules now (call after a schedule is edited on this instance). */
  reload(): Promise<void>;
  /** The report services the scheduler uses (the panel's "Kirim sekarang" may share them). */
  reports: ReportServices;
}

/**
 * Starts the scheduled jobs of this instance: one timer per enabled report schedule, the
 * outbox maintenance (take over dead instances' runs, retry due deliveries) every minute, a
 * schedule reload every 5 minutes, and a catch-up of fire times missed while it was down.
 * Called from src/main.ts only when JOBS_ENABLED; every instance may run it (sending is
 * coordinated through the database).
 */
export async function startJobs(deps: { config: AppConfig; db: Database; logger: Logger }): Promise<Jobs> {
  const reports = createReportServices(deps.db, deps.config, deps.logger.child({ module: 'reports' }));
  const scheduler = await startScheduler({
    models: deps.db.models,
    runService: reports.runService,
    scheduleService: reports.scheduleService,
    logger: deps.logger.child({ module: 'scheduler' }),
    catchUpWindowMs: CATCH_UP_WINDOW_MS,
  });
  return {
    reports,
    reload: scheduler.reload,
    async stop() {
      await scheduler.stop();
      await reports.close();
    },
  };
}
