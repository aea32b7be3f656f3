import type { Container, Services } from '../container.js';
import { SYSTEM_ACTOR } from '../domain/shared/actor.js';
import type { Job } from './job.js';
import { startScheduler, type CronApi, type SchedulerHandle } from './scheduler.js';

/**
 * Diktum KESATU h: once the campaign is past its deadline, flag every employee without a
 * completed update ("layanan kepegawaian tidak diproses") and clear those who completed.
 * Idempotent, so every instance may run it; outside the after-deadline phase it does nothing.
 * Runs for its fire time, as every job does (a late or caught-up run judges the day it was due).
 */
export function flagIncompleteJob(services: Pick<Services, 'campaigns' | 'workflow'>): Job {
  const { campaigns, workflow } = services;
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

/**
 * Notices to the ASN (BTS/TMS): every minute, claim the mails whose batching window has passed,
 * send them, retry the failed ones after their backoff (NoticeService.sendDue). Every instance may
 * run it: each mail is claimed by one.
 */
export function noticesJob(services: Pick<Services, 'notices'>): Job {
  return { name: 'notices-send', schedule: '* * * * *', run: () => services.notices.sendDue() };
}

/**
 * The consultation notices' outbox ("your question was answered"): every minute, send what is due.
 * Each notice is claimed before it is sent, so every instance may run it and a run that overlaps
 * another (or runs twice) never sends a notice twice.
 */
export function consultationNoticesJob(services: Pick<Services, 'consultations'>): Job {
  return {
    name: 'consultation-notices',
    schedule: '* * * * *',
    run: () => services.consultations.deliverNotices(),
  };
}

/**
 * Ageing and escalation (issue 13): on working days at 07:00, the overdue items go to each OPD's
 * Sekretaris, past the second threshold to the Kepala OPD, and the BKN/approval backlog to the
 * approvers — once per threshold per item (EscalationService's ledger), so a rerun sends nothing new.
 */
export function escalationJob(services: Pick<Services, 'escalation'>): Job {
  return {
    name: 'escalation',
    schedule: '0 7 * * 1-5',
    run: (ctx) => services.escalation.run(ctx.fireTime),
  };
}

/**
 * The dashboard's precomputed figures (issue 11): every minute, rebuild the snapshots of the OPDs
 * (and the regency) whose facts changed since, confirm the others (DashboardSnapshots.refresh).
 * Idempotent; every instance may run it.
 */
export function dashboardRefreshJob(services: Pick<Services, 'dashboardSnapshots'>): Job {
  return { name: 'dashboard-refresh', schedule: '* * * * *', run: (ctx) => services.dashboardSnapshots.refresh(ctx.fireTime) };
}

/**
 * Nightly at 01:15: recompute every dashboard snapshot from the facts and report any drift (audit
 * row, a warning in the log), rebuilding what drifted. `npm run cli -- counters check` is the same check.
 */
export function dashboardConsistencyJob(services: Pick<Services, 'dashboardSnapshots'>): Job {
  return {
    name: 'dashboard-consistency',
    schedule: '15 1 * * *',
    async run(ctx) {
      const result = await services.dashboardSnapshots.check(new Date(), { fix: true });
      if (result.drift.length)
        ctx.logger.warn({ job: 'dashboard-consistency', drift: result.drift }, 'dashboard figures drifted from the facts');
      return { checked: result.checked, drift: result.drift.length, pending: result.pending.length, fixed: result.fixed.length };
    },
  };
}

/**
 * Starts the scheduled jobs of this instance on the one scheduler: one timer per enabled report
 * schedule, the outbox maintenance every minute, a schedule reload every 5 minutes, a catch-up of
 * report fire times missed while it was down, the deadline flag and the notices to the ASN. `stop()` awaits the runs in
 * progress. Called from src/main.ts only when JOBS_ENABLED; every instance may run it (sending is
 * coordinated through the database).
 */
export function startJobs(
  container: Pick<Container, 'config' | 'db' | 'logger' | 'services'>,
  opts: { cron?: CronApi } = {},
): Promise<SchedulerHandle> {
  const { config, db, logger, services } = container;
  return startScheduler({
    models: db.models,
    runService: services.reports.runService,
    scheduleService: services.reports.scheduleService,
    logger: logger.child({ module: 'scheduler' }),
    // How far back a starting instance catches up missed report fire times (REPORT_CATCHUP_HOURS).
    catchUpWindowMs: config.reportCatchUpHours * 3600_000,
    jobs: [
      flagIncompleteJob(services),
      noticesJob(services),
      consultationNoticesJob(services),
      escalationJob(services),
      dashboardRefreshJob(services),
      dashboardConsistencyJob(services),
    ],
    cron: opts.cron,
  });
}
