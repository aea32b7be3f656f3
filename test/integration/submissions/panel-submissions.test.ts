import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type TestAgent from 'supertest/lib/agent.js';
import type { Response } from 'supertest';
import { Op } from 'sequelize';
import { usingMysql } from '../../helpers/db.js';
import { SUBMISSION_FIXED_FIELDS } from '../../../src/domain/submissions/submission.rules.js';
import { CONCURRENT_UPDATE_MESSAGE } from '../../../src/domain/submissions/workflow-context.js';
import type { SubmissionStatus } from '../../../src/domain/shared/constants.js';
import {
  createSecurityApp,
  deniedCount,
  inPhase,
  loginAs,
  newEmployeeValues,
  ROLE_EMAIL,
  seedSecurityFixture,
  unique,
  type Fixture,
  type SecurityApp,
} from '../../helpers/security-fixture.js';

/**
 * Panel new/edit/delete of submissions over real HTTP (issue 8, items 3 and 4): creating goes
 * through WorkflowService (category from the configuration, the employee's OPD, the open campaign,
 * the phase with an admin override, one open submission per category, the first history row); an
 * edit changes only the proposed values of a submission nobody has verified yet, bumping its
 * version with an audit row; every other field is refused and the row stays as it was. The
 * fixture's campaign is in its verification phase; `inPhase` moves it where a test needs.
 */

const api = (r: string) => `/admin/api/resources/${r}`;
const notice = (res: Response) => (res.body?.notice?.type as string | undefined) ?? null;
const PROPOSED_NIK = '3313066101900009';
/**
 * Requests sent at once. On SQLite every waiting writer blocks a libuv thread in its busy wait;
 * past the pool's four threads the holder's COMMIT cannot run until the 15 s busy timeout, so
 * SQLite gets three at a time (MariaDB, the production database, the full burst).
 */
const BURST = usingMysql() ? 10 : 3;

describe('submissions through the panel', () => {
  let t: SecurityApp;
  let f: Fixture;
  let admin: TestAgent;
  let helpdesk: TestAgent;
  let verifierA: TestAgent;
  let verifierB: TestAgent;
  let helpdeskId: number;

  beforeAll(async () => {
    t = await createSecurityApp();
    f = await seedSecurityFixture(t.db);
    [admin, helpdesk, verifierA, verifierB] = await Promise.all(
      [ROLE_EMAIL.admin, ROLE_EMAIL.helpdesk, ROLE_EMAIL.verifier, 'verifikator.jaten@uji.example'].map((e) => loginAs(t.app, e)),
    );
    helpdeskId = f.users.helpdesk.id;
  });
  afterAll(async () => {
    await t.close();
  });

  const m = () => t.db.models;
  const freshEmployee = async (opdId: number) => m().Employee.create(newEmployeeValues(opdId));
  const rowOf = async (id: number) => (await m().Submission.findByPk(id))!.get({ plain: true }) as Record<string, unknown>;
  const submission = async (
    opdId: number,
    status: SubmissionStatus,
    category = 'jabatan',
    proposedValues: Record<string, unknown> = { jabatan: 'Analis' },
  ) => {
    const e = await freshEmployee(opdId);
    const now = new Date(Date.now() - unique() * 60_000);
    return m().Submission.create({
      employeeId: e.id,
      opdId,
      campaignId: f.campaign.id,
      category,
      proposedValues,
      status,
      submittedAt: now,
      verifiedAt: ['verified', 'validated', 'approved'].includes(status) ? now : null,
      validatedAt: status === 'validated' ? now : null,
      decidedAt: ['approved', 'rejected'].includes(status) ? now : null,
      lastNote: null,
    });
  };
  /** The edit form after the user changed some keys in the proposal's JSON textarea. */
  const withProposal = (form: Record<string, string>, patch: Record<string, unknown>) => ({
    ...form,
    proposedValues: JSON.stringify(
      { ...(form.proposedValues ? (JSON.parse(form.proposedValues) as Record<string, unknown>) : {}), ...patch },
      null,
      2,
    ),
  });
  const newSubmission = (agent: TestAgent, form: Record<string, string>) =>
    agent
      .post(`${api('submissions')}/actions/new`)
      .type('form')
      .send(form);
  const editSubmission = (agent: TestAgent, id: number, form: Record<string, string>) =>
    agent
      .post(`${api('submissions')}/records/${id}/edit`)
      .type('form')
      .send(form);
  /** What the panel's edit form posts: every param of the record as loaded, nulls as AdminJS encodes them. */
  const formOf = async (agent: TestAgent, id: number) => {
    const res = await agent.get(`${api('submissions')}/records/${id}/edit`);
    expect(res.status).toBe(200);
    return Object.fromEntries(
      Object.entries(res.body.record.params as Record<string, unknown>).map(([k, v]) => [
        k,
        v === null ? '__FORM_VALUE_NULL__' : String(v),
      ]),
    );
  };

  describe('new goes through WorkflowService', () => {
    it('writes the submission, its first history row and its audit row; OPD, campaign, status, dates and source come from the service, not the form', async () => {
      const e = await freshEmployee(f.opdB.id);
      const res = await inPhase(t.db, f.campaign.id, 'self_update', () =>
        newSubmission(helpdesk, {
          employeeId: String(e.id),
          category: 'jabatan',
          'proposedValues.jabatan': 'Perawat Ahli Muda',
          'proposedValues.tmtJabatan': '2025-01-01',
          // every protected field, forged
          opdId: String(f.opdA.id),
          campaignId: String(f.campaign2.id),
          status: 'approved',
          submittedAt: '2001-02-03T04:05:06.000Z',
          verifiedAt: '2001-02-03T04:05:06.000Z',
          validatedAt: '2001-02-03T04:05:06.000Z',
          decidedAt: '2001-02-03T04:05:06.000Z',
          version: '9',
          lastNote: 'palsu',
          source: 'import',
        }),
      );
      expect({ notice: notice(res), message: res.body.notice?.message }).toMatchObject({ notice: 'success' });
      const rows = await m().Submission.findAll({ where: { employeeId: e.id } });
      expect(rows).toHaveLength(1);
      const row = rows[0].get({ plain: true });
      expect(row).toMatchObject({
        employeeId: e.id,
        opdId: f.opdB.id,
        campaignId: f.campaign.id,
        category: 'jabatan',
        status: 'submitted',
        verifiedAt: null,
        validatedAt: null,
        decidedAt: null,
        version: 0,
        lastNote: null,
        source: 'helpdesk',
        proposedValues: { jabatan: 'Perawat Ahli Muda', tmtJabatan: '2025-01-01' },
      });
      expect(Math.abs(row.submittedAt.getTime() - Date.now())).toBeLessThan(120_000);
      const history = await m().SubmissionEvent.findAll({ where: { submissionId: row.id } });
      expect(history.map((h) => ({ from: h.fromStatus, to: h.toStatus, by: h.actorUserId, role: h.actorRole, opd: h.opdId }))).toEqual([
        { from: null, to: 'submitted', by: helpdeskId, role: 'helpdesk', opd: f.opdB.id },
      ]);
      expect(
        await m().AuditLog.count({
          where: { action: 'create', resource: 'submissions', recordId: String(row.id), userId: helpdeskId, outcome: 'ok' },
        }),
      ).toBe(1);
    });

    it('takes the proposal as JSON text from the textarea, and refuses one that is not a flat object', async () => {
      await inPhase(t.db, f.campaign.id, 'self_update', async () => {
        const e = await freshEmployee(f.opdA.id);
        const ok = await newSubmission(helpdesk, {
          employeeId: String(e.id),
          category: 'diklat',
          proposedValues: '{"nama": "Latsar CPNS", "tahun": 2024}',
        });
        expect(notice(ok)).toBe('success');
        expect((await m().Submission.findOne({ where: { employeeId: e.id } }))!.proposedValues).toEqual({
          nama: 'Latsar CPNS',
          tahun: 2024,
        });
        for (const bad of ['{nama: Latsar', '[1, 2]', '{"a": {"b": 1}}']) {
          const before = await m().Submission.count();
          const res = await newSubmission(helpdesk, {
            employeeId: String((await freshEmployee(f.opdA.id)).id),
            category: 'diklat',
            proposedValues: bad,
          });
          expect(notice(res)).toBe('error');
          expect(res.body.record.errors.proposedValues.message).toBeTruthy();
          expect(res.body.notice.message).toMatch(/Data usulan tidak valid/);
          expect(await m().Submission.count()).toBe(before);
        }
      });
    });

    it('refuses an unknown category: a message on the field, no row, no history', async () => {
      await inPhase(t.db, f.campaign.id, 'self_update', async () => {
        const e = await freshEmployee(f.opdA.id);
        const events = await m().SubmissionEvent.count();
        const res = await newSubmission(helpdesk, { employeeId: String(e.id), category: 'hobi' });
        expect(notice(res)).toBe('error');
        expect(res.body.record.errors.category.message).toBe('Kategori tidak dikenal');
        expect(res.body.notice.message).toMatch(/Kategori 'hobi' tidak dikenal/);
        expect(await m().Submission.count({ where: { employeeId: e.id } })).toBe(0);
        expect(await m().SubmissionEvent.count()).toBe(events);
      });
    });

    it('refuses a closed phase to every role but an admin who gives a reason (audited, kept on the history row)', async () => {
      // the fixture is in verification: new submissions are closed
      for (const [agent, email] of [
        [helpdesk, ROLE_EMAIL.helpdesk],
        [verifierA, ROLE_EMAIL.verifier],
        [admin, ROLE_EMAIL.admin],
      ] as const) {
        const e = await freshEmployee(f.opdA.id);
        const before = await deniedCount(t.db, email);
        const res = await newSubmission(agent, { employeeId: String(e.id), category: 'skp' });
        expect(notice(res)).toBe('error');
        expect(res.body.notice.message).toMatch(
          /Pengajuan usul pemutakhiran hanya dapat dilakukan pada tahap pemutakhiran mandiri .*hari ini/,
        );
        expect(await m().Submission.count({ where: { employeeId: e.id } })).toBe(0);
        expect(await deniedCount(t.db, email)).toBe(before + 1);
      }
      // a reason from a role that may not override: refused outright
      const e1 = await freshEmployee(f.opdA.id);
      const forged = await newSubmission(helpdesk, { employeeId: String(e1.id), category: 'skp', overrideReason: 'mendesak' });
      expect(forged.status).toBe(403);
      expect(await m().Submission.count({ where: { employeeId: e1.id } })).toBe(0);
      // the admin with a reason
      const e2 = await freshEmployee(f.opdA.id);
      const res = await newSubmission(admin, {
        employeeId: String(e2.id),
        category: 'skp',
        overrideReason: 'Berkas masuk sebelum batas, terlambat dicatat',
      });
      expect(notice(res)).toBe('success');
      const row = (await m().Submission.findOne({ where: { employeeId: e2.id } }))!;
      expect(row.campaignId).toBe(f.campaign.id);
      const [event] = await m().SubmissionEvent.findAll({ where: { submissionId: row.id } });
      expect(event.overrideReason).toBe('Berkas masuk sebelum batas, terlambat dicatat');
      const override = await m().AuditLog.findOne({
        where: { action: 'phase_override', userId: f.users.admin.id, resource: 'submissions' },
        order: [['id', 'DESC']],
      });
      expect(override!.afterData as { reason: string; action: string }).toMatchObject({
        reason: 'Berkas masuk sebelum batas, terlambat dicatat',
        action: 'submit',
      });
    });

    it('refuses a second open submission in the same category, also when the requests arrive together', async () => {
      await inPhase(t.db, f.campaign.id, 'self_update', async () => {
        const e = await freshEmployee(f.opdA.id);
        expect(notice(await newSubmission(helpdesk, { employeeId: String(e.id), category: 'skp' }))).toBe('success');
        const again = await newSubmission(verifierA, { employeeId: String(e.id), category: 'skp' });
        expect(notice(again)).toBe('error');
        expect(again.body.notice.message).toMatch(/masih memiliki usul kategori 'Riwayat SKP' yang sedang diproses/);
        expect(await m().Submission.count({ where: { employeeId: e.id, category: 'skp' } })).toBe(1);
        // once decided, a new one in the category is taken
        // (submitted days ago: the natural key employee + category + submitted_at is to the second on MariaDB)
        await m().Submission.update(
          { status: 'approved', submittedAt: new Date(Date.now() - 10 * 86400000) },
          { where: { employeeId: e.id, category: 'skp' } },
        );
        expect(notice(await newSubmission(helpdesk, { employeeId: String(e.id), category: 'skp' }))).toBe('success');
        // a burst at once, from three roles: exactly one
        const p = await freshEmployee(f.opdA.id);
        const answers = await Promise.all(
          Array.from({ length: BURST }, (_, i) => [helpdesk, verifierA, admin][i % 3]).map((agent) =>
            newSubmission(agent, { employeeId: String(p.id), category: 'pendidikan', 'proposedValues.jenjang': 'S1' }),
          ),
        );
        expect(answers.filter((r) => notice(r) === 'success')).toHaveLength(1);
        for (const r of answers) expect(r.status).toBeLessThan(500);
        expect(await m().Submission.count({ where: { employeeId: p.id, category: 'pendidikan' } })).toBe(1);
        const created = (await m().Submission.findOne({ where: { employeeId: p.id } }))!;
        expect(await m().SubmissionEvent.count({ where: { submissionId: created.id } })).toBe(1);
      });
    });
  });

  describe('edit changes only the proposed values, only while nobody has verified the submission', () => {
    it('the panel form (every param posted back) changes the proposal, bumps the version by one and leaves an audit row with before and after', async () => {
      const sub = await submission(f.opdA.id, 'submitted', 'jabatan', { jabatan: 'Analis', unitKerja: 'Sekretariat' });
      const before = await rowOf(sub.id);
      const form = await formOf(helpdesk, sub.id);
      expect(form.status).toBe('submitted');
      const res = await editSubmission(helpdesk, sub.id, withProposal(form, { jabatan: 'Analis Kebijakan Ahli Muda' }));
      expect({ notice: notice(res), message: res.body.notice?.message }).toMatchObject({ notice: 'success' });
      const after = await rowOf(sub.id);
      expect(after).toEqual({
        ...before,
        proposedValues: { jabatan: 'Analis Kebijakan Ahli Muda', unitKerja: 'Sekretariat' },
        version: (before.version as number) + 1,
        updatedAt: after.updatedAt,
      });
      const audit = await m().AuditLog.findOne({
        where: { action: 'update', resource: 'submissions', recordId: String(sub.id), userId: helpdeskId },
      });
      expect(audit!.beforeData).toMatchObject({ proposedValues: { jabatan: 'Analis' }, version: before.version });
      expect(audit!.afterData).toMatchObject({
        proposedValues: { jabatan: 'Analis Kebijakan Ahli Muda' },
        version: (before.version as number) + 1,
      });
      // the same form again: nothing to change, nothing written
      const again = await editSubmission(helpdesk, sub.id, await formOf(helpdesk, sub.id));
      expect(notice(again)).toBe('success');
      expect((await rowOf(sub.id)).version).toBe((before.version as number) + 1);
    });

    const changed: Record<string, (s: Record<string, unknown>) => string> = {
      category: () => 'skp',
      employeeId: () => String(f.empA[0].id),
      opdId: () => String(f.opdB.id),
      campaignId: () => String(f.campaign2.id),
      status: () => 'approved',
      submittedAt: () => '2001-02-03T04:05:06.000Z',
      verifiedAt: () => '2001-02-03T04:05:06.000Z',
      validatedAt: () => '2001-02-03T04:05:06.000Z',
      decidedAt: () => '2001-02-03T04:05:06.000Z',
      version: (s) => String(Number(s.version) + 5),
      lastNote: () => 'catatan palsu',
      source: () => 'import',
    };
    it('names every field the form must not change', () => {
      expect(Object.keys(changed).sort()).toEqual(Object.keys(SUBMISSION_FIXED_FIELDS).sort());
    });
    it.each(Object.keys(changed))(
      'a changed %s is refused for helpdesk, verifier and admin: the row is unchanged, the refusal audited',
      async (field) => {
        for (const [agent, email] of [
          [helpdesk, ROLE_EMAIL.helpdesk],
          [verifierA, ROLE_EMAIL.verifier],
          [admin, ROLE_EMAIL.admin],
        ] as const) {
          const sub = await submission(f.opdA.id, 'submitted', 'pangkat', { golongan: 'III/b' });
          const before = await rowOf(sub.id);
          const denied = await deniedCount(t.db, email);
          const form = await formOf(agent, sub.id);
          const res = await editSubmission(agent, sub.id, {
            ...withProposal(form, { golongan: 'III/c' }),
            [field]: changed[field](before),
          });
          expect({ field, email, notice: notice(res), error: res.body.record?.errors?.[field]?.message }).toEqual({
            field,
            email,
            notice: 'error',
            error: SUBMISSION_FIXED_FIELDS[field],
          });
          expect(await rowOf(sub.id)).toEqual(before);
          expect(await deniedCount(t.db, email)).toBe(denied + 1);
          expect(await m().SubmissionEvent.count({ where: { submissionId: sub.id } })).toBe(0);
        }
      },
    );

    it.each(['verified', 'validated', 'approved', 'rejected'] as const)(
      'a %s submission cannot be rewritten (proposal, submittedAt), whatever the role',
      async (status) => {
        const sub = await submission(f.opdA.id, status, 'pendidikan', { jenjang: 'S1' });
        const before = await rowOf(sub.id);
        for (const agent of [helpdesk, verifierA, admin]) {
          const form = await formOf(agent, sub.id);
          const res = await editSubmission(agent, sub.id, withProposal(form, { jenjang: 'S3' }));
          expect(notice(res)).toBe('error');
          expect(res.body.notice.message).toMatch(
            /tidak dapat diubah: data usulan hanya dapat diubah selama berstatus 'Input Berkas' atau 'Perbaikan Dokumen \(BTS\)'/,
          );
          const dated = await editSubmission(agent, sub.id, { ...form, submittedAt: '2001-02-03T04:05:06.000Z' });
          expect(notice(dated)).toBe('error');
          expect(await rowOf(sub.id)).toEqual(before);
        }
      },
    );

    it('a verified pangkat or pendidikan submission cannot be turned into skp (which would skip Kanreg BKN), and stays in the BKN inbox', async () => {
      const bkn = await loginAs(t.app, ROLE_EMAIL.bkn_validator);
      for (const category of ['pangkat', 'pendidikan']) {
        const sub = await submission(f.opdA.id, 'verified', category, { catatan: 'x' });
        const before = await rowOf(sub.id);
        for (const agent of [helpdesk, verifierA, admin]) {
          const res = await editSubmission(agent, sub.id, { ...(await formOf(agent, sub.id)), category: 'skp' });
          expect(res.body.record.errors.category.message).toBe(SUBMISSION_FIXED_FIELDS.category);
        }
        expect(await rowOf(sub.id)).toEqual(before);
        const inbox = await bkn.get(`${api('submissions')}/actions/list?filters.inbox=true&perPage=500`);
        expect((inbox.body.records as Array<{ id: string }>).map((r) => Number(r.id))).toContain(sub.id);
      }
    });

    it('a form loaded before a workflow action is refused as stale (the version moved)', async () => {
      const sub = await submission(f.opdA.id, 'submitted', 'jabatan');
      const stale = await formOf(helpdesk, sub.id);
      await t.services.workflow.transition(
        { id: f.users.verifierA.id, email: ROLE_EMAIL.verifier, role: 'verifier', opdId: f.opdA.id },
        sub.id,
        'returnForFix',
        { note: 'SK belum dilegalisir' },
      );
      const before = await rowOf(sub.id);
      expect(before.status).toBe('needs_fix');
      const res = await editSubmission(helpdesk, sub.id, {
        ...withProposal(stale, { jabatan: 'lama' }),
        status: 'needs_fix',
        lastNote: 'SK belum dilegalisir',
      });
      expect(notice(res)).toBe('error');
      expect(res.body.record.errors.version.message).toBe(CONCURRENT_UPDATE_MESSAGE);
      expect(await rowOf(sub.id)).toEqual(before);
      // reloaded, the fix goes through while it is back with the employee (needs_fix)
      const fresh = await editSubmission(
        helpdesk,
        sub.id,
        withProposal(await formOf(helpdesk, sub.id), { jabatan: 'Analis SDM Aparatur' }),
      );
      expect(notice(fresh)).toBe('success');
      expect((await rowOf(sub.id)).version).toBe((before.version as number) + 1);
    });

    it('outside the revise window only an admin with a reason changes the proposal (audited)', async () => {
      const sub = await submission(f.opdA.id, 'submitted', 'jabatan');
      await inPhase(t.db, f.campaign.id, 'after_deadline', async () => {
        const before = await rowOf(sub.id);
        const res = await editSubmission(helpdesk, sub.id, { 'proposedValues.jabatan': 'terlambat' });
        expect(notice(res)).toBe('error');
        expect(res.body.notice.message).toMatch(
          /Perubahan data usulan hanya dapat dilakukan pada tahap pemutakhiran mandiri atau verifikasi/,
        );
        expect(await rowOf(sub.id)).toEqual(before);
        const ok = await editSubmission(admin, sub.id, {
          'proposedValues.jabatan': 'dikoreksi',
          overrideReason: 'Salah ketik saat input helpdesk',
        });
        expect(notice(ok)).toBe('success');
        expect((await rowOf(sub.id)).proposedValues).toEqual({ jabatan: 'dikoreksi' });
        expect(await m().AuditLog.count({ where: { action: 'phase_override', recordId: String(sub.id), userId: f.users.admin.id } })).toBe(
          1,
        );
      });
    });
  });

  describe('helpdesk cross-OPD writes never move a submission out of its employee’s OPD', () => {
    const idsIn = (res: Response) => ((res.body.records ?? []) as Array<{ id: string }>).map((r) => Number(r.id));

    async function expectInvisibleToVerifierB(id: number) {
      const list = await verifierB.get(`${api('submissions')}/actions/list?perPage=500`);
      const inbox = await verifierB.get(`${api('submissions')}/actions/list?filters.inbox=true&perPage=500`);
      const search = await verifierB.get(`${api('submissions')}/actions/search?perPage=500`);
      const show = await verifierB.get(`${api('submissions')}/records/${id}/show`);
      for (const res of [list, inbox, search]) {
        expect(res.status).toBe(200);
        expect(idsIn(res)).not.toContain(id);
      }
      expect(notice(show)).toBe('error');
      expect(show.body.record.params).toEqual({});
      const verify = await verifierB
        .post(`${api('submissions')}/records/${id}/verify`)
        .type('form')
        .send({});
      expect(verify.status === 403 || notice(verify) === 'error').toBe(true);
      for (const res of [list, inbox, search, show, verify]) expect(res.text).not.toContain(PROPOSED_NIK);
    }

    it('edit opdId=<other OPD> is refused, also in a burst at once; the other OPD’s verifier never sees it nor its NIK', async () => {
      const sub = await submission(f.opdA.id, 'submitted', 'data_personal', { nik: PROPOSED_NIK, alamat: 'Jl. Lawu 9' });
      const before = await rowOf(sub.id);
      const answers = await Promise.all(
        Array.from({ length: BURST }, () => editSubmission(helpdesk, sub.id, { opdId: String(f.opdB.id) })),
      );
      for (const res of answers) {
        expect(notice(res)).toBe('error');
        expect(res.body.record.errors.opdId.message).toBe(SUBMISSION_FIXED_FIELDS.opdId);
      }
      const form = await formOf(helpdesk, sub.id);
      expect(JSON.parse(form.proposedValues)).toEqual({ nik: '3313xxxxxxxx0009', alamat: 'Jl. Lawu 9' });
      expect(JSON.stringify(form)).not.toContain(PROPOSED_NIK);
      const viaForm = await editSubmission(helpdesk, sub.id, { ...form, opdId: String(f.opdB.id), employeeId: String(f.empB[0].id) });
      expect(notice(viaForm)).toBe('error');
      expect(await rowOf(sub.id)).toEqual(before);
      await expectInvisibleToVerifierB(sub.id);
      // its own OPD's verifier sees it, NIK in full
      const own = await verifierA.get(`${api('submissions')}/records/${sub.id}/show`);
      expect(own.body.record.params['proposedValues.nik']).toBe(PROPOSED_NIK);
      // the helpdesk fixes the address in the form it sees (NIK masked): the stored NIK stays
      const fix = await editSubmission(helpdesk, sub.id, withProposal(form, { alamat: 'Jl. Lawu 10' }));
      expect(notice(fix)).toBe('success');
      expect((await rowOf(sub.id)).proposedValues).toEqual({ nik: PROPOSED_NIK, alamat: 'Jl. Lawu 10' });
      expect((await rowOf(sub.id)).opdId).toBe(f.opdA.id);
    });

    it('new for an employee of OPD A with opdId=<OPD B> lands in OPD A; OPD B’s verifier never sees it', async () => {
      const e = await freshEmployee(f.opdA.id);
      const res = await inPhase(t.db, f.campaign.id, 'self_update', () =>
        newSubmission(helpdesk, {
          employeeId: String(e.id),
          opdId: String(f.opdB.id),
          category: 'data_personal',
          'proposedValues.nik': PROPOSED_NIK,
        }),
      );
      expect(notice(res)).toBe('success');
      const row = (await m().Submission.findOne({ where: { employeeId: e.id } }))!;
      expect(row.opdId).toBe(f.opdA.id);
      expect((await m().SubmissionEvent.findOne({ where: { submissionId: row.id } }))!.opdId).toBe(f.opdA.id);
      await expectInvisibleToVerifierB(row.id);
      // and the helpdesk may still create for an employee of any OPD: there it lands in OPD B
      const b = await freshEmployee(f.opdB.id);
      const forB = await inPhase(t.db, f.campaign.id, 'self_update', () =>
        newSubmission(helpdesk, { employeeId: String(b.id), opdId: String(f.opdA.id), category: 'skp' }),
      );
      expect(notice(forB)).toBe('success');
      const rowB = (await m().Submission.findOne({ where: { employeeId: b.id } }))!;
      expect(rowB.opdId).toBe(f.opdB.id);
      const listA = await verifierA.get(`${api('submissions')}/actions/list?perPage=500`);
      expect(idsIn(listA)).not.toContain(rowB.id);
    });
  });

  describe('delete (an entry made by mistake)', () => {
    it('an admin deletes a submission nobody has verified and without documents; not a verified one, nor one with documents', async () => {
      const fresh = await submission(f.opdA.id, 'submitted', 'organisasi');
      await m().SubmissionEvent.create({
        submissionId: fresh.id,
        opdId: fresh.opdId,
        fromStatus: null,
        toStatus: 'submitted',
        actorUserId: null,
        actorRole: 'helpdesk',
        note: null,
        overrideReason: null,
      });
      const ok = await admin.post(`${api('submissions')}/records/${fresh.id}/delete`);
      expect(notice(ok)).toBe('success');
      expect(await m().Submission.findByPk(fresh.id)).toBeNull();
      expect(await m().AuditLog.count({ where: { action: 'delete', resource: 'submissions', recordId: String(fresh.id) } })).toBe(1);

      const verified = await submission(f.opdA.id, 'verified', 'organisasi');
      const refused = await admin.post(`${api('submissions')}/records/${verified.id}/delete`);
      expect(notice(refused)).toBe('error');
      expect(refused.body.notice.message).toMatch(/tidak dapat dihapus/);
      const withDoc = await submission(f.opdA.id, 'submitted', 'data_personal');
      await m().Document.create({
        submissionId: withDoc.id,
        opdId: withDoc.opdId,
        documentType: 'ktp',
        originalName: 'ktp.pdf',
        size: 10,
        sha256: `${unique()}`.padStart(64, 'e'),
        storageKey: `ee/${unique()}.pdf`,
        uploadedBy: null,
      });
      const withDocRes = await admin.post(`${api('submissions')}/bulk/bulkDelete?recordIds=${withDoc.id}`);
      expect(notice(withDocRes)).toBe('error');
      expect(withDocRes.body.notice.message).toMatch(/masih memiliki 1 dokumen/);
      expect(await m().Submission.count({ where: { id: { [Op.in]: [verified.id, withDoc.id] } } })).toBe(2);
    });

    it('a bulk delete is all or nothing: one submission that may not go keeps the whole selection, deletable ones included', async () => {
      const first = await submission(f.opdA.id, 'submitted', 'organisasi');
      const verified = await submission(f.opdA.id, 'verified', 'organisasi');
      const last = await submission(f.opdA.id, 'needs_fix', 'organisasi');
      const ids = [first.id, verified.id, last.id];
      const res = await admin.post(`${api('submissions')}/bulk/bulkDelete?recordIds=${ids.join(',')}`);
      expect(notice(res)).toBe('error');
      expect(res.body.notice.message).toMatch(/tidak dapat dihapus/);
      expect(await m().Submission.count({ where: { id: { [Op.in]: ids } } })).toBe(3);
      expect(
        await m().AuditLog.count({ where: { action: 'delete', resource: 'submissions', recordId: { [Op.in]: ids.map(String) } } }),
      ).toBe(0);

      // without the verified one, the selection goes as a whole, one audit row per submission
      const ok = await admin.post(`${api('submissions')}/bulk/bulkDelete?recordIds=${first.id},${last.id}`);
      expect(notice(ok)).toBe('success');
      expect(await m().Submission.count({ where: { id: { [Op.in]: [first.id, last.id] } } })).toBe(0);
      expect(
        await m().AuditLog.count({
          where: { action: 'delete', resource: 'submissions', recordId: { [Op.in]: [String(first.id), String(last.id)] } },
        }),
      ).toBe(2);
    });
  });
});
