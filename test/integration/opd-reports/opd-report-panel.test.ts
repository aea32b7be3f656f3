import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import ExcelJS from 'exceljs';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestApp, seedSmallRegency, login, TEST_PASSWORD, type TestApp } from '../../helpers/app.js';
import { PDF_FIXTURE_DIR, readPdfFixture } from '../../helpers/pdf-fixtures.js';
import { campaignDatesIn } from '../../helpers/security-fixture.js';
import { makeNik, makeNip } from '../../../src/domain/employees/nip-nik.js';
import { openPlacements } from '../../../src/domain/employees/employee-placement.js';
import { buildOpdReport } from '../../../src/domain/reports/data/opd-report.js';
import type { OpdReportFigures } from '../../../src/domain/opd-reports/opd-report-figures.js';

/**
 * The OPD head's report to the Bupati over HTTP (issue 13): the head submits the OPD's result
 * with proof PDFs, the approver returns or acknowledges it, the head submits again (a new version,
 * the history kept), the figures stay as they were at submission, the regency workbook and the
 * Bupati's dashboard show who reported; another OPD's head, a verifier and every other HTTP method
 * are refused and change nothing.
 */

const binary = (
  res: NodeJS.ReadableStream & { setEncoding(e: string): void; on(ev: string, cb: (c?: unknown) => void): void },
  cb: (err: Error | null, body: Buffer) => void,
) => {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c as Buffer));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

const api = '/admin/api/resources/opd_reports';
const STATEMENT = 'Seluruh ASN Dinas Kesehatan telah melaksanakan PDM sesuai Instruksi Bupati.';

describe('the OPD head’s report to the Bupati, in the panel', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  let head: TestAgent;
  let headB: TestAgent;
  let approver: TestAgent;
  const proofDir = () => path.join(t.config.uploadDir, 'opd-reports');
  const storedFiles = () =>
    fs.existsSync(proofDir())
      ? fs
          .readdirSync(proofDir(), { recursive: true })
          .map(String)
          .filter((f) => f.endsWith('.pdf'))
      : [];
  const state = async () =>
    JSON.stringify({
      reports: await t.db.models.OpdReport.findAll({ raw: true, order: [['id', 'ASC']] }),
      files: await t.db.models.OpdReportFile.findAll({ raw: true, order: [['id', 'ASC']] }),
      stored: storedFiles().sort(),
    });
  const submit = (agent: TestAgent, statement: string, fixtures: string[], extra: Record<string, string> = {}) => {
    let req = agent.post(`${api}/actions/submitReport`).field('statement', statement);
    for (const [k, v] of Object.entries(extra)) req = req.field(k, v);
    fixtures.forEach((f, i) => (req = req.attach(`file${i}`, path.join(PDF_FIXTURE_DIR, f))));
    return req;
  };
  const setPhase = (phase: 'verification' | 'after_deadline') =>
    t.db.models.Campaign.update(campaignDatesIn(phase), { where: { id: s.campaign.id } });

  beforeAll(async () => {
    t = await createTestApp();
    s = await seedSmallRegency(t.db);
    const hash = await bcrypt.hash(TEST_PASSWORD, 4);
    await t.db.models.User.create({
      email: 'kepala.jaten@uji.example',
      name: 'Camat Jaten',
      passwordHash: hash,
      role: 'opd_head',
      opdId: s.opdB.id,
      lastLoginAt: null,
      passwordChangedAt: null,
    });
    head = await login(t.app, 'kepala.dinkes@uji.example');
    headB = await login(t.app, 'kepala.jaten@uji.example');
    approver = await login(t.app, 'approver@uji.example');
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('refuses a report before the campaign ends while ASN are not done, with the reason, and writes nothing', async () => {
    const before = await state();
    const res = await submit(head, STATEMENT, ['scan-ktp.pdf']);
    expect(res.body.notice.type).toBe('error');
    expect(res.body.notice.message).toMatch(
      /setelah putaran PDM berakhir .* atau setelah seluruh ASN OPD selesai \(saat ini 0 dari 6 ASN selesai/,
    );
    expect(await state()).toBe(before);
  });

  it('refuses a non-PDF, a damaged PDF, no file and no statement — Indonesian message, nothing written', async () => {
    await setPhase('after_deadline');
    const before = await state();
    const cases: Array<[string, string[], RegExp]> = [
      [STATEMENT, ['elf-renamed.pdf'], /Berkas elf-renamed\.pdf: Berkas bukan PDF: isinya program \(ELF\)/],
      [STATEMENT, ['scan-ktp.pdf', 'truncated.pdf'], /Berkas ke-2 \(truncated\.pdf\): Berkas PDF rusak/],
      [STATEMENT, ['oversize.pdf'], /melebihi batas 1 MB/],
      [STATEMENT, [], /Lampirkan sekurang-kurangnya satu berkas PDF/],
      ['  ', ['scan-ktp.pdf'], /Pernyataan Kepala OPD wajib diisi/],
    ];
    for (const [statement, files, message] of cases) {
      const res = await submit(head, statement, files);
      expect({ files, type: res.body.notice?.type, message: res.body.notice?.message }).toMatchObject({
        files,
        type: 'error',
        message: expect.stringMatching(message),
      });
      // The form keeps the statement, never the uploaded file's server path.
      expect(res.text).not.toContain(t.config.uploadDir);
      expect(res.text).not.toMatch(/filepath|upload_[0-9a-f]{8,}/);
    }
    expect(await state()).toBe(before);
  });

  it('refuses a verifier, the secretary and the Bupati (403, audited), whatever they post', async () => {
    const before = await state();
    for (const email of ['verifikator.dinkes@uji.example', 'sekretaris.dinkes@uji.example', 'bupati@uji.example', 'approver@uji.example']) {
      const agent = await login(t.app, email);
      const denied = await t.db.models.AuditLog.count({ where: { userEmail: email, outcome: 'denied' } });
      const res = await submit(agent, STATEMENT, ['scan-ktp.pdf']);
      expect({ email, status: res.status }).toEqual({ email, status: 403 });
      expect(await t.db.models.AuditLog.count({ where: { userEmail: email, outcome: 'denied' } })).toBe(denied + 1);
    }
    expect(await state()).toBe(before);
  });

  let v1: number;
  let expectedFigures: OpdReportFigures['summary'];
  it('the head submits with two proof PDFs: figures frozen as the OPD workbook shows them, files stored, audited', async () => {
    expectedFigures = (await buildOpdReport(t.db.models, s.opdA.id, new Date(), null)).summary;
    // An OPD id in the form is not input: the report is the head's own OPD's.
    const res = await submit(head, STATEMENT, ['scan-ktp.pdf', 'small-ijazah.pdf'], {
      opdId: String(s.opdB.id),
      version: '7',
      status: 'acknowledged',
    });
    expect(res.body.notice).toMatchObject({ type: 'success', message: 'Laporan OPD versi 1 terkirim kepada BKPSDM' });
    const row = (await t.db.models.OpdReport.findOne({ where: { opdId: s.opdA.id } }))!;
    v1 = row.id;
    expect(res.body.redirectUrl).toBe(`/admin/resources/opd_reports/records/${row.id}/show`);
    expect(row).toMatchObject({ opdId: s.opdA.id, campaignId: s.campaign.id, version: 1, status: 'submitted', statement: STATEMENT });
    const figures = row.figures as OpdReportFigures;
    expect(figures.summary).toEqual(expectedFigures);
    expect(figures.opd).toEqual({ id: s.opdA.id, code: 'DINKES', name: 'Dinas Kesehatan' });
    expect(figures.toActCount).toBeGreaterThan(0);
    const files = await t.db.models.OpdReportFile.findAll({ where: { opdReportId: row.id }, order: [['id', 'ASC']] });
    expect(files.map((f) => f.originalName)).toEqual(['scan-ktp.pdf', 'small-ijazah.pdf']);
    expect(storedFiles()).toHaveLength(2);
    const audit = await t.db.models.AuditLog.findOne({ where: { action: 'submit', resource: 'opd_reports', recordId: String(row.id) } });
    expect(audit).toMatchObject({ userEmail: 'kepala.dinkes@uji.example', opdId: s.opdA.id, outcome: 'ok' });
    expect(JSON.stringify(audit!.afterData)).not.toMatch(/storageKey|storage_key/);

    // While it waits for BKPSDM, a second one is refused.
    const again = await submit(head, STATEMENT, ['scan-ktp.pdf']);
    expect(again.body.notice.message).toMatch(/versi 1 masih menunggu tanggapan BKPSDM/);
    expect(await t.db.models.OpdReport.count({ where: { opdId: s.opdA.id } })).toBe(1);
  });

  it('the head sees it with its figures and proof links, downloads the proof; the secretary and the Bupati too', async () => {
    const show = await head.get(`${api}/records/${v1}/show`);
    expect(show.status).toBe(200);
    expect(show.body.record.params.statement).toBe(STATEMENT);
    expect(show.body.record.params.figuresText).toContain(`Jumlah ASN: ${expectedFigures.total}`);
    const links = JSON.parse(show.body.record.params.proofFiles) as Array<{ href: string; originalName: string }>;
    expect(links.map((l) => l.originalName)).toEqual(['scan-ktp.pdf', 'small-ijazah.pdf']);
    expect(show.text).not.toMatch(/storageKey|storage_key/);
    for (const email of [
      'kepala.dinkes@uji.example',
      'sekretaris.dinkes@uji.example',
      'bupati@uji.example',
      'approver@uji.example',
      'admin@uji.example',
    ]) {
      const agent = email === 'kepala.dinkes@uji.example' ? head : await login(t.app, email);
      const file = await agent
        .get(links[0].href)
        .buffer(true)
        .parse(binary as never);
      expect({ email, status: file.status, type: file.headers['content-type'] }).toEqual({ email, status: 200, type: 'application/pdf' });
      expect(Buffer.compare(file.body as Buffer, readPdfFixture('scan-ktp.pdf'))).toBe(0);
    }
    expect(await t.db.models.AuditLog.count({ where: { action: 'download', resource: 'opd_reports', recordId: String(v1) } })).toBe(5);
  });

  it('another OPD’s head can neither see, list, download nor decide it; a verifier cannot download it', async () => {
    const before = await state();
    const file = (await t.db.models.OpdReportFile.findOne({ where: { opdReportId: v1 } }))!;
    const show = await headB.get(`${api}/records/${v1}/show`);
    // "Not found" (the answer never tells another OPD's row from a missing one), carrying nothing.
    expect(show.body.notice?.type).toBe('error');
    expect(Object.keys(show.body.record?.params ?? {})).toHaveLength(0);
    expect(show.text).not.toContain(STATEMENT);
    const list = await headB.get(`${api}/actions/list?perPage=100`);
    expect(list.status).toBe(200);
    expect(list.body.records).toEqual([]);
    const search = await headB.get(`${api}/actions/search/sub`);
    expect(JSON.stringify(search.body)).not.toContain(String(STATEMENT));
    for (const filter of [`filters.opdId=${s.opdA.id}`, `filters.id=${v1}`]) {
      const filtered = await headB.get(`${api}/actions/list?${filter}`);
      expect(filtered.body.records ?? []).toEqual([]);
    }
    expect((await headB.get(`/admin/opd-reports/files/${file.id}`)).status).toBe(404);
    expect((await (await login(t.app, 'verifikator.dinkes@uji.example')).get(`/admin/opd-reports/files/${file.id}`)).status).toBe(404);
    expect((await (await login(t.app, 'helpdesk@uji.example')).get(`/admin/opd-reports/files/${file.id}`)).status).toBe(404);
    for (const action of ['acknowledge', 'returnReport']) {
      const res = await headB.post(`${api}/records/${v1}/${action}`).send({ reason: 'bukan urusan saya' });
      // The row is outside their scope: "not found" (or 403), never the row, nothing done.
      const refused = res.status === 403 || res.body.notice?.type === 'error';
      expect({ action, refused, params: Object.keys(res.body.record?.params ?? {}).length }).toEqual({ action, refused: true, params: 0 });
    }
    expect(await state()).toBe(before);
    expect(
      await t.db.models.AuditLog.count({ where: { userEmail: 'kepala.jaten@uji.example', outcome: 'denied' } }),
    ).toBeGreaterThanOrEqual(4);
  });

  it('every other HTTP method on the actions changes nothing: HEAD 405, GET only shows, PUT/PATCH/DELETE refused', async () => {
    const before = await state();
    const urls = [`${api}/actions/submitReport`, `${api}/records/${v1}/acknowledge`, `${api}/records/${v1}/returnReport`];
    for (const [agent, url] of [
      [head, urls[0]],
      [approver, urls[1]],
      [approver, urls[2]],
    ] as const) {
      expect((await agent.head(url)).status).toBe(405);
      const get = await agent.get(url);
      expect(get.body.notice).toBeUndefined();
      expect((await agent.get(url).set('Origin', 'http://evil.example').set('Sec-Fetch-Site', 'cross-site')).status).toBe(403);
      for (const method of ['put', 'patch', 'delete'] as const) {
        const res = await agent[method](url).send({ reason: 'catatan lewat metode lain', statement: STATEMENT });
        expect({ url, method, status: res.status }).toEqual({ url, method, status: expect.any(Number) });
        expect(res.status).toBeGreaterThanOrEqual(400);
      }
      // A cross-site POST is refused before any action runs.
      const evil = await agent.post(url).set('Origin', 'http://evil.example').send({ reason: 'catatan dari situs lain' });
      expect(evil.status).toBe(403);
    }
    expect(await state()).toBe(before);
  });

  it('the approver returns it with a note (required); the head submits version 2; the history is kept', async () => {
    const noNote = await approver.post(`${api}/records/${v1}/returnReport`).send({ reason: '' });
    expect(noNote.body.notice).toMatchObject({ type: 'error', message: expect.stringMatching(/Catatan pengembalian wajib diisi/) });
    expect((await t.db.models.OpdReport.findByPk(v1))!.status).toBe('submitted');
    const ret = await approver.post(`${api}/records/${v1}/returnReport`).send({ reason: 'Lampirkan juga berita acara.' });
    expect(ret.body.notice).toMatchObject({ type: 'success' });
    expect(await t.db.models.OpdReport.findByPk(v1)).toMatchObject({ status: 'returned', decisionNote: 'Lampirkan juga berita acara.' });
    expect(await t.db.models.AuditLog.count({ where: { action: 'return', resource: 'opd_reports', recordId: String(v1) } })).toBe(1);
    // A decided report cannot be decided again.
    const twice = await approver.post(`${api}/records/${v1}/acknowledge`).send({});
    expect(twice.body.notice.message).toMatch(/berstatus 'Dikembalikan untuk diperbaiki'/);

    const res = await submit(head, `${STATEMENT} Berita acara terlampir.`, ['scan-ktp.pdf', 'small-transkrip.pdf']);
    expect(res.body.notice.message).toBe('Laporan OPD versi 2 terkirim kepada BKPSDM');
    const versions = await t.db.models.OpdReport.findAll({ where: { opdId: s.opdA.id }, order: [['version', 'ASC']] });
    expect(versions.map((v) => [v.version, v.status])).toEqual([
      [1, 'returned'],
      [2, 'submitted'],
    ]);
    // The same scan in both versions is stored once.
    expect(storedFiles()).toHaveLength(3);
  });

  it('the approver acknowledges version 2; the head cannot submit again', async () => {
    const v2 = (await t.db.models.OpdReport.findOne({ where: { opdId: s.opdA.id, version: 2 } }))!;
    const res = await approver.post(`${api}/records/${v2.id}/acknowledge`).send({ reason: '' });
    expect(res.body.notice).toMatchObject({ type: 'success', message: 'Laporan OPD diterima' });
    expect(await t.db.models.OpdReport.findByPk(v2.id)).toMatchObject({ status: 'acknowledged', decisionNote: null });
    const again = await submit(head, STATEMENT, ['scan-ktp.pdf']);
    expect(again.body.notice.message).toMatch(/sudah diterima BKPSDM/);
  });

  it('the frozen figures do not follow later changes of the data', async () => {
    const v2 = (await t.db.models.OpdReport.findOne({ where: { opdId: s.opdA.id, version: 2 } }))!;
    const frozen = v2.figures as OpdReportFigures;
    // A new ASN in the OPD and a submission approved after the report.
    const e = await t.db.models.Employee.create({
      nip: makeNip({ birthDate: '1990-01-01', cpnsStart: '2015-03', sex: 'L', sequence: 901 }),
      nik: makeNik({ regionCode: '331306', birthDate: '1990-01-01', sex: 'L', sequence: 901 }),
      name: 'Pegawai Baru Setelah Laporan',
      employeeType: 'PNS',
      opdId: s.opdA.id,
      unit: null,
      position: null,
      rankGrade: 'III/a',
      birthDate: '1990-01-01',
      sex: 'L',
      email: null,
      phone: null,
      mysapkActivatedAt: new Date(),
      passwordChangedAt: null,
      serviceBlockedAt: null,
    });
    await openPlacements(t.db.models, [e]);
    const now = await buildOpdReport(t.db.models, s.opdA.id, new Date(), null);
    expect(now.summary.total).toBe(frozen.summary.total + 1);
    const after = (await t.db.models.OpdReport.findByPk(v2.id))!;
    expect((after.figures as OpdReportFigures).summary).toEqual(frozen.summary);
    const show = await head.get(`${api}/records/${v2.id}/show`);
    expect(show.body.record.params.figuresText).toContain(`Jumlah ASN: ${frozen.summary.total}\n`);
  });

  it('another OPD’s head reports for their own OPD only', async () => {
    const res = await submit(headB, 'Seluruh ASN Kecamatan Jaten telah melaksanakan PDM.', ['small-ijazah.pdf'], {
      opdId: String(s.opdA.id),
    });
    expect(res.body.notice.type).toBe('success');
    const rows = await t.db.models.OpdReport.findAll({ where: { opdId: s.opdB.id } });
    expect(rows).toHaveLength(1);
    expect(await t.db.models.OpdReport.count({ where: { opdId: s.opdA.id } })).toBe(2);
    // Head B lists only their OPD's report.
    const list = await headB.get(`${api}/actions/list?perPage=100`);
    expect(list.body.records.map((r: { params: { opdId: number } }) => r.params.opdId)).toEqual([s.opdB.id]);
  });

  it('the regency workbook (read back) and the Bupati’s dashboard show which OPDs reported', async () => {
    const regent = await login(t.app, 'bupati@uji.example');
    const res = await regent
      .get('/admin/reports/regency/preview')
      .buffer(true)
      .parse(binary as never);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const ws = wb.getWorksheet('Peringkat OPD')!;
    const cellText = (v: ExcelJS.CellValue): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
    const header = (ws.getRow(6).values as ExcelJS.CellValue[]).map(cellText);
    const col = header.indexOf('Laporan Kepala OPD');
    expect(col).toBeGreaterThan(0);
    const byCode = new Map<string, string>();
    ws.eachRow((row, n) => {
      if (n > 6) byCode.set(cellText(row.getCell(2).value), cellText(row.getCell(col).value));
    });
    expect(byCode.get('DINKES')).toMatch(/^Diterima BKPSDM, \d{2} \S+ \d{4} pukul \d{2}\.\d{2} WIB$/);
    expect(byCode.get('KEC-JATEN')).toMatch(/^Menunggu tanggapan BKPSDM, /);
    expect(byCode.get('TOTAL')).toBe('2 dari 2 OPD melapor');

    const dash = await regent.get('/admin/api/dashboard');
    const reports = dash.body.closing.opdReports;
    expect(reports).toMatchObject({ reported: 2, total: 2 });
    const rowA = reports.opds.find((r: { opdId: number }) => r.opdId === s.opdA.id);
    expect(rowA.state).toMatchObject({ status: 'acknowledged', version: 2 });
    // The head's own dashboard: their OPD only.
    const own = (await headB.get('/admin/api/dashboard')).body.closing.opdReports;
    expect(own.opds).toBeNull();
    expect(own.own).toMatchObject({ opdId: s.opdB.id, state: { status: 'submitted' }, canSubmit: false });
    expect(JSON.stringify(own)).not.toContain('Dinas Kesehatan');
  });

  it('the regency workbook as of a moment before the reports shows "Belum melapor"', async () => {
    const { regencyReportFile } = await import('../../../src/domain/reports/workbooks/report-file.js');
    const first = (await t.db.models.OpdReport.findOne({ order: [['submittedAt', 'ASC']] }))!;
    const { report } = await regencyReportFile(t.db.models, new Date(first.submittedAt.getTime() - 1000), { regencyName: 'Kabupaten Uji' });
    expect(report.rows.map((r) => r.headReport?.text)).toEqual(['Belum melapor', 'Belum melapor']);
    await setPhase('verification');
  });
});
