import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type TestAgent from 'supertest/lib/agent.js';
import {
  createSecurityApp,
  deniedCount,
  inPhase,
  loginAs,
  newEmployeeValues,
  seedSecurityFixture,
  type Fixture,
  type SecurityApp,
} from '../../helpers/security-fixture.js';

/**
 * The paths around the plain CRUD matrix where rows of another OPD, hidden fields or the NIK
 * could leak or be written: forged opdId, references into another OPD, write-protected fields,
 * filters and sorting (incl. NIK probing), search and reference pickers, populated references.
 */

const MASKED = /^\d{4}x{8}\d{4}$/;
const FULL = /^\d{16}$/;
const api = (r: string) => `/admin/api/resources/${r}`;

describe('scoping and leaks', () => {
  let t: SecurityApp;
  let f: Fixture;
  let verifier: TestAgent;
  let head: TestAgent;
  let secretary: TestAgent;
  let helpdesk: TestAgent;
  let admin: TestAgent;
  beforeAll(async () => {
    t = await createSecurityApp();
    f = await seedSecurityFixture(t.db);
    [verifier, head, secretary, helpdesk, admin] = await Promise.all(
      [
        'verifikator.dinkes@uji.example',
        'kepala.dinkes@uji.example',
        'sekretaris.dinkes@uji.example',
        'helpdesk@uji.example',
        'admin@uji.example',
      ].map((e) => loginAs(t.app, e)),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  describe('opdId from the browser is never trusted for OPD-bound roles', () => {
    it('create: an employee and a submission land in the verifier’s own OPD whatever opdId was sent', async () => {
      const v = newEmployeeValues(f.opdB.id, 'Pegawai Titipan');
      const res = await verifier
        .post(`${api('employees')}/actions/new`)
        .type('form')
        .send({ ...v, opdId: String(f.opdB.id) });
      expect(res.body.notice.type).toBe('success');
      const created = await t.db.models.Employee.findOne({ where: { nip: v.nip } });
      expect(created!.opdId).toBe(f.opdA.id);

      // New submissions are taken in the self-update phase (the fixture is in verification).
      const sub = await inPhase(t.db, f.campaign.id, 'self_update', () =>
        verifier
          .post(`${api('submissions')}/actions/new`)
          .type('form')
          .send({ employeeId: String(created!.id), opdId: String(f.opdB.id), category: 'diklat', submittedAt: new Date().toISOString() }),
      );
      expect(sub.body.notice.type).toBe('success');
      const row = await t.db.models.Submission.findOne({ where: { employeeId: created!.id, category: 'diklat' } });
      expect(row!.opdId).toBe(f.opdA.id);
    });

    it('edit: moving an own employee to another OPD is ignored', async () => {
      const e = f.empA[3];
      const res = await verifier
        .post(`${api('employees')}/records/${e.id}/edit`)
        .type('form')
        .send({ opdId: String(f.opdB.id), phone: '0811111' });
      expect(res.body.notice.type).toBe('success');
      const row = await t.db.models.Employee.findByPk(e.id);
      expect(row!.opdId).toBe(f.opdA.id);
      expect(row!.phone).toBe('0811111');
    });

    it('a row cannot point into another OPD: a submission for an employee of OPD B is refused, audited', async () => {
      const before = await deniedCount(t.db, 'verifikator.dinkes@uji.example');
      const count = await t.db.models.Submission.count();
      const res = await verifier
        .post(`${api('submissions')}/actions/new`)
        .type('form')
        .send({ employeeId: String(f.empB[1].id), category: 'skp', submittedAt: new Date().toISOString() });
      expect(res.body.notice.type).toBe('error');
      expect(res.body.record.errors.employeeId.message).toMatch(/di luar wewenang/);
      expect(await t.db.models.Submission.count()).toBe(count);
      // nor can an own submission be re-pointed at one
      const own = f.subsA[1];
      const edit = await verifier
        .post(`${api('submissions')}/records/${own.id}/edit`)
        .type('form')
        .send({ employeeId: String(f.empB[1].id) });
      expect(edit.body.record.errors.employeeId).toBeDefined();
      expect((await t.db.models.Submission.findByPk(own.id))!.employeeId).toBe(own.employeeId);
      expect(await deniedCount(t.db, 'verifikator.dinkes@uji.example')).toBeGreaterThanOrEqual(before + 2);
      // the echo of the refused form carries nothing of OPD B
      for (const s of f.opdBStrings) expect(res.text + edit.text).not.toContain(s);
    });

    it('status and decision fields change only through the workflow, never through edit', async () => {
      const own = f.subsA[2];
      const res = await verifier
        .post(`${api('submissions')}/records/${own.id}/edit`)
        .type('form')
        .send({
          status: 'approved',
          decidedAt: new Date().toISOString(),
          verifiedAt: new Date().toISOString(),
          lastNote: 'palsu',
          version: '99',
        });
      expect(res.status).toBe(200);
      const row = await t.db.models.Submission.findByPk(own.id);
      expect(row!.status).toBe('submitted');
      expect(row!.decidedAt).toBeNull();
      expect(row!.verifiedAt).toBeNull();
      expect(row!.version).toBe(own.version);
    });
  });

  describe('filters, sorting and search', () => {
    it('a filter on another OPD returns nothing, and its label is not looked up', async () => {
      const res = await verifier.get(`${api('employees')}/actions/list?filters.opdId=${f.opdB.id}&perPage=100`);
      expect(res.status).toBe(200);
      expect(res.body.meta.total).toBe(0);
      expect(res.body.records).toHaveLength(0);
      for (const s of f.opdBStrings) expect(res.text).not.toContain(s);
      const bkn = await loginAs(t.app, 'bkn@uji.example');
      const outside = await bkn.get(`${api('submissions')}/actions/list?filters.category=data_personal`);
      expect(outside.body.meta.total).toBe(0);
    });

    it('NIK cannot be probed by roles that see it masked: filter, search property and sort on it are refused', async () => {
      const nik = f.empA[0].nik!;
      for (const agent of [head, secretary, helpdesk]) {
        const filter = await agent.get(`${api('employees')}/actions/list?filters.nik=${nik.slice(0, 8)}`);
        expect(filter.status).toBe(403);
        const search = await agent.get(`${api('employees')}/actions/search/${nik.slice(0, 8)}?searchProperty=nik`);
        expect(search.status).toBe(403);
        // a sort on it would order the rows by the hidden digits: refused like the filter
        const sorted = await agent.get(`${api('employees')}/actions/list?sortBy=nik&direction=asc&perPage=100`);
        expect(sorted.status).toBe(403);
        expect(sorted.body.records).toBeUndefined();
      }
      expect(
        await t.db.models.AuditLog.count({ where: { action: 'denied', userEmail: 'helpdesk@uji.example', resource: 'employees' } }),
      ).toBeGreaterThanOrEqual(3);
      // Roles that see NIK in full may search by it.
      const ok = await verifier.get(`${api('employees')}/actions/list?filters.nik=${nik}`);
      expect(ok.body.meta.total).toBe(1);
    });

    it('unknown filters and sort columns are refused (403, audited), never a server error', async () => {
      const denials = () => deniedCount(t.db, 'admin@uji.example');
      let before = await denials();
      const unknownFilter = await admin.get(`${api('employees')}/actions/list?filters.passwordHash=x`);
      expect(unknownFilter.status).toBe(403);
      const secretFilter = await admin.get(`${api('users')}/actions/list?filters.passwordHash=$2`);
      expect(secretFilter.status).toBe(403);
      expect(await denials()).toBe(before + 2);
      for (const sortBy of ['nonexistent', 'name;DROP TABLE employees', 'passwordHash', '$nested.column$', 'sessionVersion']) {
        before = await denials();
        const res = await admin.get(`${api('users')}/actions/list?sortBy=${encodeURIComponent(sortBy)}&direction=desc`);
        expect(res.status).toBe(403);
        expect(res.body.records).toBeUndefined();
        expect(await denials()).toBe(before + 1);
      }
      expect(await t.db.models.Employee.count()).toBeGreaterThan(0);
      // an allowed sort still works
      const ok = await admin.get(`${api('users')}/actions/list?sortBy=email&direction=desc`);
      expect(ok.status).toBe(200);
      expect(ok.body.records.length).toBeGreaterThan(0);
    });

    it('search (reference pickers, filter selects, the old /search/:q URL) returns only own-OPD rows', async () => {
      const nameB = f.empB[0].name;
      for (const url of [
        `${api('employees')}/search/${encodeURIComponent(nameB)}`,
        `${api('employees')}/actions/search/${encodeURIComponent(nameB)}`,
        `${api('employees')}/actions/search/Pegawai?filters.opdId=${f.opdB.id}`,
        `${api('opds')}/actions/search/Jaten`,
        `${api('submissions')}/actions/search?perPage=100`,
      ]) {
        const res = await verifier.get(url);
        expect(res.status).toBe(200);
        for (const r of res.body.records) {
          const opd = r.params.opdId ?? r.params.id;
          expect(Number(opd)).toBe(f.opdA.id);
        }
        for (const s of f.opdBStrings) expect(res.text).not.toContain(s);
      }
      const picker = await verifier.get(`${api('employees')}/actions/search/Pegawai`);
      expect(picker.body.records.length).toBe(await t.db.models.Employee.count({ where: { opdId: f.opdA.id } }));
    });
  });

  describe('records, references and hidden fields', () => {
    it('populated references are scoped too: a verifier’s submissions carry only own-OPD employees', async () => {
      const res = await verifier.get(`${api('submissions')}/actions/list?perPage=100`);
      expect(res.status).toBe(200);
      for (const r of res.body.records) {
        const emp = r.populated.employeeId;
        expect(emp).toBeTruthy();
        expect(emp.params.opdId).toBe(f.opdA.id);
        expect(emp.params.nik).toMatch(FULL); // verifiers see NIK
      }
      // A reference the role may not read (users) is left unpopulated instead of failing the list.
      await t.db.models.SubmissionEvent.update({ actorUserId: f.users.verifierA.id }, { where: { opdId: f.opdA.id } });
      const events = await secretary.get(`${api('submission_events')}/actions/list?perPage=100`);
      expect(events.status).toBe(200);
      expect(events.body.meta.total).toBe(await t.db.models.SubmissionEvent.count({ where: { opdId: f.opdA.id } }));
      for (const r of events.body.records) expect(r.populated.actorUserId).toBeUndefined();
      expect(events.text).not.toContain('verifikator.dinkes@uji.example');
      // and so does filtering by such a reference
      await t.db.models.HelpdeskTicket.update({ handlerUserId: f.users.admin.id }, { where: { id: f.ticketA.id } });
      const tickets = await helpdesk.get(`/admin/api/resources/helpdesk_tickets/actions/list?filters.handlerUserId=${f.users.admin.id}`);
      expect(tickets.status).toBe(200);
      expect(tickets.body.meta.total).toBe(1);
      expect(tickets.text).not.toContain('passwordHash');
    });

    it('a secretary sees the employees behind own-OPD submissions with the NIK masked', async () => {
      const res = await secretary.get(`${api('submissions')}/actions/list?perPage=100`);
      expect(res.body.records.length).toBeGreaterThan(0);
      for (const r of res.body.records) expect(r.populated.employeeId.params.nik).toMatch(MASKED);
    });

    it('never sends secrets or storage paths: password hashes, session versions, storage keys, workbook paths', async () => {
      const users = await admin.get(`${api('users')}/actions/list?perPage=100`);
      const docs = await admin.get(`${api('documents')}/actions/list?perPage=100`);
      const doc = await admin.get(`${api('documents')}/records/${f.docA.id}/show`);
      const deliveries = await admin.get(`${api('report_deliveries')}/actions/list?perPage=100`);
      for (const res of [users, docs, doc, deliveries]) {
        expect(res.status).toBe(200);
        expect(res.text).not.toMatch(/passwordHash|sessionVersion|storageKey|workbookPath/);
        expect(res.text).not.toMatch(/\$2[aby]\$/);
      }
      expect(docs.text).not.toContain(f.docA.storageKey);
      expect(deliveries.text).not.toContain(f.deliveryA.workbookPath!);
    });

    it('a refused record action answers with an error and never the record', async () => {
      const noRight = await verifier.get(`${api('users')}/records/${f.users.verifierB.id}/show`);
      expect(noRight.status).toBe(403);
      expect(noRight.body.record).toBeUndefined();
      expect(noRight.text).not.toContain('verifikator.jaten');
      const outside = await verifier.get(`${api('employees')}/records/${f.empB[0].id}/edit`);
      expect(outside.body.notice.type).toBe('error');
      expect(outside.body.record.params).toEqual({});
      const readOnly = await head.get(`${api('employees')}/records/${f.empA[0].id}/edit`);
      expect(readOnly.status).toBe(403);
      expect(readOnly.text).not.toContain(f.empA[0].nip);
    });

    it('a bulk delete within the scope removes every selected row', async () => {
      const a = await t.db.models.Employee.create(newEmployeeValues(f.opdA.id));
      const b = await t.db.models.Employee.create(newEmployeeValues(f.opdB.id));
      const res = await admin.post(`${api('employees')}/bulk/bulkDelete?recordIds=${a.id},${b.id}`);
      expect(res.status).toBe(200);
      expect(res.body.notice.type).toBe('success');
      expect(await t.db.models.Employee.count({ where: { id: [a.id, b.id] } })).toBe(0);
      expect(
        await t.db.models.AuditLog.count({ where: { action: 'delete', resource: 'employees', recordId: [String(a.id), String(b.id)] } }),
      ).toBe(2);
    });

    it('a bulk delete with one row still in use deletes nothing: the database refusal undoes the rows before it', async () => {
      const free = await t.db.models.Employee.create(newEmployeeValues(f.opdA.id));
      const inUse = f.empA[5]; // has submissions (restricted foreign key)
      expect(await t.db.models.Submission.count({ where: { employeeId: inUse.id } })).toBeGreaterThan(0);
      const res = await admin.post(`${api('employees')}/bulk/bulkDelete?recordIds=${free.id},${inUse.id}`);
      expect(res.body.notice.type).toBe('error');
      expect(res.body.notice.message).toMatch(/masih dipakai/);
      // The answer is final: no delete of the selection still runs after it (they ran as one transaction).
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await t.db.models.Employee.count({ where: { id: [free.id, inUse.id] } })).toBe(2);
      expect(
        await t.db.models.AuditLog.count({
          where: { action: 'delete', resource: 'employees', recordId: [String(free.id), String(inUse.id)] },
        }),
      ).toBe(0);
    });

    it('a scan of another OPD is not served by the document route', async () => {
      const before = await deniedCount(t.db, 'verifikator.dinkes@uji.example');
      const res = await verifier.get(`/admin/documents/${f.docB.id}/file`);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).not.toMatch(/pdf/);
      expect(await deniedCount(t.db, 'verifikator.dinkes@uji.example')).toBeGreaterThan(before);
    });
  });

  describe('NIK masking', () => {
    const roles: Array<[string, RegExp]> = [
      ['admin@uji.example', FULL],
      ['approver@uji.example', FULL],
      ['verifikator.dinkes@uji.example', FULL],
      ['helpdesk@uji.example', MASKED],
      ['bkn@uji.example', MASKED],
      ['sekretaris.dinkes@uji.example', MASKED],
      ['kepala.dinkes@uji.example', MASKED],
      ['bupati@uji.example', MASKED],
    ];
    it.each(roles)('%s: list, show and search show NIK as %p', async (email, shape) => {
      const agent = await loginAs(t.app, email);
      const list = await agent.get(`${api('employees')}/actions/list?perPage=100`);
      expect(list.body.records.length).toBeGreaterThan(0);
      for (const r of list.body.records) expect(r.params.nik).toMatch(shape);
      const first = list.body.records[0];
      const show = await agent.get(`${api('employees')}/records/${first.id}/show`);
      expect(show.body.record.params.nik).toMatch(shape);
      const search = await agent.get(`${api('employees')}/actions/search?perPage=100`);
      for (const r of search.body.records) expect(r.params.nik).toMatch(shape);
      if (shape === MASKED) {
        const full = await t.db.models.Employee.findAll({ attributes: ['nik'] });
        for (const e of full) for (const body of [list.text, show.text, search.text]) expect(body).not.toContain(e.nik!);
      }
    });

    it('a NIK proposed in a data_personal submission is masked like the employee’s', async () => {
      const e = f.empA[5];
      const sub = await t.db.models.Submission.create({
        employeeId: e.id,
        opdId: e.opdId,
        campaignId: f.campaign.id,
        category: 'data_personal',
        proposedValues: { nik: '3313066101900009', alamat: 'Jl. Baru' },
        submittedAt: new Date(Date.now() - 3600000),
        verifiedAt: null,
        validatedAt: null,
        decidedAt: null,
        lastNote: null,
      });
      const shown = await head.get(`${api('submissions')}/records/${sub.id}/show`);
      expect(shown.body.record.params['proposedValues.nik']).toBe('3313xxxxxxxx0009');
      expect(shown.text).not.toContain('3313066101900009');
      const full = await verifier.get(`${api('submissions')}/records/${sub.id}/show`);
      expect(full.body.record.params['proposedValues.nik']).toBe('3313066101900009');
      // the helpdesk edits the proposal: the masked NIK in the form does not replace the real one
      const edit = await helpdesk
        .post(`${api('submissions')}/records/${sub.id}/edit`)
        .type('form')
        .send({ 'proposedValues.nik': '3313xxxxxxxx0009', 'proposedValues.alamat': 'Jl. Lain' });
      expect(edit.body.notice.type).toBe('success');
      const stored = (await t.db.models.Submission.findByPk(sub.id))!.proposedValues as Record<string, string>;
      expect(stored).toEqual({ nik: '3313066101900009', alamat: 'Jl. Lain' });
    });

    it('a masked NIK sent back by an edit form does not overwrite the stored one', async () => {
      const e = f.empA[4];
      const res = await helpdesk
        .post(`${api('employees')}/records/${e.id}/edit`)
        .type('form')
        .send({ nik: '3313xxxxxxxx0005', phone: '0822' });
      expect(res.body.notice.type).toBe('success');
      expect((await t.db.models.Employee.findByPk(e.id))!.nik).toBe(e.nik);
    });

    it('a NIK typed with capital X is not taken for the mask: it is refused as an invalid NIK, the stored one stays', async () => {
      const e = f.empA[4];
      const res = await helpdesk
        .post(`${api('employees')}/records/${e.id}/edit`)
        .type('form')
        .send({ nik: '3313XXXXXXXX0005', phone: '0833' });
      expect(res.body.notice.type).toBe('error');
      expect(res.body.record.errors.nik.message).toMatch(/NIK/);
      const stored = (await t.db.models.Employee.findByPk(e.id))!;
      expect([stored.nik, stored.phone]).toEqual([e.nik, '0822']);
    });
  });
});
