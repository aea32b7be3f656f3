import type { AppConfig } from '../../config/env.js';
import type { Database } from '../db/index.js';
import type { Logger } from '../logger.js';
import { createReportServices, type ReportServices } from './report-services.js';
import { startScheduler } from './scheduler.js';
import cron from 'node-cron';
import { runJob, type Job } from './job.js';
import { AuditService } from '../domain/audit/audit.service.js';
import { CampaignService } from '../domain/campaign/campaign.service.js';
import { WorkflowService } from '../domain/submissions/workflow.service.js';
import { SYSTEM_ACTOR } from '../domain/shared/actor.js';

/**
 * Diktum KESATU h: once the campaign is past its deadline, flag every employee without a
 * completed update ("layanan kepegawaian tidak diproses") and clear those who completed.
 * Idempotent, so every instance may run it; outside the after-deadline phase it does nothing.
 */
export function flagIncompleteJob(db: Database): Job {
  const audit = new AuditService(db.models);
  const campaigns = new CampaignService(db.models, audit);
  const workflow = new WorkflowService({ models: db.models, sequelize: db.sequelize, audit, campaigns });
  return {
    name: 'flag-incomplete',
    schedule: '30 0 * * *',
    async run(ctx) {
      const campaign = await campaigns.activeCampaign();
      if (!campaign || !campaigns.isOpen('flag_incomplete', campaign, ctx.fireTime)) return { skipped: 'bukan tahap setelah batas waktu' };
      return workflow.flagIncomplete(SYSTEM_ACTOR, ctx.fireTime);
    },
  };
}


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
export async function startJobs(deps: { config: AppConfig; db: Database; logger: Logger; reports?: ReportServices }): Promise<Jobs> {
  // The panel's report services when given (one mailer pool per instance), else our own.
  const owned = !deps.reports;
  const reports = deps.reports ?? createReportServices(deps.db, deps.config, deps.logger.child({ module: 'reports' }));
  const scheduler = await startScheduler({
    models: deps.db.models,
    runService: reports.runService,
    scheduleService: reports.scheduleService,
    logger: deps.logger.child({ module: 'scheduler' }),
    // How far back a starting instance catches up missed report fire times (REPORT_CATCHUP_HOURS).
    catchUpWindowMs: deps.config.reportCatchUpHours * 3600_000,
  });
  const flag = flagIncompleteJob(deps.db);
  const jobLogger = deps.logger.child({ module: 'jobs' });
  const flagTask = cron.schedule(flag.schedule, () => runJob(flag, { fireTime: new Date(), trigger: 'schedule', logger: jobLogger }), {
    name: flag.name,
    timezone: 'Asia/Jakarta',
    noOverlap: true,
  });
  return {
    reports,
    reload: scheduler.reload,
    async stop() {
      await flagTask.stop();
      await scheduler.stop();
      if (owned) await reports.close();
    },
  };
}
