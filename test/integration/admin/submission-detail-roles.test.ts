import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createTestApp, seedSmallRegency, login, type TestApp } from '../../helpers/app.js';
import { makePdf } from '../../helpers/pdf.js';
import { SYSTEM_ACTOR } from '../../../src/domain/shared/actor.js';
import type { SubmissionDetail } from '../../../src/domain/submissions/submission-detail.js';

type DetailAnswer = { status: number; body: SubmissionDetail };
const action = (d: SubmissionDetail, name: string) => d.actions.find((a) => a.action === name)!;

/**
 * The submission page's data (the `detail` action) for every role that may open a submission:
 * read-only roles get the page (no 403), scans they may not open are refused in words, and the
 * verifier gets what the day's work needs (labels, current values, checks, the next item, who acted).
 */
describe('submission page for every role', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  let withDoc: number;
  let withoutDoc: number;
  let docId: number;
  const detailOf = async (email: string, id: number) => {
    const agent = await login(t.app, email);
    return (await agent.get(`/admin/api/resources/submissions/records/${id}/detail`)) as unknown as DetailAnswer;
  };

  beforeAll(async () => {
    t = await createTestApp();
    s = await seedSmallRegency(t.db);
    const subs = await t.db.models.Submission.findAll({ where: { opdId: s.opdA.id }, order: [['id', 'ASC']] });
    withDoc = subs[0].id;
    withoutDoc = subs[1].id;
    const up = await t.services.documents.upload(
      { ...SYSTEM_ACTOR, role: 'admin' },
      { submissionId: withDoc, documentType: 'ktp', originalName: 'ktp.pdf', content: await makePdf('KTP') },
    );
    docId = up.document.id;
    await t.db.models.Employee.update({ email: 'lama@pdm.example' }, { where: { id: subs[2].employeeId } });
    await subs[2].update({ proposedValues: { email: 'baru@pdm.example', nomorHp: '081234567890', statusTunjangan: true } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('the regent opens a submission and is told the scans are not for the role (no 403)', async () => {
    const res = await detailOf('bupati@uji.example', withDoc);
    expect(res.status).toBe(200);
    expect(res.body.documents).toEqual([]);
    expect(res.body.documentNotice).toMatch(/tidak ditampilkan untuk peran Anda/);
    expect(res.body.actions).toEqual([]);
    expect(res.body.proposal[0]).toMatchObject({ key: 'alamat', label: 'Alamat', proposed: 'Jl. Lawu 1' });
  });

  it.each([['sekretaris.dinkes@uji.example'], ['kepala.dinkes@uji.example'], ['helpdesk@uji.example']])(
    '%s sees the document rows, not the scan, with the reason in words; the file route says the same',
    async (email) => {
      const res = await detailOf(email, withDoc);
      expect(res.status).toBe(200);
      expect(res.body.documents).toHaveLength(1);
      expect(res.body.documents[0].canOpen).toBe(false);
      expect(res.body.documentNotice).toMatch(/memuat NIK dan data keluarga/);
      expect(res.body.documentNotice).not.toMatch(/OPD Anda/);
      const agent = await login(t.app, email);
      const file = await agent.get(`/admin/documents/${docId}/file`);
      expect(file.status).toBe(404);
      expect((file.body as { message: string }).message).toBe(res.body.documentNotice);
    },
  );

  it('the verifier: proposal labelled beside current values, verify blocked without a document, next item, who acted', async () => {
    const verifier = 'verifikator.dinkes@uji.example';
    const first = await detailOf(verifier, withDoc);
    expect(first.body.documents[0]).toMatchObject({ canOpen: true });
    expect(first.body.documentNotice).toBeNull();
    expect(action(first.body, 'verify').blockedReason).toBeNull();
    expect(action(first.body, 'returnForFix').minNoteLength).toBe(5);
    expect(typeof first.body.nextInInbox).toBe('number');
    expect(first.body.nextInInbox).not.toBe(withDoc);

    const bare = await detailOf(verifier, withoutDoc);
    expect(action(bare.body, 'verify').blockedReason).toMatch(/Belum ada dokumen/);

    const subs = await t.db.models.Submission.findAll({ where: { opdId: s.opdA.id }, order: [['id', 'ASC']] });
    const compared = await detailOf(verifier, subs[2].id);
    const lines = Object.fromEntries(compared.body.proposal.map((l) => [l.key, l]));
    expect(lines.email).toMatchObject({ label: 'Email', current: 'lama@pdm.example', proposed: 'baru@pdm.example', changed: true });
    expect(lines.nomorHp).toMatchObject({ label: 'Nomor HP', current: '—', proposed: '081234567890', changed: true });
    expect(lines.statusTunjangan).toMatchObject({ label: 'Mendapat tunjangan', proposed: 'Ya', current: null, changed: false });

    const agent = await login(t.app, verifier);
    const ok = await agent.post(`/admin/api/resources/submissions/records/${withDoc}/verify`).send({ note: '' });
    expect((ok.body as { notice: { type: string } }).notice.type).toBe('success');
    const after = await detailOf(verifier, withDoc);
    const step = after.body.history.at(-1)!;
    expect(step).toMatchObject({ actorName: 'verifikator.dinkes', roleLabel: 'Verifikator OPD', toLabel: 'Terverifikasi OPD' });
    expect(step.atText).toMatch(/^\d{1,2} \S{3} \d{4} \d{2}\.\d{2} WIB$/);
  });
});
