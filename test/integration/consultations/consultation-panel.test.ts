import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { Op } from 'sequelize';
import { createTestApp, seedSmallRegency, login, type TestApp } from '../../helpers/app.js';
import { makePdf } from '../../helpers/pdf.js';
import type { Actor } from '../../../src/domain/shared/actor.js';

/**
 * The consultation thread over HTTP, as the panel uses it: asking (with a PDF), answering,
 * closing, the thread on the submission page, the inbox flag, scoping across OPDs and roles (with
 * foreign ids and every HTTP method), and that no path edits or deletes a message once sent.
 */

const ASK = (id: number) => `/admin/api/resources/submissions/records/${id}/consultAsk`;
const ANSWER = (id: number) => `/admin/api/resources/submissions/records/${id}/consultAnswer`;
const CLOSE = (id: number) => `/admin/api/resources/submissions/records/${id}/consultClose`;
const DETAIL = (id: number) => `/admin/api/resources/submissions/records/${id}/detail`;
const ATTACHMENT = (id: number) => `/admin/consultations/messages/${id}/attachment`;
const WIB = /^\d{1,2} (Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des) \d{4} \d{2}\.\d{2} WIB$/;

interface Msg {
  id: number;
  kind: string;
  kindLabel: string;
  authorName: string;
  roleLabel: string;
  at: string;
  attachment: unknown;
}
interface Thread {
  awaitingBkpsdm: boolean;
  awaitingLabel: string | null;
  canAsk: boolean;
  canAnswer: boolean;
  consultations: Array<{ statusLabel: string; messages: Msg[] }>;
}
interface QueueItem {
  submissionId: number;
  ageDays: number;
  waitingSince: string;
  askedBy: string;
  [k: string]: unknown;
}
interface Answer {
  notice?: { type: string; message: string };
  thread?: Thread;
  consultation?: Thread;
  records?: Array<{ id: string; params: Record<string, unknown> }>;
  record?: unknown;
  bkpsdmQueue?: { questions: { total: number; items: QueueItem[] }; tickets: { total: number; items: QueueItem[] } } | null;
}
/** A panel answer, typed as far as these tests read it. */
const b = (r: { body: unknown }): Answer => r.body ?? {};

describe('consultation with BKPSDM on a submission (panel, HTTP)', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  let subA: number; // OPD A
  let subA2: number; // OPD A, untouched by the others
  let agents: Record<string, Awaited<ReturnType<typeof login>>>;
  const storageDir = () => path.join(t.config.uploadDir, 'consultations');
  const filesStored = () => {
    const dir = storageDir();
    if (!fs.existsSync(dir)) return 0;
    return fs.readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.pdf')).length;
  };
  const state = async () => ({
    consultations: JSON.stringify(
      (await t.db.models.Consultation.findAll({ order: [['id', 'ASC']] })).map((c) => [c.id, c.status, c.submissionId]),
    ),
    messages: JSON.stringify(
      (await t.db.models.ConsultationMessage.findAll({ order: [['id', 'ASC']] })).map((m) => [m.id, m.body, m.attachmentSha256]),
    ),
    notices: await t.db.models.ConsultationNotice.count(),
    awaiting: JSON.stringify((await t.db.models.Submission.findAll({ order: [['id', 'ASC']] })).map((x) => x.awaitingBkpsdm)),
    files: filesStored(),
    okAudits: await t.db.models.AuditLog.count({ where: { action: { [Op.like]: 'consult_%' }, outcome: 'ok' } }),
  });
  const denied = () => t.db.models.AuditLog.count({ where: { outcome: 'denied' } });

  beforeAll(async () => {
    t = await createTestApp();
    s = await seedSmallRegency(t.db);
    const subs = await t.db.models.Submission.findAll({ order: [['id', 'ASC']] });
    subA = subs.find((x) => x.opdId === s.opdA.id)!.id;
    subA2 = subs.filter((x) => x.opdId === s.opdA.id)[1].id;
    agents = {};
    for (const [k, email] of Object.entries({
      verifierA: 'verifikator.dinkes@uji.example',
      verifierB: 'verifikator.jaten@uji.example',
      approver: 'approver@uji.example',
      helpdesk: 'helpdesk@uji.example',
      bkn: 'bkn@uji.example',
      secretaryA: 'sekretaris.dinkes@uji.example',
      headA: 'kepala.dinkes@uji.example',
      regent: 'bupati@uji.example',
      admin: 'admin@uji.example',
    }))
      agents[k] = await login(t.app, email);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('the verifier asks with a PDF: thread, attachment, inbox flag and audit, in one go', async () => {
    const pdf = await makePdf('Ijazah luar negeri');
    const res = await agents.verifierA
      .post(ASK(subA))
      .field('body', 'Ijazah luar negeri, perlu penyetaraan?')
      .attach('attachment', pdf, { filename: 'ijazah-ln.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(200);
    expect(b(res).notice).toEqual({ message: 'Pertanyaan terkirim ke BKPSDM', type: 'success' });

    const c = await t.db.models.Consultation.findOne({ where: { submissionId: subA } });
    expect(c).toMatchObject({ status: 'open', openedByUserId: s.users.verifierA.id, openedByRole: 'verifier' });
    const [m] = await t.db.models.ConsultationMessage.findAll({ where: { consultationId: c!.id } });
    expect(m).toMatchObject({ kind: 'question', body: 'Ijazah luar negeri, perlu penyetaraan?', authorUserId: s.users.verifierA.id });
    expect(m.attachmentName).toBe('ijazah-ln.pdf');
    expect(m.attachmentSize).toBe(pdf.length);
    expect(fs.readFileSync(path.join(storageDir(), m.attachmentStorageKey!))).toEqual(pdf);
    expect((await t.db.models.Submission.findByPk(subA))!.awaitingBkpsdm).toBe(true);
    const audit = await t.db.models.AuditLog.findOne({ where: { action: 'consult_ask', recordId: String(subA) } });
    expect(audit).toMatchObject({ outcome: 'ok', userEmail: 'verifikator.dinkes@uji.example', opdId: s.opdA.id });
    // The storage key never leaves the server (the redaction list), not even in the audit row.
    expect(JSON.stringify(res.body)).not.toContain(m.attachmentStorageKey!);

    // The thread on the submission page: who (name + role), when (d MMM yyyy HH.mm WIB), the file's link.
    const detail = await agents.verifierA.get(DETAIL(subA));
    expect(detail.status).toBe(200);
    const th = b(detail).consultation!;
    expect(th).toMatchObject({ awaitingBkpsdm: true, awaitingLabel: 'menunggu jawaban BKPSDM', canAsk: true, canAnswer: false });
    const msg = th.consultations[0].messages[0];
    expect(msg).toMatchObject({ kindLabel: 'Pertanyaan', authorName: 'verifikator.dinkes', roleLabel: 'Verifikator OPD' });
    expect(msg.at).toMatch(WIB);
    expect(msg.attachment).toEqual({ name: 'ijazah-ln.pdf', size: pdf.length, url: ATTACHMENT(m.id) });
    expect(th.consultations[0].statusLabel).toBe('Menunggu jawaban BKPSDM');

    // The inbox (the verifier's list of what waits for them) shows it.
    const list = await agents.verifierA.get('/admin/api/resources/submissions/actions/list?filters.inbox=true&perPage=50');
    const row = b(list).records!.find((r: { id: string }) => Number(r.id) === subA);
    expect(row!.params.awaitingBkpsdm).toBe(true);
    const other = b(list).records!.find((r: { id: string }) => Number(r.id) === subA2);
    expect(other!.params.awaitingBkpsdm).toBe(false);

    // The attached PDF: for the parties in scope; another OPD's verifier and the monitoring roles get "not found".
    const file = await agents.verifierA.get(ATTACHMENT(m.id));
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(Buffer.from(file.body as Buffer)).toEqual(pdf);
    expect((await agents.approver.get(ATTACHMENT(m.id))).status).toBe(200);
    for (const who of ['verifierB', 'secretaryA', 'regent', 'bkn']) {
      const r = await agents[who].get(ATTACHMENT(m.id));
      expect({ who, status: r.status }).toEqual({ who, status: 404 });
      expect(r.headers['content-type']).not.toBe('application/pdf');
    }
  });

  it('refuses a non-PDF attachment in Indonesian and writes nothing (no row, no file, no flag)', async () => {
    const before = await state();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Buffer.alloc(64)]);
    const res = await agents.verifierA
      .post(ASK(subA2))
      .field('body', 'Apakah foto ini bisa dipakai sebagai KTP?')
      .attach('attachment', png, { filename: 'ktp.pdf', contentType: 'application/pdf' });
    expect(b(res).notice?.type).toBe('error');
    expect(b(res).notice?.message).toBe('Lampiran ditolak: Berkas bukan PDF: isinya gambar PNG. Unggah hasil pindai dalam format PDF');
    const empty = await agents.verifierA.post(ASK(subA2)).field('body', 'tdk');
    expect(b(empty).notice).toEqual({ message: 'Pertanyaan wajib diisi, minimal 5 karakter', type: 'error' });
    expect(await state()).toEqual(before);
    // The temp file of the upload is gone too (nothing under the OS temp dir names it).
    expect(JSON.stringify(res.body)).not.toMatch(/\/tmp\//);
  });

  it('another OPD, the wrong roles and foreign ids: nothing seen, nothing written, every method', async () => {
    const before = await state();
    const deniedBefore = await denied();
    // Another OPD's verifier: show, the detail (the thread), ask and answer on OPD A's submission.
    const show = await agents.verifierB.get(`/admin/api/resources/submissions/records/${subA}/show`);
    expect(JSON.stringify(show.body)).not.toContain('penyetaraan');
    const detail = await agents.verifierB.get(DETAIL(subA));
    expect(b(detail).consultation).toBeUndefined();
    expect(JSON.stringify(detail.body)).not.toContain('penyetaraan');
    for (const url of [ASK(subA), ANSWER(subA), CLOSE(subA)]) {
      const r = await agents.verifierB.post(url).field('body', 'Pertanyaan dari OPD lain');
      expect({ url, ok: b(r).notice?.type === 'success' }).toEqual({ url, ok: false });
      expect(JSON.stringify(r.body)).not.toContain('penyetaraan');
    }
    // The service itself, with the foreign id: "not found", as for the submission.
    const verifierB: Actor = { id: s.users.verifierB.id, email: 'verifikator.jaten@uji.example', role: 'verifier', opdId: s.opdB.id };
    await expect(t.services.consultations.thread(verifierB, subA)).rejects.toMatchObject({ code: 'not_found' });
    await expect(t.services.consultations.ask(verifierB, subA, { body: 'Pertanyaan dari OPD lain' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(t.services.consultations.ask(verifierB, 999_999, { body: 'Usul yang tidak ada' })).rejects.toMatchObject({
      code: 'not_found',
    });
    // Roles without the grant, in scope: refused (403), audited.
    const refusals: Array<[string, string]> = [
      ['secretaryA', ASK(subA)],
      ['headA', ASK(subA)],
      ['regent', ANSWER(subA)],
      ['helpdesk', ASK(subA)],
      ['approver', ASK(subA)],
      ['verifierA', ANSWER(subA)],
      ['bkn', ANSWER(subA)],
      // data_personal is not validated by Kanreg BKN: the validator does not see the submission at all.
      ['bkn', ASK(subA)],
    ];
    for (const [who, url] of refusals) {
      const r = await agents[who].post(url).field('body', 'Pertanyaan tanpa wewenang');
      expect({ who, url, ok: b(r).notice?.type === 'success' }).toEqual({ who, url, ok: false });
    }
    // Every HTTP method on the actions: GET changes nothing, HEAD is refused (405), others are no route.
    for (const url of [ASK(subA), ANSWER(subA), CLOSE(subA)]) {
      for (const agent of [agents.verifierA, agents.approver, agents.verifierB]) {
        const get = await agent.get(url);
        expect(b(get).notice?.type).not.toBe('success');
        expect((await agent.head(url)).status).toBe(405);
        for (const method of ['put', 'patch', 'delete'] as const) {
          const r = await agent[method](url).send({ body: 'lewat metode lain' });
          expect({ url, method, ok: r.status < 300 }).toEqual({ url, method, ok: false });
        }
      }
    }
    // A cross-site POST (another Origin) is refused before any action runs.
    const evil = await agents.verifierA
      .post(ASK(subA2))
      .set('Origin', 'https://evil.example')
      .field('body', 'Pertanyaan palsu lintas situs');
    expect(evil.status).toBe(403);
    expect(await state()).toEqual(before);
    expect(await denied()).toBeGreaterThan(deniedBefore);
  });

  it('BKPSDM answers: the thread is answered, the flag drops, one notice waits for the asker', async () => {
    const res = await agents.approver.post(ANSWER(subA)).field('body', 'Perlu penyetaraan ijazah dari Kemendikbudristek.');
    expect(b(res).notice?.type).toBe('success');
    expect(b(res).thread!.consultations[0].messages.map((m: { kind: string }) => m.kind)).toEqual(['question', 'answer']);
    const c = await t.db.models.Consultation.findOne({ where: { submissionId: subA } });
    expect(c!.status).toBe('answered');
    expect((await t.db.models.Submission.findByPk(subA))!.awaitingBkpsdm).toBe(false);
    const notices = await t.db.models.ConsultationNotice.findAll();
    expect(notices.map((n) => [n.recipient, n.status])).toEqual([['verifikator.dinkes@uji.example', 'pending']]);
    expect(await t.db.models.AuditLog.count({ where: { action: 'consult_answer', recordId: String(subA), outcome: 'ok' } })).toBe(1);

    // The verifier sees the answer with who and when; the approver's dashboard queue is empty again.
    const detail = await agents.verifierA.get(DETAIL(subA));
    const answer = b(detail).consultation!.consultations[0].messages[1];
    expect(answer).toMatchObject({ kindLabel: 'Jawaban', authorName: 'approver', roleLabel: 'Persetujuan BKPSDM' });
    expect(answer.at).toMatch(WIB);
    expect(b(detail).consultation!.awaitingLabel).toBeNull();
    // A helpdesk officer may answer too (a follow-up answer in the same thread: a second notice).
    const more = await agents.helpdesk.post(ANSWER(subA)).field('body', 'Unggah juga surat penyetaraannya setelah terbit.');
    expect(b(more).notice?.type).toBe('success');
    expect(await t.db.models.ConsultationNotice.count()).toBe(2);
  });

  it('nothing is editable after it is sent: no generic edit or delete, no service path, no panel resource', async () => {
    const messages = await t.db.models.ConsultationMessage.findAll({ order: [['id', 'ASC']] });
    const before = await state();
    const id = messages[0].id;
    for (const resource of ['consultation_messages', 'consultations', 'consultation_notices']) {
      for (const [method, url] of [
        ['post', `/admin/api/resources/${resource}/records/${id}/edit`],
        ['post', `/admin/api/resources/${resource}/records/${id}/delete`],
        ['post', `/admin/api/resources/${resource}/bulk/bulkDelete?recordIds=${id}`],
        ['post', `/admin/api/resources/${resource}/actions/new`],
        ['get', `/admin/api/resources/${resource}/actions/list`],
        ['get', `/admin/api/resources/${resource}/records/${id}/show`],
      ] as const) {
        const r = await agents.admin[method](url).send({ body: 'diubah', status: 'closed' });
        expect({ url, ok: r.status < 300 && !!b(r).record }).toEqual({ url, ok: false });
      }
    }
    // The generic write path (RecordService) refuses the tables whatever the role.
    const admin: Actor = { id: s.users.admin.id, email: 'admin@uji.example', role: 'admin', opdId: null };
    await expect(t.records.update(admin, 'consultation_messages', id, { body: 'diubah' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(t.records.delete(admin, 'consultation_messages', id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(t.records.create(admin, 'consultation_messages', { body: 'sisipan' })).rejects.toMatchObject({ code: 'forbidden' });
    // The submission's own edit form cannot clear the inbox flag either (not a writable field).
    await t.db.models.Submission.update({ awaitingBkpsdm: true }, { where: { id: subA2 } });
    await agents.verifierA.post(`/admin/api/resources/submissions/records/${subA2}/edit`).field('awaitingBkpsdm', 'false');
    expect((await t.db.models.Submission.findByPk(subA2))!.awaitingBkpsdm).toBe(true);
    await t.db.models.Submission.update({ awaitingBkpsdm: false }, { where: { id: subA2 } });
    // The service has no edit or delete of a message at all.
    const service = t.services.consultations as unknown as Record<string, unknown>;
    for (const name of ['edit', 'update', 'delete', 'remove', 'editMessage', 'deleteMessage']) expect(service[name]).toBeUndefined();
    expect(await state()).toEqual(before);
  });

  it('closing: the asker closes, a new question opens a new thread; the BKN validator asks on its categories', async () => {
    const closed = await agents.verifierA.post(CLOSE(subA)).send({});
    expect(b(closed).notice).toEqual({ message: 'Konsultasi ditutup', type: 'success' });
    expect((await t.db.models.Consultation.findOne({ where: { submissionId: subA } }))!.status).toBe('closed');
    const again = await agents.approver.post(CLOSE(subA)).send({});
    expect(b(again).notice?.type).toBe('error');
    expect(b(again).notice?.message).toBe(`Tidak ada konsultasi terbuka pada usul #${subA}`);
    const answerClosed = await agents.approver.post(ANSWER(subA)).field('body', 'Jawaban untuk utas yang sudah ditutup');
    expect(b(answerClosed).notice?.message).toBe(`Tidak ada pertanyaan terbuka pada usul #${subA} yang dapat dijawab`);

    const follow = await agents.verifierA.post(ASK(subA)).field('body', 'Koreksi: yang dimaksud ijazah S2, bukan S1.');
    expect(b(follow).notice?.type).toBe('success');
    const threads = await t.db.models.Consultation.findAll({ where: { submissionId: subA }, order: [['id', 'ASC']] });
    expect(threads.map((c) => c.status)).toEqual(['closed', 'open']);
    expect(await t.db.models.AuditLog.count({ where: { action: 'consult_close', recordId: String(subA) } })).toBe(1);

    // A submission in a category Kanreg BKN validates: the validator asks.
    const emp = s.employees[1];
    const bknSub = await t.db.models.Submission.create({
      employeeId: emp.id,
      opdId: emp.opdId,
      campaignId: s.campaign.id,
      category: 'pendidikan',
      proposedValues: { jenjang: 'S2' },
      submittedAt: new Date(),
      verifiedAt: null,
      validatedAt: null,
      decidedAt: null,
      lastNote: null,
    });
    const bkn = await agents.bkn.post(ASK(bknSub.id)).field('body', 'Ijazah S2 luar negeri sudah disetarakan?');
    expect(b(bkn).notice?.type).toBe('success');
    // ...and another OPD's verifier still sees nothing of it.
    const foreign = await agents.verifierB.get(DETAIL(bknSub.id));
    expect(JSON.stringify(foreign.body)).not.toContain('disetarakan');
  });

  it("BKPSDM's queue by age on the approver's and helpdesk's dashboards, not on the verifier's", async () => {
    // One question has waited a week: whatever the weekday today, 5 working days (the campaign's
    // only holiday is far away) — past the 2-day target of the bkpsdm_answer stage.
    await t.db.models.Campaign.update({ holidays: '2000-01-03 Libur uji' }, { where: {} });
    const old = await t.db.models.Consultation.findOne({ where: { submissionId: subA, status: 'open' } });
    await old!.update({ waitingSince: new Date(Date.now() - 7 * 86_400_000) });
    await t.db.models.HelpdeskTicket.create({
      employeeId: s.employees[0].id,
      submissionId: null,
      documentId: null,
      opdId: s.opdA.id,
      nip: s.employees[0].nip,
      reporterName: 'Sri Wahyuni',
      reporterPhone: null,
      kind: 'login_activation',
      description: 'Tidak bisa login',
      handlerUserId: null,
      resolution: null,
      resolvedAt: null,
    });
    for (const who of ['approver', 'helpdesk']) {
      const res = await agents[who].get('/admin/api/dashboard');
      const q = b(res).bkpsdmQueue!;
      expect(q.questions.total).toBe(2);
      expect(q.questions.items[0]).toMatchObject({
        submissionId: subA,
        ageDays: 5,
        targetDays: 2,
        ageState: 'overdue',
        ageStateLabel: 'terlambat',
        opdName: 'Dinas Kesehatan',
      });
      expect(q.questions.items[0].waitingSince).toMatch(WIB);
      expect(q.questions.items[0].askedBy).toBe('verifikator.dinkes (Verifikator OPD)');
      expect(q.tickets.total).toBe(1);
      expect(q.tickets.items[0]).toMatchObject({
        reporterName: 'Sri Wahyuni',
        kindLabel: 'Login / aktivasi MySAPK',
        ageDays: 0,
        ageState: 'on_track',
        ageStateLabel: 'sesuai target',
      });
    }
    for (const who of ['verifierA', 'secretaryA', 'regent', 'bkn']) {
      const res = await agents[who].get('/admin/api/dashboard');
      expect({ who, queue: b(res).bkpsdmQueue ?? null }).toEqual({ who, queue: null });
    }
  });
});
