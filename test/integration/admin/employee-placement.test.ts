import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { Op } from 'sequelize';
import { createTestApp, seedSmallRegency, login, type TestApp } from '../../helpers/app.js';
import { usingMysql } from '../../helpers/db.js';
import { buildOpdReport } from '../../../src/domain/reports/data/opd-report.js';
import { buildRegencyReport } from '../../../src/domain/reports/data/regency-report.js';

/**
 * An employee moved or (de)activated through the panel (the real HTTP API, as an admin does it):
 * - the same transaction writes the placement history, moves their submissions (and scans) to
 *   the new OPD, and audits it;
 * - the verifier inbox follows (new OPD's verifier gets the submission, the old one loses it);
 *   a deactivated employee's open submission leaves the inbox AND the report backlog;
 * - a report as of a moment before the change, recomputed after it, gives the same figures:
 *   the employee and their submissions are counted where they were then.
 */

const api = '/admin/api/resources';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`moving and deactivating an employee (${usingMysql() ? 'MariaDB/MySQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  let admin: Awaited<ReturnType<typeof login>>;

  const inboxTotal = async (email: string) => {
    const agent = await login(t.app, email);
    const res = await agent.get(`${api}/submissions/actions/list?filters.inbox=true&perPage=50`);
    expect(res.status).toBe(200);
    return { total: res.body.meta.total as number, ids: (res.body.records as Array<{ id: string }>).map((r) => Number(r.id)) };
  };
  const figures = async (at: Date) => {
    const a = await buildOpdReport(t.db.models, s.opdA.id, at);
    const b = await buildOpdReport(t.db.models, s.opdB.id, at);
    const r = await buildRegencyReport(t.db.models, at);
    const strip = (x: typeof a) => ({ summary: x.summary, byStatus: x.byStatus, byCategoryStatus: x.byCategoryStatus, toAct: x.toAct });
    return { a: strip(a), b: strip(b), rows: r.rows, totals: r.totals };
  };
  /** A moment between two changes, clear of whole-second DATETIME rounding on MySQL. */
  const moment = async () => {
    await pause(1500);
    const at = new Date();
    await pause(1500);
    return at;
  };

  beforeAll(async () => {
    t = await createTestApp();
    s = await seedSmallRegency(t.db);
    admin = await login(t.app, 'admin@uji.example');
  });
  afterAll(async () => {
    await t.close();
  });

  it('a move: history, submissions and scans follow, inbox follows, past figures unchanged', async () => {
    const e = s.employees[0]; // OPD A, with a submission waiting for the verifier
    const sub = await t.db.models.Submission.findOne({ where: { employeeId: e.id } });
    expect(sub!.opdId).toBe(s.opdA.id);
    const doc = await t.db.models.Document.create({
      submissionId: sub!.id,
      opdId: s.opdA.id,
      documentType: 'ktp',
      originalName: 'ktp.pdf',
      size: 10,
      sha256: 'a'.repeat(64),
      storageKey: `aa/${'a'.repeat(64)}.pdf`,
      uploadedBy: null,
    });
    const before = await moment();
    const figuresBefore = await figures(before);
    const inboxA = await inboxTotal('verifikator.dinkes@uji.example');
    const inboxB = await inboxTotal('verifikator.jaten@uji.example');
    expect(inboxA.ids).toContain(sub!.id);

    const res = await admin
      .post(`${api}/employees/records/${e.id}/edit`)
      .type('form')
      .send({ opdId: String(s.opdB.id) });
    expect(res.body.notice.type).toBe('success');
    const after = await moment();

    // Written in the employee's transaction: employee, history, submissions, scans, audit.
    expect((await t.db.models.Employee.findByPk(e.id))!.opdId).toBe(s.opdB.id);
    expect((await t.db.models.Submission.findByPk(sub!.id))!.opdId).toBe(s.opdB.id);
    expect((await t.db.models.Document.findByPk(doc.id))!.opdId).toBe(s.opdB.id);
    const periods = await t.db.models.EmployeePlacement.findAll({ where: { employeeId: e.id }, order: [['validFrom', 'ASC']] });
    expect(periods.map((p) => [p.opdId, !!p.active, p.validTo === null])).toEqual([
      [s.opdA.id, true, false],
      [s.opdB.id, true, true],
    ]);
    expect(periods[0].validTo!.getTime()).toBe(periods[1].validFrom.getTime());
    const audit = await t.db.models.AuditLog.findOne({ where: { action: 'employee_placement', recordId: String(e.id) } });
    expect(audit!.get({ plain: true })).toMatchObject({
      userEmail: 'admin@uji.example',
      opdId: s.opdB.id,
      afterData: { opdId: s.opdB.id, submissionsMoved: 1 },
    });
    // History rows keep the OPD that acted then (none here); the throughput of A is unchanged.

    // The verifier inbox follows the submission.
    const inboxA2 = await inboxTotal('verifikator.dinkes@uji.example');
    const inboxB2 = await inboxTotal('verifikator.jaten@uji.example');
    expect(inboxA2.total).toBe(inboxA.total - 1);
    expect(inboxA2.ids).not.toContain(sub!.id);
    expect(inboxB2.total).toBe(inboxB.total + 1);
    expect(inboxB2.ids).toContain(sub!.id);
    const verifierA = await login(t.app, 'verifikator.dinkes@uji.example');
    expect((await verifierA.get(`/admin/documents/${doc.id}/file`)).status).toBe(404);

    // The report as of before the move, recomputed now: the same figures (employee and
    // submission counted in A); as of after the move: in B.
    expect(await figures(before)).toEqual(figuresBefore);
    expect(figuresBefore.a.summary).toMatchObject({ total: 6, backlog: 6 });
    const now = await figures(after);
    expect(now.a.summary).toMatchObject({ total: 5, backlog: 5 });
    expect(now.b.summary).toMatchObject({ total: 5, backlog: figuresBefore.b.summary.backlog + 1 });
    expect(now.a.byStatus.submitted).toBe(figuresBefore.a.byStatus.submitted - 1);
    expect(now.totals.total).toBe(figuresBefore.totals.total);
    // The inbox and the report backlog are one definition.
    expect(now.a.summary.backlog).toBe(inboxA2.total);
    expect(now.b.summary.backlog).toBe(inboxB2.total);
  }, 60_000);

  it('deactivation and reactivation: out of the inbox and the backlog, past figures unchanged', async () => {
    const e = s.employees[1]; // OPD A, with a submission waiting
    const sub = await t.db.models.Submission.findOne({ where: { employeeId: e.id } });
    const before = await moment();
    const figuresBefore = await figures(before);
    const inbox = await inboxTotal('verifikator.dinkes@uji.example');
    expect(inbox.ids).toContain(sub!.id);

    expect((await admin.post(`${api}/employees/records/${e.id}/edit`).type('form').send({ active: 'false' })).body.notice.type).toBe(
      'success',
    );
    const inactiveAt = await moment();
    expect((await t.db.models.Employee.findByPk(e.id))!.active).toBe(false);
    const off = await inboxTotal('verifikator.dinkes@uji.example');
    expect(off.ids).not.toContain(sub!.id);
    expect(off.total).toBe(inbox.total - 1);
    const dash = await (await login(t.app, 'verifikator.dinkes@uji.example')).get('/admin/api/dashboard');
    expect(dash.body.inbox).toBe(off.total);
    const during = await figures(inactiveAt);
    expect(during.a.summary).toMatchObject({ total: figuresBefore.a.summary.total - 1, backlog: off.total });
    expect(await figures(before)).toEqual(figuresBefore);

    expect((await admin.post(`${api}/employees/records/${e.id}/edit`).type('form').send({ active: 'true' })).body.notice.type).toBe(
      'success',
    );
    const back = await moment();
    expect((await inboxTotal('verifikator.dinkes@uji.example')).ids).toContain(sub!.id);
    expect((await figures(back)).a.summary).toMatchObject({
      total: figuresBefore.a.summary.total,
      backlog: figuresBefore.a.summary.backlog,
    });
    // Recomputed later, each earlier report is what it was.
    expect(await figures(before)).toEqual(figuresBefore);
    expect(await figures(inactiveAt)).toEqual(during);
    const periods = await t.db.models.EmployeePlacement.findAll({ where: { employeeId: e.id }, order: [['validFrom', 'ASC']] });
    expect(periods.map((p) => [p.opdId, !!p.active, p.validTo === null])).toEqual([
      [s.opdA.id, true, false],
      [s.opdA.id, false, false],
      [s.opdA.id, true, true],
    ]);
    const audits = await t.db.models.AuditLog.findAll({
      where: { action: 'employee_placement', recordId: String(e.id) },
      order: [['id', 'ASC']],
    });
    expect(audits.map((a) => a.message)).toEqual(['Pegawai dinonaktifkan', 'Pegawai diaktifkan kembali']);
    // An edit that changes neither OPD nor active writes no history.
    expect((await admin.post(`${api}/employees/records/${e.id}/edit`).type('form').send({ phone: '0812000111' })).body.notice.type).toBe(
      'success',
    );
    expect(await t.db.models.EmployeePlacement.count({ where: { employeeId: e.id } })).toBe(3);
  }, 60_000);

  it('parallel moves of one employee leave one consistent history', async () => {
    const e = s.employees[2];
    // Two rounds of three at once (more parallel panel writes than that queue on SQLite's busy
    // timeout whatever they write — a limit of the embedded database, not of this rule).
    for (const targets of [
      [s.opdB.id, s.opdA.id, s.opdB.id],
      [s.opdA.id, s.opdB.id, s.opdA.id],
    ]) {
      const results = await Promise.all(
        targets.map((opdId) =>
          admin
            .post(`${api}/employees/records/${e.id}/edit`)
            .type('form')
            .send({ opdId: String(opdId) }),
        ),
      );
      for (const r of results) expect([r.status, r.body.notice?.type]).toEqual([200, 'success']);
    }
    const emp = (await t.db.models.Employee.findByPk(e.id))!;
    const periods = await t.db.models.EmployeePlacement.findAll({
      where: { employeeId: e.id },
      order: [
        ['validFrom', 'ASC'],
        ['id', 'ASC'],
      ],
    });
    const open = periods.filter((p) => p.validTo === null);
    expect(open).toHaveLength(1);
    expect(open[0].opdId).toBe(emp.opdId);
    expect(periods[periods.length - 1].validTo).toBeNull();
    // Periods follow each other without overlap.
    for (let i = 1; i < periods.length; i++) expect(periods[i - 1].validTo!.getTime()).toBe(periods[i].validFrom.getTime());
    const subs = await t.db.models.Submission.findAll({ where: { employeeId: e.id } });
    expect(subs.length).toBeGreaterThan(0);
    for (const x of subs) expect(x.opdId).toBe(emp.opdId);
    expect(await t.db.models.Submission.count({ where: { employeeId: e.id, opdId: { [Op.ne]: emp.opdId } } })).toBe(0);
  }, 60_000);
});
