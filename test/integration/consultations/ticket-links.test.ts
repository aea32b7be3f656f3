import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createTestApp, seedSmallRegency, login, type TestApp } from '../../helpers/app.js';
import { makePdf } from '../../helpers/pdf.js';
import { SYSTEM_ACTOR } from '../../../src/domain/shared/actor.js';

/**
 * Helpdesk tickets tied to what they are about, over HTTP: a ticket opened from a submission takes
 * its employee from it; an inconsistent link (another employee's submission, a scan of another
 * submission) is refused and writes nothing; the ticket page shows the submission's status and
 * history; resolving it leaves a note in the submission's history (status untouched), audited.
 */

const NEW = '/admin/api/resources/helpdesk_tickets/actions/new';
const EDIT = (id: number) => `/admin/api/resources/helpdesk_tickets/records/${id}/edit`;

interface Answer {
  notice?: { type: string; message: string };
  record?: { params: Record<string, unknown>; errors?: Record<string, { message: string }> };
}
const answer = (r: { body: unknown }) => r.body as Answer;

describe('helpdesk tickets linked to a submission or a document', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  let helpdesk: Awaited<ReturnType<typeof login>>;
  let subId: number;
  let otherSubId: number;
  let docOfOther: number;

  beforeAll(async () => {
    t = await createTestApp();
    s = await seedSmallRegency(t.db);
    const subs = await t.db.models.Submission.findAll({ order: [['id', 'ASC']] });
    subId = subs[0].id; // employee 0, OPD A
    otherSubId = subs[1].id; // employee 1, OPD A
    const up = await t.services.documents.upload(
      { ...SYSTEM_ACTOR, role: 'admin' },
      { submissionId: otherSubId, documentType: 'ktp', originalName: 'ktp.pdf', content: await makePdf('KTP pegawai lain') },
    );
    docOfOther = up.document.id;
    helpdesk = await login(t.app, 'helpdesk@uji.example');
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const ticketFields = (req: ReturnType<typeof helpdesk.post>) =>
    req.field('reporterName', 'Budi Santoso').field('kind', 'submission').field('description', 'Usul data personal belum diverifikasi');

  it('a ticket opened from a submission takes the employee, NIP and OPD from it; the link is audited', async () => {
    const res = await ticketFields(helpdesk.post(NEW).field('submissionId', String(subId)));
    expect(answer(res).notice?.type).toBe('success');
    const ticket = await t.db.models.HelpdeskTicket.findByPk(Number(answer(res).record!.params.id));
    expect(ticket).toMatchObject({ submissionId: subId, employeeId: s.employees[0].id, nip: s.employees[0].nip, opdId: s.opdA.id });
    const link = await t.db.models.AuditLog.findOne({ where: { action: 'ticket_link', recordId: String(ticket!.id) } });
    expect(link!.afterData).toEqual({ submissionId: subId, documentId: null });
  });

  it('refuses an inconsistent link in Indonesian and writes nothing', async () => {
    const before = await t.db.models.HelpdeskTicket.count();
    const audits = await t.db.models.AuditLog.count({ where: { resource: 'helpdesk_tickets', outcome: 'ok' } });
    // Another employee's submission.
    const wrongEmployee = await ticketFields(
      helpdesk.post(NEW).field('employeeId', String(s.employees[0].id)).field('submissionId', String(otherSubId)),
    );
    expect(answer(wrongEmployee).notice?.type).not.toBe('success');
    expect(answer(wrongEmployee).record!.errors!.submissionId.message).toBe(`Usul #${otherSubId} bukan usul pegawai tiket ini`);
    // A scan of another submission.
    const wrongDoc = await ticketFields(helpdesk.post(NEW).field('submissionId', String(subId)).field('documentId', String(docOfOther)));
    expect(answer(wrongDoc).record!.errors!.documentId.message).toBe(`Dokumen #${docOfOther} bukan dokumen usul #${subId}`);
    // A submission or document that does not exist.
    const missing = await ticketFields(helpdesk.post(NEW).field('submissionId', '999999'));
    expect(answer(missing).record!.errors!.submissionId.message).toBe('Usul #999999 tidak ditemukan');
    // An employee of another OPD with this submission.
    const otherOpd = await ticketFields(
      helpdesk.post(NEW).field('employeeId', String(s.employees[7].id)).field('submissionId', String(subId)),
    );
    expect(answer(otherOpd).notice?.type).not.toBe('success');
    expect(await t.db.models.HelpdeskTicket.count()).toBe(before);
    expect(await t.db.models.AuditLog.count({ where: { resource: 'helpdesk_tickets', outcome: 'ok' } })).toBe(audits);

    // A scan alone links its submission (and employee).
    const byDoc = await ticketFields(helpdesk.post(NEW).field('documentId', String(docOfOther)));
    expect(answer(byDoc).notice?.type).toBe('success');
    const ticket = await t.db.models.HelpdeskTicket.findByPk(Number(answer(byDoc).record!.params.id));
    expect(ticket).toMatchObject({ documentId: docOfOther, submissionId: otherSubId, employeeId: s.employees[1].id });
  });

  it('the ticket page shows the submission status and history; resolving writes a note in the history', async () => {
    const ticket = await t.db.models.HelpdeskTicket.findOne({ where: { submissionId: subId } });
    const sub = await t.db.models.Submission.findByPk(subId);
    const eventsBefore = await t.db.models.SubmissionEvent.count({ where: { submissionId: subId } });

    // Moving it along first, so the history has a step to show.
    const verifier = await login(t.app, 'verifikator.dinkes@uji.example');
    await t.services.documents.upload(
      { ...SYSTEM_ACTOR, role: 'admin' },
      { submissionId: subId, documentType: 'ktp', originalName: 'ktp.pdf', content: await makePdf('KTP Budi') },
    );
    const v = await verifier.post(`/admin/api/resources/submissions/records/${subId}/verify`).send({});
    expect(answer(v).notice?.type).toBe('success');

    const shown = await helpdesk.get(`/admin/api/resources/helpdesk_tickets/records/${ticket!.id}/linkedSubmission`);
    expect(shown.status).toBe(200);
    const linked = (shown.body as { linked: { statusLabel: string; history: Array<{ text: string; at: string }> } }).linked;
    expect(linked.statusLabel).toBe('Terverifikasi OPD');
    expect(linked.history.map((h) => h.text)).toContain('Input Berkas → Terverifikasi OPD');
    expect(linked.history[0].at).toMatch(/ WIB$/);

    const noResolution = await helpdesk.post(EDIT(ticket!.id)).field('status', 'resolved');
    expect(answer(noResolution).notice?.type).not.toBe('success');
    expect(await t.db.models.SubmissionEvent.count({ where: { submissionId: subId, kind: 'note' } })).toBe(0);

    const resolved = await helpdesk
      .post(EDIT(ticket!.id))
      .field('status', 'resolved')
      .field('resolution', 'Dokumen KTP diunggah ulang oleh helpdesk');
    expect(answer(resolved).notice?.type).toBe('success');
    const notes = await t.db.models.SubmissionEvent.findAll({ where: { submissionId: subId, kind: 'note' } });
    expect(notes).toHaveLength(1);
    const after = await t.db.models.Submission.findByPk(subId);
    expect(notes[0]).toMatchObject({
      fromStatus: 'verified',
      toStatus: 'verified',
      actorUserId: s.users.helpdesk.id,
      actorRole: 'helpdesk',
      note: `Tiket helpdesk #${ticket!.id} diselesaikan: Dokumen KTP diunggah ulang oleh helpdesk`,
    });
    // The note is no workflow step: status and version stay.
    expect(after!.status).toBe('verified');
    expect(after!.version).toBe(sub!.version + 2); // the upload and the verification, not the note
    expect(await t.db.models.SubmissionEvent.count({ where: { submissionId: subId } })).toBe(eventsBefore + 2);
    expect(await t.db.models.AuditLog.count({ where: { action: 'history_note', recordId: String(subId) } })).toBe(1);

    // The submission page shows it in the history, as a note.
    const detail = await verifier.get(`/admin/api/resources/submissions/records/${subId}/detail`);
    const history = (detail.body as { history: Array<{ kind: string; note: string }> }).history;
    expect(history.at(-1)).toMatchObject({ kind: 'note', note: notes[0].note });

    // Editing the resolved ticket again writes no second note.
    await helpdesk.post(EDIT(ticket!.id)).field('resolution', 'Dokumen KTP diunggah ulang oleh helpdesk (dicek ulang)');
    expect(await t.db.models.SubmissionEvent.count({ where: { submissionId: subId, kind: 'note' } })).toBe(1);
  });

  it('the verifier never reaches tickets, linked or not', async () => {
    const verifier = await login(t.app, 'verifikator.dinkes@uji.example');
    const ticket = await t.db.models.HelpdeskTicket.findOne({ where: { submissionId: subId } });
    const r = await verifier.get(`/admin/api/resources/helpdesk_tickets/records/${ticket!.id}/linkedSubmission`);
    expect(r.status).toBe(403);
    const created = await ticketFields(verifier.post(NEW).field('submissionId', String(subId)));
    expect(created.status).toBe(403);
  });
});
