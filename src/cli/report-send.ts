import { runReportSend } from './report-send.command.js';
import type { CliCommand } from './command.js';

/** The outbox's command (report-send.command.ts parses and runs it) on the container's report services. */
export const reportSend: CliCommand = {
  name: 'report:send',
  usage: 'report:send --schedule <id|nama|all> [--opd KODE] [--dry-run] [--resend] [--at "YYYY-MM-DD HH:MM"] [--test email]',
  run: (args, ctx) =>
    ctx.withContainer(({ db, services }) =>
      runReportSend(
        { models: db.models, runService: services.reports.runService, scheduleService: services.reports.scheduleService, print: ctx.print },
        args,
      ),
    ),
};
