import { describe, it, expect } from '@jest/globals';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import {
  checkPdf,
  checkStructure,
  hasEncryptDictionary,
  formatMegabytes,
  MAX_DOCUMENT_BYTES,
} from '../../../../src/domain/documents/pdf-check.js';
import { readPdfFixture } from '../../../helpers/pdf-fixtures.js';
import { buildPaddedPdf, buildFixtures } from '../../../fixtures/pdf/make-fixtures.js';

const DAMAGED = 'Berkas PDF rusak atau tidak utuh (mungkin terpotong saat diunggah); pindai atau simpan ulang lalu unggah kembali';
const ENCRYPTED = 'Berkas PDF terkunci kata sandi atau terenkripsi; simpan ulang tanpa kata sandi lalu unggah kembali';

describe('checkPdf on the committed fixtures (real bytes)', () => {
  it('accepts a scan-like PDF with an embedded image (~200 KB)', async () => {
    const buf = readPdfFixture('scan-ktp.pdf');
    expect(buf.length).toBeGreaterThan(150_000);
    expect(buf.length).toBeLessThan(300_000);
    expect(buf.toString('latin1')).toMatch(/\/Subtype\s*\/Image/);
    expect(await checkPdf(buf)).toEqual({ ok: true, pages: 1 });
  });

  it.each([
    ['oversize.pdf', 'Ukuran berkas 1,0 MB melebihi batas 1 MB'],
    ['elf-renamed.pdf', 'Berkas bukan PDF: isinya program (ELF). Unggah hasil pindai dalam format PDF'],
    ['truncated.pdf', DAMAGED],
    ['encrypted.pdf', ENCRYPTED],
    ['empty.pdf', 'Berkas kosong'],
  ] as const)('refuses %s: "%s"', async (name, message) => {
    expect(await checkPdf(readPdfFixture(name))).toEqual({ ok: false, message });
  });

  it('the oversize fixture is exactly 1 MB + 1 byte and otherwise a valid PDF', async () => {
    const buf = readPdfFixture('oversize.pdf');
    expect(buf.length).toBe(1_048_577);
    expect(checkStructure(buf)).toBeNull();
    expect((await PDFDocument.load(buf)).getPageCount()).toBe(1);
  });

  it('the committed fixtures are what make-fixtures.ts builds (deterministic)', async () => {
    const built = await buildFixtures();
    for (const [name, bytes] of Object.entries(built)) expect(readPdfFixture(name as never).equals(bytes)).toBe(true);
  });
});

describe('limits', () => {
  it('accepts exactly 1,048,576 bytes', async () => {
    const buf = await buildPaddedPdf(MAX_DOCUMENT_BYTES);
    expect(buf.length).toBe(MAX_DOCUMENT_BYTES);
    expect(await checkPdf(buf)).toEqual({ ok: true, pages: 1 });
  });
  it('formats sizes with an Indonesian decimal comma', () => {
    expect(formatMegabytes(1_048_577)).toBe('1,0 MB');
    expect(formatMegabytes(5 * 1024 * 1024 + 600_000)).toBe('5,6 MB');
  });
  it('refuses a non-Buffer as empty', async () => {
    expect(await checkPdf(undefined as never)).toEqual({ ok: false, message: 'Berkas kosong' });
  });
});

describe('content, not name', () => {
  it.each([
    [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'gambar JPEG'],
    [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), 'gambar PNG'],
    [Buffer.from('PK\x03\x04 docx', 'latin1'), 'arsip ZIP atau dokumen Office (DOCX/XLSX)'],
    [Buffer.from('MZ\x90\x00', 'latin1'), 'program Windows (EXE/DLL)'],
  ])('names what a renamed file really is', async (buf, what) => {
    expect(await checkPdf(buf)).toEqual({ ok: false, message: `Berkas bukan PDF: isinya ${what}. Unggah hasil pindai dalam format PDF` });
  });
  it('refuses text that only mentions %PDF- later, and HTML', async () => {
    expect(await checkPdf(Buffer.from(' %PDF-1.7 ...'))).toEqual({
      ok: false,
      message: 'Berkas bukan PDF: isi berkas tidak diawali tanda %PDF-. Unggah hasil pindai dalam format PDF',
    });
    expect((await checkPdf(Buffer.from('<html><body>%PDF-</body></html>'))).ok).toBe(false);
  });
});

describe('truncation: pdf-lib alone is not enough', () => {
  const small = () => readPdfFixture('small-ijazah.pdf');

  it('pdf-lib loads a file cut after its last object (so checkPdf must not rely on it)', async () => {
    const buf = small();
    const cut = buf.subarray(0, buf.toString('latin1').lastIndexOf('xref'));
    const doc = await PDFDocument.load(cut, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1); // pdf-lib accepted it: no xref, no trailer, no %%EOF
    expect(await checkPdf(cut)).toEqual({ ok: false, message: DAMAGED });
  });

  it('a cut file with a forged %%EOF is still refused (no startxref)', async () => {
    const buf = small();
    const s = buf.toString('latin1');
    const cut = Buffer.concat([buf.subarray(0, s.lastIndexOf('endobj') + 7), Buffer.from('%%EOF\n')]);
    expect(await checkPdf(cut)).toEqual({ ok: false, message: DAMAGED });
  });

  it('startxref beyond the end, or not pointing at a cross-reference section, is refused', async () => {
    const s = small().toString('latin1');
    const beyond = s.replace(/startxref\s+\d+/, 'startxref\n99999999');
    expect(await checkPdf(Buffer.from(beyond, 'latin1'))).toEqual({ ok: false, message: DAMAGED });
    const elsewhere = s.replace(/startxref\s+\d+/, 'startxref\n15');
    expect(await checkPdf(Buffer.from(elsewhere, 'latin1'))).toEqual({ ok: false, message: DAMAGED });
  });

  it('a middle part missing (tail intact) is refused by the xref entries', async () => {
    const buf = small();
    const s = buf.toString('latin1');
    // Blank out the header of object 3 ("3 0 obj"): its xref entry no longer points at it.
    const i = s.indexOf('\n3 0 obj') + 1;
    const broken = Buffer.from(s.slice(0, i) + 'x x xxx' + s.slice(i + 7), 'latin1');
    expect(broken.length).toBe(buf.length);
    expect(checkStructure(broken)).toBe(DAMAGED);
    expect(checkStructure(buf)).toBeNull();
  });

  it('accepts cross-reference streams and incremental updates', async () => {
    const doc = await PDFDocument.create();
    doc.addPage().drawText('xref stream', { font: await doc.embedFont(StandardFonts.Helvetica) });
    const withStreams = Buffer.from(await doc.save({ useObjectStreams: true }));
    expect(withStreams.toString('latin1')).toMatch(/\/Type \/XRef/);
    expect(await checkPdf(withStreams)).toEqual({ ok: true, pages: 1 });

    // An incremental update (as a scanner or a signing tool appends): a new section with /Prev.
    const base = small();
    const prev = /startxref\s+(\d+)/.exec(base.toString('latin1').slice(-64))![1];
    const objOffset = base.length + 1;
    const obj = '\n7 0 obj\n<< /Producer (Pemindai) >>\nendobj\n';
    const xrefOffset = base.length + obj.length;
    const update = `${obj}xref\n7 1\n${String(objOffset).padStart(10, '0')} 00000 n \ntrailer\n<< /Size 8 /Root 2 0 R /Prev ${prev} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
    const incremental = Buffer.concat([base, Buffer.from(update, 'latin1')]);
    expect(checkStructure(incremental)).toBeNull();
    expect(await checkPdf(incremental)).toEqual({ ok: true, pages: 1 });
  });
});

describe('encryption', () => {
  it('detects /Encrypt in a classic trailer explicitly', () => {
    expect(hasEncryptDictionary(readPdfFixture('encrypted.pdf'))).toBe(true);
    expect(hasEncryptDictionary(readPdfFixture('scan-ktp.pdf'))).toBe(false);
  });

  it('detects /Encrypt in a cross-reference stream dictionary', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const enc = doc.context.obj({ Filter: 'Standard', V: 1, R: 2, P: -44 });
    doc.context.trailerInfo.Encrypt = doc.context.register(enc);
    const buf = Buffer.from(await doc.save({ useObjectStreams: true }));
    expect(buf.toString('latin1')).toMatch(/\/Type \/XRef/);
    expect(hasEncryptDictionary(buf)).toBe(true);
    expect(await checkPdf(buf)).toEqual({ ok: false, message: ENCRYPTED });
  });

  it('pdf-lib refuses it too (second line of defence)', async () => {
    await expect(PDFDocument.load(readPdfFixture('encrypted.pdf'), { ignoreEncryption: false })).rejects.toThrow(/encrypted/i);
  });

  it('does not mistake an /Encrypt name inside page content for encryption', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    page.node.set(PDFName.of('Note'), PDFName.of('Encrypt'));
    const buf = Buffer.from(await doc.save({ useObjectStreams: false }));
    expect(hasEncryptDictionary(buf)).toBe(false);
    expect((await checkPdf(buf)).ok).toBe(true);
  });
});
