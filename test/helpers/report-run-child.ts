/**
 * A separate process that runs one report schedule, for the kill -9 test
 * (test/integration/reports/run-kill.test.ts). Environment: DB_URL, SMTP_URL, VAR_DIR,
 * SCHEDULE_ID, FIRE_ISO, INSTANCE_ID, LEASE_MS. Prints the outcome as JSON when it finishes
 * (it normally does not: the test kills it mid-send).
 */
import { connect } from '../../src/db/index.js';
import { createMailer } from '../../src/domain/reports/delivery/mailer.js';
import { FROM, REPLY_TO, makeRunService } from './report-fixtures.js';

const env = (k: string): string => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is required`);
  return v;
};

const db = connect(env('DB_URL'));
const mailer = createMailer({ smtpUrl: env('SMTP_URL'), outboxDir: `${env('VAR_DIR')}/outbox`, from: FROM, replyTo: REPLY_TO });
const svc = makeRunService({
  models: db.models,
  sequelize: db.sequelize,
  mailer,
  varDir: env('VAR_DIR'),
  config: { instanceId: env('INSTANCE_ID'), leaseMs: Number(process.env.LEASE_MS ?? 60000) },
});
try {
  const r = await svc.runSchedule(Number(env('SCHEDULE_ID')), new Date(env('FIRE_ISO')), { trigger: 'schedule' });
  process.stdout.write(`${JSON.stringify({ ...r, planned: undefined })}\n`);
} finally {
  await mailer.close();
  await db.close();
}
