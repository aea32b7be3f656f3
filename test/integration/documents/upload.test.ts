import { describe, it, expect, beforeAll, afterAll, jest } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { createWorld, DAY, filesUnder, type ActorName, type World } from '../submissions/world.js';
import { readPdfFixture, type PdfFixture } from '../../helpers/pdf-fixtures.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../src/domain/shared/errors.js';
import { PhaseClosedError } from '../../../src/domain/campaign/phases.js';
import { StorageIntegrityError, sanitizeFileName } from '../../../src/domain/documents/stored-pdf.js';
import type { Submission } from '../../../src/db/models/index.js';
import { buildTextPdf } from '../../fixtures/pdf/make-fixtures.js';

/** Real files in a temp UPLOAD_DIR, a real database, the real services. */
let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.destroy();
});

/** A distinct, valid small PDF (real pdf-lib bytes) so tests do not share files by accident. */
const uniquePdf = (label: string) => buildTextPdf(`Dokumen ${label}`, ['Salinan sesuai aslinya']);
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const docRows = (submissionId: number) => w.db.models.Document.findAll({ where: { submissionId }, order: [['id', 'ASC']] });
const freshSub = (opts: Parameters<World['submission']>[0] = {}) => w.submission({ docs: [], ...opts });
const upload = (who: ActorName, sub: Submission, documentType: string, fixture: PdfFixture | Buffer, originalName = 'scan.pdf') =>
  w.documents.upload(w.actors[who], {
    submissionId: sub.id,
    documentType,
    originalName,
    content: Buffer.isBuffer(fixture) ? fixture : readPdfFixture(fixture),
  });

describe('upload', () => {
  it('stores a valid scan: file at <sha[0..2]>/<sha>.pdf, row, audit, version bump', async () => {
    w.clock.now = DAY.selfUpdate;
    const sub = await freshSub();
    const bytes = readPdfFixture('scan-ktp.pdf');
    const r = await upload('helpdesk', sub, 'ktp', 'scan-ktp.pdf', 'C:\\Users\\budi\\Desktop\\KTP Budi.pdf');
    const h = sha(bytes);
    expect(r.duplicate).toBe(false);
    expect(r.pages).toBe(1);
    expect(r.document).toMatchObject({
      submissionId: sub.id,
      opdId: sub.opdId,
      documentType: 'ktp',
      originalName: 'KTP Budi.pdf',
      size: bytes.length,
      sha256: h,
      storageKey: `${h.slice(0, 2)}/${h}.pdf`,
      mimeType: 'application/pdf',
      uploadedBy: w.actors.helpdesk.id,
    });
    const onDisk = path.join(w.uploadDir, h.slice(0, 2), `${h}.pdf`);
    expect(fs.readFileSync(onDisk).equals(bytes)).toBe(true);
    expect((await w.db.models.Submission.findByPk(sub.id))!.version).toBe(1);
    const audit = await w.db.models.AuditLog.findOne({
      where: { resource: 'documents', recordId: String(r.document.id), action: 'upload' },
    });
    expect(audit!.afterData).toMatchObject({ submissionId: sub.id, documentType: 'ktp', size: bytes.length, sha256: h, pages: 1 });

    // The verifier can now verify (documents required by the workflow are present).
    w.clock.now = DAY.verification;
    await expect(w.workflow.transition(w.actors.verifierA, sub.id, 'verify')).resolves.toMatchObject({ to: 'verified', version: 2 });
  });

  const REJECTED: Array<[string, PdfFixture | null, string, string]> = [
    ['a 1 MB + 1 byte PDF', 'oversize.pdf', 'ktp', 'Ukuran berkas 1,0 MB melebihi batas 1 MB'],
    [
      'an executable renamed .pdf',
      'elf-renamed.pdf',
      'ktp',
      'Berkas bukan PDF: isinya program (ELF). Unggah hasil pindai dalam format PDF',
    ],
    [
      'a truncated PDF',
      'truncated.pdf',
      'ktp',
      'Berkas PDF rusak atau tidak utuh (mungkin terpotong saat diunggah); pindai atau simpan ulang lalu unggah kembali',
    ],
    [
      'an encrypted PDF',
      'encrypted.pdf',
      'ktp',
      'Berkas PDF terkunci kata sandi atau terenkripsi; simpan ulang tanpa kata sandi lalu unggah kembali',
    ],
    ['an empty file', 'empty.pdf', 'ktp', 'Berkas kosong'],
    ['a wrong document type', 'small-ijazah.pdf', 'ijazah', "Jenis dokumen 'Ijazah' tidak sesuai kategori 'Data Personal'"],
    ['an unknown document type', 'small-ijazah.pdf', 'foto_selfie', "Jenis dokumen 'foto_selfie' tidak dikenal"],
  ];

  it.each(REJECTED)('refuses %s — nothing stored (no row, no file)', async (_name, fixture, type, message) => {
    w.clock.now = DAY.selfUpdate;
    const sub = await freshSub();
    const before = filesUnder(w.uploadDir);
    const p = upload('helpdesk', sub, type, fixture!);
    await expect(p).rejects.toBeInstanceOf(ValidationError);
    await expect(upload('helpdesk', sub, type, fixture!)).rejects.toThrow(message);
    expect(await docRows(sub.id)).toHaveLength(0);
    expect(filesUnder(w.uploadDir)).toEqual(before);
    expect((await w.db.models.Submission.findByPk(sub.id))!.version).toBe(0);
  });

  it('same content uploaded twice → one file on disk (two submissions: two rows; same submission and type: no new row)', async () => {
    w.clock.now = DAY.selfUpdate;
    const bytes = readPdfFixture('small-ijazah.pdf');
    const s1 = await freshSub({ category: 'pendidikan' });
    const s2 = await freshSub({ category: 'pendidikan' });
    const a = await upload('helpdesk', s1, 'ijazah', bytes, 'ijazah.pdf');
    const b = await upload('verifierA', s2, 'ijazah', bytes, 'ijazah-salinan.pdf');
    const again = await upload('helpdesk', s1, 'ijazah', bytes, 'ijazah (1).pdf');
    expect(a.document.storageKey).toBe(b.document.storageKey);
    expect(again).toMatchObject({ duplicate: true });
    expect(again.document.id).toBe(a.document.id);
    expect(await docRows(s1.id)).toHaveLength(1);
    expect(await docRows(s2.id)).toHaveLength(1);
    expect(filesUnder(w.uploadDir).filter((f) => f.includes(sha(bytes)))).toEqual([a.document.storageKey]);
    // The same file as another type of the category is a second row, still one file.
    await upload('helpdesk', s1, 'transkrip', bytes, 'ijazah-dan-transkrip.pdf');
    expect(await docRows(s1.id)).toHaveLength(2);
    expect(filesUnder(w.uploadDir).filter((f) => f.includes(sha(bytes)))).toHaveLength(1);
  });

  it('scoping: verifier of another OPD and read-only roles are refused (audited), nothing stored', async () => {
    w.clock.now = DAY.selfUpdate;
    const sub = await freshSub();
    const before = filesUnder(w.uploadDir);
    await expect(upload('verifierB', sub, 'ktp', 'small-transkrip.pdf')).rejects.toThrow(
      'Anda hanya dapat mengunggah dokumen untuk usul pegawai OPD Anda',
    );
    for (const who of ['secretaryA', 'headA', 'approver', 'bkn', 'regent'] as const) {
      await expect(upload(who, sub, 'ktp', 'small-transkrip.pdf')).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(await w.db.models.AuditLog.count({ where: { action: 'upload', outcome: 'denied', recordId: String(sub.id) } })).toBe(6);
    expect(await docRows(sub.id)).toHaveLength(0);
    expect(filesUnder(w.uploadDir)).toEqual(before);
    await expect(upload('verifierA', sub, 'ktp', 'small-transkrip.pdf')).resolves.toMatchObject({ duplicate: false });
    await expect(upload('admin', sub, 'ktp', 'small-ijazah.pdf')).resolves.toMatchObject({ duplicate: false });
    await expect(
      w.documents.upload(w.actors.helpdesk, {
        submissionId: 424242,
        documentType: 'ktp',
        originalName: 'x.pdf',
        content: readPdfFixture('small-ijazah.pdf'),
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('phase: refused outside self-update/verification (audited), admin override allowed', async () => {
    const sub = await freshSub();
    const before = filesUnder(w.uploadDir);
    w.clock.now = DAY.approval;
    const content = await uniquePdf('b');
    await expect(upload('helpdesk', sub, 'ktp', content)).rejects.toBeInstanceOf(PhaseClosedError);
    await expect(upload('helpdesk', sub, 'ktp', content)).rejects.toThrow(
      'Unggah dan perbaikan dokumen hanya dapat dilakukan pada tahap pemutakhiran mandiri atau verifikasi (PDM 2021). Tahap pemutakhiran mandiri berlangsung 15 Agustus 2021 – 25 Agustus 2021, tahap verifikasi berlangsung 26 Agustus 2021 – 4 September 2021; hari ini 8 September 2021.',
    );
    expect(filesUnder(w.uploadDir)).toEqual(before);
    expect(await w.db.models.AuditLog.count({ where: { action: 'upload', outcome: 'denied', recordId: String(sub.id) } })).toBe(2);
    const r = await w.documents.upload(
      w.actors.admin,
      { submissionId: sub.id, documentType: 'ktp', originalName: 'ktp.pdf', content },
      { override: { reason: 'Scan asli baru diterima' } },
    );
    expect(r.duplicate).toBe(false);
    expect(
      await w.db.models.AuditLog.count({ where: { action: 'phase_override', resource: 'documents', userId: w.actors.admin.id } }),
    ).toBe(1);
  });

  it('status: documents of a verified submission cannot change', async () => {
    w.clock.now = DAY.verification;
    const sub = await w.submission({ status: 'verified', docs: [] });
    const before = filesUnder(w.uploadDir);
    await expect(upload('verifierA', sub, 'ktp', 'scan-ktp.pdf')).rejects.toThrow(
      "Dokumen usul berstatus 'Terverifikasi OPD' tidak dapat diubah",
    );
    await expect(upload('verifierA', sub, 'ktp', 'scan-ktp.pdf')).rejects.toBeInstanceOf(ConflictError);
    expect(filesUnder(w.uploadDir)).toEqual(before);
  });

  it('when the database write fails, the new file is removed (nothing left behind)', async () => {
    w.clock.now = DAY.selfUpdate;
    const sub = await freshSub();
    const before = filesUnder(w.uploadDir);
    const content = await uniquePdf('c');
    // A helpdesk session of a user that no longer exists: documents.uploaded_by violates its foreign key.
    const ghost = { ...w.actors.helpdesk, id: 987654 };
    const put = jest.spyOn(w.storage, 'put');
    try {
      await expect(
        w.documents.upload(ghost, { submissionId: sub.id, documentType: 'ktp', originalName: 'ktp.pdf', content }),
      ).rejects.toThrow();
      expect(put).toHaveBeenCalledTimes(1); // the file was written, then removed
      expect(((await put.mock.results[0].value) as { created: boolean }).created).toBe(true);
    } finally {
      put.mockRestore();
    }
    expect(await docRows(sub.id)).toHaveLength(0);
    expect(filesUnder(w.uploadDir)).toEqual(before);
    expect((await w.db.models.Submission.findByPk(sub.id))!.version).toBe(0);
  });

  it('when the database write fails for content another row already uses, the file stays', async () => {
    w.clock.now = DAY.selfUpdate;
    const owner = await freshSub();
    const sub = await freshSub();
    const bytes = await uniquePdf('d');
    const kept = await upload('helpdesk', owner, 'ktp', bytes);
    const ghost = { ...w.actors.helpdesk, id: 987654 };
    await expect(
      w.documents.upload(ghost, { submissionId: sub.id, documentType: 'ktp', originalName: 'ktp.pdf', content: bytes }),
    ).rejects.toThrow();
    expect(fs.existsSync(path.join(w.uploadDir, kept.document.storageKey))).toBe(true);
    expect((await w.documents.open(w.actors.verifierA, kept.document.id)).buffer.equals(bytes)).toBe(true);
  });
});

describe('open', () => {
  let pendidikanDoc: number;
  let personalDoc: number;
  let bytes: Buffer;

  beforeAll(async () => {
    w.clock.now = DAY.selfUpdate;
    bytes = readPdfFixture('small-transkrip.pdf');
    const p = await freshSub({ category: 'pendidikan' });
    pendidikanDoc = (await upload('helpdesk', p, 'transkrip', bytes, 'transkrip.pdf')).document.id;
    const q = await freshSub();
    personalDoc = (await upload('helpdesk', q, 'ktp', 'scan-ktp.pdf', 'ktp.pdf')).document.id;
  });

  it.each<[ActorName, 'personal' | 'pendidikan', boolean]>([
    ['verifierA', 'personal', true],
    // A scan shows the NIK in full: the monitoring roles see document rows, not the files.
    ['secretaryA', 'personal', false],
    ['headA', 'personal', false],
    ['approver', 'personal', true],
    ['admin', 'personal', true],
    ['regent', 'personal', false],
    ['bkn', 'pendidikan', true],
    ['bkn', 'personal', false],
    ['verifierB', 'personal', false],
    ['headB', 'pendidikan', false],
    ['helpdesk', 'personal', false],
  ])('%s opening a %s document: %s', async (who, which, ok) => {
    const id = which === 'personal' ? personalDoc : pendidikanDoc;
    if (ok) {
      const d = await w.documents.open(w.actors[who], id);
      expect(d.size).toBe(d.buffer.length);
      expect(d.mimeType).toBe('application/pdf');
      expect(d.name).toBe(which === 'personal' ? 'ktp.pdf' : 'transkrip.pdf');
      if (which === 'pendidikan') expect(d.buffer.equals(bytes)).toBe(true);
      expect(
        await w.db.models.AuditLog.count({ where: { action: 'download', outcome: 'ok', userId: w.actors[who].id, recordId: String(id) } }),
      ).toBeGreaterThan(0);
    } else {
      await expect(w.documents.open(w.actors[who], id)).rejects.toBeInstanceOf(ForbiddenError);
      expect(
        await w.db.models.AuditLog.count({
          where: { action: 'download', outcome: 'denied', userId: w.actors[who].id, recordId: String(id) },
        }),
      ).toBe(1);
    }
  });

  it('other OPD gets a clear message; a missing id is NotFound', async () => {
    await expect(w.documents.open(w.actors.verifierB, personalDoc)).rejects.toThrow('Anda hanya dapat membuka dokumen pegawai OPD Anda');
    await expect(w.documents.open(w.actors.admin, 999999)).rejects.toThrow('Dokumen #999999 tidak ditemukan');
    await expect(w.documents.open(w.actors.admin, 999999)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a tampered or missing file is reported, never served', async () => {
    const doc = (await w.db.models.Document.findByPk(pendidikanDoc))!;
    const file = path.join(w.uploadDir, doc.storageKey);
    const original = fs.readFileSync(file);
    fs.writeFileSync(file, Buffer.concat([original.subarray(0, original.length - 3), Buffer.from('XXX')]));
    await expect(w.documents.open(w.actors.admin, doc.id)).rejects.toBeInstanceOf(StorageIntegrityError);
    fs.rmSync(file);
    await expect(w.documents.open(w.actors.admin, doc.id)).rejects.toThrow(/tidak ditemukan di penyimpanan/);
    fs.writeFileSync(file, original);
  });

  it('lists the documents of a submission with the same scoping', async () => {
    const doc = (await w.db.models.Document.findByPk(personalDoc))!;
    expect((await w.documents.listForSubmission(w.actors.helpdesk, doc.submissionId)).map((d) => d.id)).toEqual([doc.id]);
    await expect(w.documents.listForSubmission(w.actors.headB, doc.submissionId)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('remove', () => {
  it('removes the row and the file when no other row uses it; keeps a shared file', async () => {
    w.clock.now = DAY.selfUpdate;
    const bytes = await uniquePdf('e');
    const s1 = await freshSub();
    const s2 = await freshSub();
    const d1 = (await upload('helpdesk', s1, 'ktp', bytes)).document;
    const d2 = (await upload('helpdesk', s2, 'ktp', bytes)).document;
    const file = path.join(w.uploadDir, d1.storageKey);

    await expect(w.documents.remove(w.actors.verifierB, d1.id)).rejects.toBeInstanceOf(ForbiddenError);
    await w.documents.remove(w.actors.verifierA, d1.id);
    expect(await w.db.models.Document.findByPk(d1.id)).toBeNull();
    expect(fs.existsSync(file)).toBe(true); // still used by d2
    await w.documents.remove(w.actors.helpdesk, d2.id);
    expect(fs.existsSync(file)).toBe(false);
    const audit = await w.db.models.AuditLog.findAll({ where: { resource: 'documents', action: 'delete', outcome: 'ok' } });
    expect(audit.map((a) => a.recordId).sort()).toEqual([String(d1.id), String(d2.id)].sort());
    await expect(w.documents.remove(w.actors.helpdesk, d2.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses once the submission is verified, and outside the phase', async () => {
    w.clock.now = DAY.selfUpdate;
    const sub = await freshSub();
    const d = (await upload('helpdesk', sub, 'ktp', 'scan-ktp.pdf')).document;
    w.clock.now = DAY.approval;
    await expect(w.documents.remove(w.actors.helpdesk, d.id)).rejects.toBeInstanceOf(PhaseClosedError);
    w.clock.now = DAY.verification;
    await w.workflow.transition(w.actors.verifierA, sub.id, 'verify');
    await expect(w.documents.remove(w.actors.helpdesk, d.id)).rejects.toThrow(
      "Dokumen usul berstatus 'Terverifikasi OPD' tidak dapat diubah",
    );
    expect(await w.db.models.Document.findByPk(d.id)).not.toBeNull();
  });

  it('a verification racing a document removal never verifies without the document', async () => {
    w.clock.now = DAY.verification;
    for (let i = 0; i < 3; i++) {
      const sub = await freshSub();
      const d = (await upload('helpdesk', sub, 'ktp', 'small-ijazah.pdf')).document;
      const [verify] = await Promise.allSettled([
        w.workflow.transition(w.actors.verifierA, sub.id, 'verify'),
        w.documents.remove(w.actors.helpdesk, d.id),
      ]);
      const fresh = (await w.db.models.Submission.findByPk(sub.id))!;
      const docs = await docRows(sub.id);
      if (fresh.status === 'verified') expect(docs).toHaveLength(1);
      else expect(verify.status).toBe('rejected');
    }
  });
});

describe('sanitizeFileName', () => {
  it.each([
    ['KTP Budi.pdf', 'KTP Budi.pdf'],
    ['C:\\fakepath\\ktp.pdf', 'ktp.pdf'],
    ['../../etc/passwd', 'passwd.pdf'],
    ['scan\u0000.pdf', 'scan_.pdf'],
    ['', 'dokumen.pdf'],
    ['..', 'dokumen.pdf'],
    ['foto.jpg', 'foto.jpg.pdf'],
  ])('%j → %j', (input, out) => {
    expect(sanitizeFileName(input)).toBe(out);
  });
  it('caps the name at 255 characters, keeping .pdf', () => {
    expect(sanitizeFileName(`${'a'.repeat(300)}.pdf`)).toBe(`${'a'.repeat(251)}.pdf`);
  });
});
