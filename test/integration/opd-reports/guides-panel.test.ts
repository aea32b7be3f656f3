import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { createTestApp, seedSmallRegency, login, type TestApp } from '../../helpers/app.js';
import { PDF_FIXTURE_DIR, readPdfFixture } from '../../helpers/pdf-fixtures.js';
import { ROLE_EMAIL } from '../../helpers/security-fixture.js';
import { ROLES } from '../../../src/domain/shared/constants.js';

/**
 * Guides per campaign (issue 13): BKPSDM (admin, approver) uploads them — checked like documents —,
 * every role lists them, sees them on the dashboard and downloads them through the authorised
 * route; the report mails link to them.
 */

const binary = (
  res: NodeJS.ReadableStream & { setEncoding(e: string): void; on(ev: string, cb: (c?: unknown) => void): void },
  cb: (err: Error | null, body: Buffer) => void,
) => {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c as Buffer));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

const api = '/admin/api/resources/guides';

describe('guides in the panel', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  const guideDir = () => path.join(t.config.uploadDir, 'guides');
  const stored = () =>
    fs.existsSync(guideDir())
      ? fs
          .readdirSync(guideDir(), { recursive: true })
          .map(String)
          .filter((f) => f.endsWith('.pdf'))
      : [];
  const upload = async (email: string, fields: Record<string, string>, fixture?: string) => {
    const agent = await login(t.app, email);
    let req = agent.post(`${api}/actions/new`);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    if (fixture) req = req.attach('file', path.join(PDF_FIXTURE_DIR, fixture));
    return req;
  };

  beforeAll(async () => {
    t = await createTestApp();
    s = await seedSmallRegency(t.db);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('refuses a non-PDF, a missing title and a missing file with an Indonesian message; nothing written', async () => {
    const fields = { campaignId: String(s.campaign.id), title: 'Buku Saku PDM', kind: 'buku_saku' };
    for (const [f, fixture, message] of [
      [fields, 'elf-renamed.pdf', /Berkas elf-renamed\.pdf: Berkas bukan PDF: isinya program \(ELF\)/],
      [fields, 'encrypted.pdf', /terkunci kata sandi/],
      [{ ...fields, title: '' }, 'scan-ktp.pdf', /Judul panduan wajib diisi/],
      [{ ...fields, kind: 'rahasia' }, 'scan-ktp.pdf', /Jenis panduan tidak dikenal/],
      [fields, undefined, /Pilih berkas PDF panduan/],
    ] as const) {
      const res = await upload('approver@uji.example', f, fixture);
      expect({ fixture, type: res.body.notice?.type, message: res.body.notice?.message }).toMatchObject({
        fixture,
        type: 'error',
        message: expect.stringMatching(message),
      });
      expect(res.text).not.toContain(t.config.uploadDir);
    }
    expect(await t.db.models.Guide.count()).toBe(0);
    expect(stored()).toEqual([]);
  });

  it('only BKPSDM (admin, approver) uploads; every other role is refused (403, audited), nothing written', async () => {
    for (const role of ROLES.filter((r) => r !== 'admin' && r !== 'approver')) {
      const email = ROLE_EMAIL[role];
      const denied = await t.db.models.AuditLog.count({ where: { userEmail: email, outcome: 'denied' } });
      const res = await upload(email, { campaignId: String(s.campaign.id), title: 'Panduan palsu', kind: 'juknis' }, 'scan-ktp.pdf');
      expect({ role, status: res.status }).toEqual({ role, status: 403 });
      expect(await t.db.models.AuditLog.count({ where: { userEmail: email, outcome: 'denied' } })).toBe(denied + 1);
    }
    expect(await t.db.models.Guide.count()).toBe(0);
    expect(stored()).toEqual([]);
  });

  it('the approver and the administrator upload the Buku Saku and the Juknis (audited)', async () => {
    const a = await upload(
      'approver@uji.example',
      { campaignId: String(s.campaign.id), title: 'Buku Saku PDM ASN', kind: 'buku_saku' },
      'scan-ktp.pdf',
    );
    expect(a.body.notice).toMatchObject({ type: 'success', message: 'Panduan "Buku Saku PDM ASN" diunggah' });
    const b = await upload(
      'admin@uji.example',
      { campaignId: String(s.campaign.id), title: 'Juknis PDM 2026', kind: 'juknis' },
      'small-ijazah.pdf',
    );
    expect(b.body.notice.type).toBe('success');
    expect((await t.db.models.Guide.findAll({ order: [['id', 'ASC']] })).map((g) => [g.title, g.kind, g.campaignId])).toEqual([
      ['Buku Saku PDM ASN', 'buku_saku', s.campaign.id],
      ['Juknis PDM 2026', 'juknis', s.campaign.id],
    ]);
    expect(stored()).toHaveLength(2);
    expect(await t.db.models.AuditLog.count({ where: { action: 'upload', resource: 'guides', outcome: 'ok' } })).toBe(2);
  });

  it('every role lists them, sees them on the dashboard and downloads them; no storage key leaves the server', async () => {
    const guides = await t.db.models.Guide.findAll({ order: [['id', 'ASC']] });
    for (const role of ROLES) {
      const agent = await login(t.app, ROLE_EMAIL[role]);
      const list = await agent.get(`${api}/actions/list?perPage=50`);
      expect({ role, titles: list.body.records?.map((r: { params: { title: string } }) => r.params.title).sort() }).toEqual({
        role,
        titles: ['Buku Saku PDM ASN', 'Juknis PDM 2026'],
      });
      expect(list.text).not.toMatch(/storageKey|storage_key/);
      const dash = await agent.get('/admin/api/dashboard');
      expect({ role, links: dash.body.closing.guides.map((g: { href: string }) => g.href) }).toEqual({
        role,
        links: guides.map((g) => `/admin/guides/${g.id}/file`),
      });
      const file = await agent
        .get(`/admin/guides/${guides[0].id}/file`)
        .buffer(true)
        .parse(binary as never);
      expect({ role, status: file.status, type: file.headers['content-type'] }).toEqual({ role, status: 200, type: 'application/pdf' });
      expect(Buffer.compare(file.body as Buffer, readPdfFixture('scan-ktp.pdf'))).toBe(0);
      // Editing or deleting is BKPSDM's only.
      if (role !== 'admin' && role !== 'approver') {
        const del = await agent.post(`${api}/records/${guides[0].id}/delete`).send({});
        expect({ role, status: del.status }).toEqual({ role, status: 403 });
      }
      const edit = await agent.post(`${api}/records/${guides[0].id}/edit`).send({ title: 'Diubah' });
      expect({ role, status: edit.status }).toEqual({ role, status: 403 });
    }
    expect(await t.db.models.Guide.count()).toBe(2);
    expect((await t.db.models.Guide.findByPk(guides[0].id))!.title).toBe('Buku Saku PDM ASN');
    // Not signed in: the login page, never the file.
    const anonymous = await (await import('supertest')).default(t.app).get(`/admin/guides/${guides[0].id}/file`);
    expect(anonymous.status).not.toBe(200);
    expect(anonymous.headers['content-type'] ?? '').not.toContain('application/pdf');
    expect((await (await login(t.app, 'bupati@uji.example')).get('/admin/guides/999999/file')).status).toBe(404);
  });

  it('the report mails link to the campaign’s guides by their panel URL', async () => {
    const admin = await login(t.app, 'admin@uji.example');
    const made = await admin
      .post('/admin/api/resources/report_schedules/actions/new')
      .field('name', 'Harian OPD')
      .field('reportKind', 'opd')
      .field('cron', '0 7 * * *')
      .field('campaignId', String(s.campaign.id))
      .field('enabled', 'true');
    expect(made.body.notice.type).toBe('success');
    const res = await admin.post(`/admin/api/resources/report_schedules/records/${made.body.record.params.id}/sendTest`).send({});
    expect(res.body.notice.message).toMatch(/1 dari 1/);
    const outbox = t.config.outboxDir;
    const eml = fs.readdirSync(outbox).find((f) => f.endsWith('.eml'))!;
    const mail = await simpleParser(fs.readFileSync(path.join(outbox, eml)));
    const guides = await t.db.models.Guide.findAll({
      order: [
        ['kind', 'ASC'],
        ['title', 'ASC'],
      ],
    });
    for (const g of guides) {
      const url = `${t.config.appBaseUrl}/admin/guides/${g.id}/file`;
      expect(mail.text).toContain(`- ${g.title}: ${url}`);
      expect(mail.html).toContain(`href="${url}"`);
    }
  });

  it('the approver removes a guide: the row and its file go (audited)', async () => {
    const g = (await t.db.models.Guide.findOne({ where: { kind: 'juknis' } }))!;
    const approver = await login(t.app, 'approver@uji.example');
    expect((await approver.get(`${api}/records/${g.id}/delete`)).body.notice).toBeUndefined();
    expect(await t.db.models.Guide.count()).toBe(2);
    const res = await approver.post(`${api}/records/${g.id}/delete`).send({});
    expect(res.body.notice).toMatchObject({ type: 'success', message: 'Panduan dihapus' });
    expect(await t.db.models.Guide.findByPk(g.id)).toBeNull();
    expect(stored()).toHaveLength(1);
    expect(await t.db.models.AuditLog.count({ where: { action: 'delete', resource: 'guides', recordId: String(g.id) } })).toBe(1);
  });
});
