import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createTestApp, seedSmallRegency, login, type TestApp } from '../../helpers/app.js';
import { makePdf } from '../../helpers/pdf.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SYSTEM_ACTOR } from '../../../src/domain/shared/actor.js';
import { PDF_FIXTURE_DIR } from '../../helpers/pdf-fixtures.js';

/** The workflow through the panel's own HTTP API (the calls the buttons make). */
describe('submission workflow through the panel API', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  const subOf = async (opdId: number) => await t.db.models.Submission.findAll({ where: { opdId }, order: [['id', 'ASC']] });

  beforeAll(async () => {
    t = await createTestApp();
    s = await seedSmallRegency(t.db);
    // Every data_personal submission of OPD A gets its KTP scan.
    for (const sub of await subOf(s.opdA.id)) {
      await t.services.documents.upload(
        { ...SYSTEM_ACTOR, role: 'admin' },
        { submissionId: sub.id, documentType: 'ktp', originalName: `ktp_${sub.id}.pdf`, content: await makePdf(`KTP ${sub.id}`) },
      );
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('verifies with POST, records history, and refuses the same call by GET', async () => {
    const [sub] = await subOf(s.opdA.id);
    const agent = await login(t.app, 'verifikator.dinkes@uji.example');
    const get = await agent.get(`/admin/api/resources/submissions/records/${sub.id}/verify`);
    expect(get.status).toBe(200);
    expect((await t.db.models.Submission.findByPk(sub.id))!.status).toBe('submitted');
    const post = await agent.post(`/admin/api/resources/submissions/records/${sub.id}/verify`).send({ note: '' });
    expect(post.body.notice).toEqual({ message: 'Usul terverifikasi', type: 'success' });
    expect((await t.db.models.Submission.findByPk(sub.id))!.status).toBe('verified');
    const events = await t.db.models.SubmissionEvent.findAll({ where: { submissionId: sub.id } });
    expect(events.map((e) => e.toStatus)).toContain('verified');
    const detail = await agent.get(`/admin/api/resources/submissions/records/${sub.id}/detail`);
    expect(detail.body.history.at(-1).toLabel).toBe('Terverifikasi OPD');
    expect(detail.body.documents).toHaveLength(1);
    expect(detail.body.documents[0].url).toBe(`/admin/documents/${detail.body.documents[0].id}/file`);
  });

  it('requires a note to return for repair, with the message shown to the user', async () => {
    const [, sub] = await subOf(s.opdA.id);
    const agent = await login(t.app, 'verifikator.dinkes@uji.example');
    const res = await agent.post(`/admin/api/resources/submissions/records/${sub.id}/returnForFix`).send({ note: '' });
    expect(res.body.notice.type).toBe('error');
    expect(res.body.notice.message).toMatch(/catatan/i);
    expect((await t.db.models.Submission.findByPk(sub.id))!.status).toBe('submitted');
    const ok = await agent
      .post(`/admin/api/resources/submissions/records/${sub.id}/returnForFix`)
      .send({ note: 'Scan KTP buram, mohon unggah ulang' });
    expect(ok.body.notice.type).toBe('success');
    expect((await t.db.models.Submission.findByPk(sub.id))!.lastNote).toBe('Scan KTP buram, mohon unggah ulang');
  });

  it('refuses a verifier of another OPD, through the same URL', async () => {
    const [, , sub] = await subOf(s.opdA.id);
    const agent = await login(t.app, 'verifikator.jaten@uji.example');
    const res = await agent.post(`/admin/api/resources/submissions/records/${sub.id}/verify`).send({});
    // AdminJS answers a record outside the scope as not found: an empty record with the error.
    expect(res.body.record.baseError.type).toBe('NotFoundError');
    expect(res.body.record.params).toEqual({});
    expect((await t.db.models.Submission.findByPk(sub.id))!.status).toBe('submitted');
  });

  it('lists the verifier inbox: own OPD, waiting for verification only', async () => {
    const agent = await login(t.app, 'verifikator.dinkes@uji.example');
    const res = await agent.get('/admin/api/resources/submissions/actions/list?filters.inbox=true&perPage=50');
    expect(res.status).toBe(200);
    const expected = await t.db.models.Submission.count({ where: { opdId: s.opdA.id, status: 'submitted' } });
    expect(res.body.meta.total).toBe(expected);
    for (const r of res.body.records) {
      expect(r.params.status).toBe('submitted');
      expect(r.params.opdId).toBe(s.opdA.id);
    }
  });

  it('bulk-verifies and reports per record what happened', async () => {
    const subs = await subOf(s.opdA.id);
    const ids = subs.map((x) => x.id);
    const agent = await login(t.app, 'verifikator.dinkes@uji.example');
    const res = await agent.post(`/admin/api/resources/submissions/bulk/bulkVerify?recordIds=${ids.join(',')}`).send({});
    expect(res.status).toBe(200);
    const byId = new Map(res.body.results.map((r: { id: number }) => [r.id, r]));
    for (const sub of subs) {
      const r = byId.get(sub.id) as { ok: boolean };
      expect(r.ok).toBe(sub.status === 'submitted');
    }
  });

  it('serves the PDF only inside the scope', async () => {
    const doc = await t.db.models.Document.findOne();
    const own = await login(t.app, 'verifikator.dinkes@uji.example');
    const res = await own.get(`/admin/documents/${doc!.id}/file`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.body.subarray(0, 5).toString()).toBe('%PDF-');
    const other = await login(t.app, 'verifikator.jaten@uji.example');
    expect((await other.get(`/admin/documents/${doc!.id}/file`)).status).toBe(404);
    // The head of the same OPD monitors but does not open scans (they show the NIK in full).
    const head = await login(t.app, 'kepala.dinkes@uji.example');
    expect((await head.get(`/admin/documents/${doc!.id}/file`)).status).toBe(404);
  });

  describe('uploads through the panel form (multipart)', () => {
    const filesIn = (dir: string): string[] =>
      fs.existsSync(dir)
        ? fs
            .readdirSync(dir, { recursive: true })
            .map(String)
            .filter((f) => f.endsWith('.pdf'))
        : [];

    it.each([
      ['elf-renamed.pdf', /bukan PDF|ELF|executable|program/i],
      ['truncated.pdf', /rusak|terpotong|tidak utuh|struktur/i],
      ['encrypted.pdf', /kata sandi|terenkripsi|encrypt/i],
      ['oversize.pdf', /1 MB/],
      ['empty.pdf', /kosong/i],
    ])('refuses %s with its message and stores nothing', async (fixture, message) => {
      const sub = (await subOf(s.opdB.id))[0];
      const before = { rows: await t.db.models.Document.count(), files: filesIn(t.config.uploadDir).length };
      const agent = await login(t.app, 'verifikator.jaten@uji.example');
      const res = await agent
        .post('/admin/api/resources/documents/actions/new')
        .field('submissionId', String(sub.id))
        .field('documentType', 'ktp')
        .attach('file', path.join(PDF_FIXTURE_DIR, fixture));
      expect(res.body.notice.type).toBe('error');
      expect(res.body.notice.message).toMatch(message);
      expect(await t.db.models.Document.count()).toBe(before.rows);
      expect(filesIn(t.config.uploadDir)).toHaveLength(before.files);
      // The refusal echoes the form's fields, never the uploaded file (its temp path on the server).
      expect(res.body.record.params).toEqual({ submissionId: String(sub.id), documentType: 'ktp' });
      expect(res.body.record.errors.file.message).toMatch(message);
      expectNoServerPath(res.text);
    });

    /** No path of the server's temp dir, upload dir or var dir, and no upload temp name, in an answer. */
    const expectNoServerPath = (text: string) => {
      for (const dir of [os.tmpdir(), t.config.uploadDir, t.config.varDir]) expect(text).not.toContain(dir);
      expect(text).not.toMatch(/upload_[0-9a-f]{8,}/);
      expect(text).not.toMatch(/storageKey|storage_key|"path"|filepath/);
    };

    it('no answer names a server path: a refused upload of every kind, a success, a document shown and listed', async () => {
      const sub = (await subOf(s.opdB.id))[1];
      const agent = await login(t.app, 'verifikator.jaten@uji.example');
      // Refused by the service after the file was read (not a PDF) and before (no document type).
      const notPdf = await agent
        .post('/admin/api/resources/documents/actions/new')
        .field('submissionId', String(sub.id))
        .field('documentType', 'ktp')
        .attach('file', path.join(PDF_FIXTURE_DIR, 'elf-renamed.pdf'));
      const noType = await agent
        .post('/admin/api/resources/documents/actions/new')
        .field('submissionId', String(sub.id))
        .attach('file', path.join(PDF_FIXTURE_DIR, 'scan-ktp.pdf'));
      const otherOpd = await (
        await login(t.app, 'verifikator.dinkes@uji.example')
      )
        .post('/admin/api/resources/documents/actions/new')
        .field('submissionId', String(sub.id))
        .field('documentType', 'ktp')
        .attach('file', path.join(PDF_FIXTURE_DIR, 'scan-ktp.pdf'));
      for (const res of [notPdf, noType, otherOpd]) {
        expect(res.body.notice.type).toBe('error');
        expectNoServerPath(res.text);
      }
      const ok = await agent
        .post('/admin/api/resources/documents/actions/new')
        .field('submissionId', String(sub.id))
        .field('documentType', 'ktp')
        .attach('file', path.join(PDF_FIXTURE_DIR, 'scan-ktp.pdf'));
      expect(ok.body.notice.type).toBe('success');
      expectNoServerPath(ok.text);
      const doc = (await t.db.models.Document.findOne({ where: { submissionId: sub.id }, order: [['id', 'DESC']] }))!;
      expect(doc.storageKey).toMatch(/\.pdf$/); // the key exists on the server…
      for (const url of [
        `/admin/api/resources/documents/records/${doc.id}/show`,
        '/admin/api/resources/documents/actions/list',
        `/admin/api/resources/submissions/records/${sub.id}/detail`,
      ]) {
        const res = await agent.get(url);
        expect(res.status).toBe(200);
        expect(res.text).not.toContain(doc.storageKey); // …and never leaves it
        expectNoServerPath(res.text);
      }
    });

    it('refuses a document type that does not fit the category', async () => {
      const sub = (await subOf(s.opdB.id))[0];
      const agent = await login(t.app, 'verifikator.jaten@uji.example');
      const res = await agent
        .post('/admin/api/resources/documents/actions/new')
        .field('submissionId', String(sub.id))
        .field('documentType', 'ijazah')
        .attach('file', path.join(PDF_FIXTURE_DIR, 'small-ijazah.pdf'));
      expect(res.body.notice.type).toBe('error');
      expect(res.body.notice.message).toMatch(/tidak sesuai/i);
    });

    it('stores a valid scan with size and SHA-256, and another OPD cannot attach to it', async () => {
      const sub = (await subOf(s.opdB.id))[0];
      const other = await login(t.app, 'verifikator.dinkes@uji.example');
      const denied = await other
        .post('/admin/api/resources/documents/actions/new')
        .field('submissionId', String(sub.id))
        .field('documentType', 'ktp')
        .attach('file', path.join(PDF_FIXTURE_DIR, 'scan-ktp.pdf'));
      expect(denied.body.notice.type).toBe('error');
      expect(await t.db.models.Document.count({ where: { submissionId: sub.id } })).toBe(0);

      const agent = await login(t.app, 'verifikator.jaten@uji.example');
      const res = await agent
        .post('/admin/api/resources/documents/actions/new')
        .field('submissionId', String(sub.id))
        .field('documentType', 'ktp')
        .attach('file', path.join(PDF_FIXTURE_DIR, 'scan-ktp.pdf'));
      expect(res.body.notice.type).toBe('success');
      const doc = await t.db.models.Document.findOne({ where: { submissionId: sub.id } });
      const bytes = fs.readFileSync(path.join(PDF_FIXTURE_DIR, 'scan-ktp.pdf'));
      expect(doc!.size).toBe(bytes.length);
      expect(doc!.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(fs.readFileSync(path.join(t.config.uploadDir, doc!.storageKey)).equals(bytes)).toBe(true);
    });
  });
});
