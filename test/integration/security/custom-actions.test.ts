import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createTestApp, seedSmallRegency, login, type TestApp } from '../../helpers/app.js';
import { makePdf } from '../../helpers/pdf.js';
import { SYSTEM_ACTOR } from '../../../src/domain/shared/actor.js';
import type { Role } from '../../../src/domain/shared/constants.js';

/**
 * Every custom panel action, for every role, written from DESIGN.md (not from the policy):
 * a GET never changes anything; a POST by a role without the grant is refused (403, audited)
 * and changes nothing; a role with the grant is let through.
 */
const ROLES: Array<[Role, string]> = [
  ['admin', 'admin@uji.example'],
  ['approver', 'approver@uji.example'],
  ['helpdesk', 'helpdesk@uji.example'],
  ['verifier', 'verifikator.dinkes@uji.example'],
  ['bkn_validator', 'bkn@uji.example'],
  ['secretary', 'sekretaris.dinkes@uji.example'],
  ['opd_head', 'kepala.dinkes@uji.example'],
  ['regent', 'bupati@uji.example'],
];

// Who may call each action at all (the workflow service then checks status, OPD and phase).
const GRANTED: Record<string, Role[]> = {
  'submissions.verify': ['admin', 'verifier'],
  'submissions.returnForFix': ['admin', 'verifier', 'bkn_validator'],
  'submissions.reject': ['admin', 'approver', 'verifier', 'bkn_validator'],
  'submissions.validate': ['admin', 'bkn_validator'],
  'submissions.approve': ['admin', 'approver'],
  'submissions.resubmit': ['admin', 'helpdesk', 'verifier'],
  'submissions.bulkVerify': ['admin', 'verifier'],
  'submissions.bulkApprove': ['admin', 'approver'],
  'report_schedules.sendNow': ['admin', 'approver'],
  'report_schedules.sendTest': ['admin', 'approver'],
  'employees.flagIncomplete': ['admin', 'approver'],
};

describe('custom panel actions × roles', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  let subId: number;
  let scheduleId: number;
  const snapshot = async () => ({
    statuses: JSON.stringify((await t.db.models.Submission.findAll({ order: [['id', 'ASC']] })).map((x) => x.status)),
    runs: await t.db.models.ReportRun.count(),
    flagged: await t.db.models.Employee.count({ where: { serviceBlocked: true } }),
    events: await t.db.models.SubmissionEvent.count(),
  });

  beforeAll(async () => {
    t = await createTestApp();
    s = await seedSmallRegency(t.db);
    const sub = await t.db.models.Submission.findOne({ where: { opdId: s.opdA.id }, order: [['id', 'ASC']] });
    subId = sub!.id;
    await t.services.documents.upload(
      { ...SYSTEM_ACTOR, role: 'admin' },
      { submissionId: subId, documentType: 'ktp', originalName: 'ktp.pdf', content: await makePdf('KTP') },
    );
    scheduleId = (
      await t.db.models.ReportSchedule.create({
        name: 'Harian',
        reportKind: 'opd',
        cron: '0 7 * * *',
        campaignId: null,
        activeFrom: null,
        activeUntil: null,
        extraRecipients: null,
      })
    ).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const url = (key: string, id: number) => {
    const [resource, action] = key.split('.') as [string, string];
    if (action.startsWith('bulk')) return `/admin/api/resources/${resource}/bulk/${action}?recordIds=${id}`;
    if (resource === 'employees') return `/admin/api/resources/${resource}/actions/${action}`;
    return `/admin/api/resources/${resource}/records/${id}/${action}`;
  };
  const target = (key: string) => (key.startsWith('report_schedules') ? scheduleId : key.startsWith('employees') ? 0 : subId);

  for (const [role, email] of ROLES) {
    it(`${role}: GET changes nothing, POST only where granted`, async () => {
      const agent = await login(t.app, email);
      for (const key of Object.keys(GRANTED)) {
        const before = await snapshot();
        await agent.get(url(key, target(key)));
        expect({ key, after: await snapshot() }).toEqual({ key, after: before });
        if (!GRANTED[key].includes(role)) {
          const deniedBefore = await t.db.models.AuditLog.count({ where: { outcome: 'denied' } });
          const res = await agent.post(url(key, target(key))).send({ note: 'catatan uji coba' });
          // Refused by the action grant (403), or the record is outside the role's scope (not found).
          const refused = res.status === 403 || res.body?.record?.baseError?.type === 'NotFoundError';
          expect({ key, status: res.status, refused }).toEqual({ key, status: res.status, refused: true });
          expect({ key, after: await snapshot() }).toEqual({ key, after: before });
          expect(await t.db.models.AuditLog.count({ where: { outcome: 'denied' } })).toBeGreaterThan(deniedBefore);
        }
      }
    });
  }

  it('granted roles are let through (the service then applies status, OPD and phase)', async () => {
    const approver = await login(t.app, 'approver@uji.example');
    const send = await approver.post(url('report_schedules.sendNow', scheduleId)).send({});
    expect(send.status).toBe(200);
    expect(await t.db.models.ReportRun.count()).toBe(1);
    const verifier = await login(t.app, 'verifikator.dinkes@uji.example');
    const v = await verifier.post(url('submissions.verify', subId)).send({});
    expect(v.body.notice.type).toBe('success');
    expect((await t.db.models.Submission.findByPk(subId))!.status).toBe('verified');
    const ap = await approver.post(url('submissions.approve', subId)).send({});
    expect(ap.body.notice.type).toBe('success');
    expect((await t.db.models.Submission.findByPk(subId))!.status).toBe('approved');
    // Flagging is for after the deadline: during verification the service refuses with the phase message.
    const flag = await approver.post(url('employees.flagIncomplete', 0)).send({});
    expect(flag.body.notice.type).toBe('error');
    expect(flag.body.notice.message).toMatch(/tahap|jadwal|batas/i);
  });
});
