import fs from 'node:fs';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { ImportPreview, CommitResult } from '../../../src/domain/imports/import.service.js';
import { createTestApp, login, seedSmallRegency, type TestApp } from '../../helpers/app.js';
import { SAMPLE_FILES } from '../../helpers/siasn-samples.js';

/** The "Impor SIASN" API over HTTP: who may do what, which methods, the downloads. */
describe('panel: SIASN import routes', () => {
  let t: TestApp;
  let agents: Record<'admin' | 'approver' | 'verifier' | 'head' | 'helpdesk', Awaited<ReturnType<typeof login>>>;
  const asn = () => fs.readFileSync(SAMPLE_FILES.asn);
  const origin = 'http://127.0.0.1';
  let importId = 0;

  beforeAll(async () => {
    t = await createTestApp();
    await seedSmallRegency(t.db);
    agents = {
      admin: await login(t.app, 'admin@uji.example'),
      approver: await login(t.app, 'approver@uji.example'),
      verifier: await login(t.app, 'verifikator.dinkes@uji.example'),
      head: await login(t.app, 'kepala.dinkes@uji.example'),
      helpdesk: await login(t.app, 'helpdesk@uji.example'),
    };
  });
  afterAll(async () => {
    await t.close();
  });

  const upload = (who: keyof typeof agents, profile: string, body: Buffer) =>
    agents[who]
      .post(`/admin/api/imports/preview?profile=${profile}&name=siasn-export-asn.csv`)
      .set('Content-Type', 'application/octet-stream')
      .send(body);

  it('refuses the ASN import to every role but the admin, and writes nothing for them', async () => {
    for (const who of ['approver', 'verifier', 'head', 'helpdesk'] as const) {
      const res = await upload(who, 'asn', asn());
      expect(res.status).toBe(403);
      expect((res.body as { message: string }).message).toMatch(/tidak berwenang mengimpor Data ASN/);
    }
    for (const who of ['verifier', 'head', 'helpdesk'] as const) expect((await upload(who, 'usul', asn())).status).toBe(403);
    expect(await t.db.models.Import.count()).toBe(0);
  });

  it('previews, maps units (admin only), rechecks and commits for the admin', async () => {
    const res = await upload('admin', 'asn', asn());
    expect(res.status).toBe(200);
    const preview = res.body as ImportPreview;
    expect(preview.counts).toMatchObject({ rows: 500, errors: 500 });
    importId = preview.import.id;
    const units = preview.unknownUnits.map((u) => ({
      unitId: u.unit.id,
      unitName: u.unit.name,
      opdId: u.suggestion?.opd.id ?? preview.opds[0].id,
    }));
    for (const who of ['approver', 'verifier'] as const) {
      expect((await agents[who].post('/admin/api/imports/units').send({ mappings: units })).status).toBe(403);
    }
    const saved = await agents.admin.post('/admin/api/imports/units').send({ mappings: units });
    expect(saved.status).toBe(200);
    expect((saved.body as { saved: number }).saved).toBe(units.length);
    const again = await agents.admin.post(`/admin/api/imports/${importId}/recheck`);
    expect((again.body as ImportPreview).counts).toMatchObject({ rows: 500, errors: 0 });
    // Another role cannot commit the admin's preview (not found, nothing written).
    expect((await agents.approver.post(`/admin/api/imports/${importId}/commit`).send({})).status).toBe(404);
    const done = await agents.admin.post(`/admin/api/imports/${importId}/commit`).send({ skipInvalid: false });
    expect(done.status).toBe(200);
    const result = done.body as CommitResult;
    expect(result.counts.new + result.counts.changed).toBe(500);
    expect(await t.db.models.Employee.count({ where: { nip: '199304012016111001' } })).toBe(1);
  });

  it('serves the error report to importers and the original to the admin only; every other method is refused', async () => {
    const xlsx = await agents.admin.get(`/admin/imports/${importId}/errors.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect((await agents.approver.get(`/admin/imports/${importId}/errors.xlsx`)).status).toBe(200);
    expect((await agents.verifier.get(`/admin/imports/${importId}/errors.xlsx`)).status).toBe(404);
    const original = await agents.admin.get(`/admin/imports/${importId}/original`);
    expect(original.status).toBe(200);
    expect(original.headers['content-length']).toBe(String(asn().length));
    for (const who of ['approver', 'verifier', 'head'] as const)
      expect((await agents[who].get(`/admin/imports/${importId}/original`)).status).toBe(404);
    for (const method of ['get', 'put', 'patch', 'delete'] as const) {
      const res = await agents.admin[method](`/admin/api/imports/${importId}/commit`);
      expect([404, 405]).toContain(res.status);
    }
    expect((await agents.admin.head(`/admin/api/imports/${importId}/commit`)).status).toBe(405);
    const cross = await agents.admin.post(`/admin/api/imports/${importId}/recheck`).set('Origin', 'https://jahat.example');
    expect(cross.status).toBe(403);
    void origin;
    // Not logged in: refused before any service.
    const anon = await (await import('supertest')).default(t.app).post('/admin/api/imports/preview?profile=asn').send(asn());
    expect([401, 302]).toContain(anon.status);
  });

  it('reports the progress of a preview and a commit to the user who started it, and to nobody else', async () => {
    const token = 'uji-progres-0123456789';
    const progress = (who: keyof typeof agents, tk: string) => agents[who].get(`/admin/api/imports/progress/${tk}`);
    expect((await progress('admin', token)).body).toEqual({ phase: null, rows: 0, total: null, message: null });
    const res = await agents.admin
      .post(`/admin/api/imports/preview?profile=asn&name=siasn-export-asn.csv&progress=${token}`)
      .set('Content-Type', 'application/octet-stream')
      .send(asn());
    expect(res.status).toBe(200);
    const preview = res.body as ImportPreview;
    // The units are mapped and the employees imported above: a re-import, 500 rows, all unchanged.
    expect(preview.counts).toMatchObject({ rows: 500, errors: 0, unchanged: 500 });
    const checked = await progress('admin', token);
    expect(checked.status).toBe(200);
    expect(checked.body).toEqual({ phase: 'validate', rows: 500, total: null, message: 'Memeriksa baris: 500' });
    // Another user's token is not theirs to read; a malformed token is nobody's.
    expect((await progress('approver', token)).body).toMatchObject({ phase: null, message: null });
    expect((await progress('admin', 'x')).body).toMatchObject({ phase: null });

    const commitToken = 'uji-progres-komit-987654';
    const done = await agents.admin.post(`/admin/api/imports/${preview.import.id}/commit?progress=${commitToken}`).send({});
    expect(done.status).toBe(200);
    expect((done.body as CommitResult).nothingChanged).toBe(true);
    expect((await progress('admin', commitToken)).body).toEqual({
      phase: 'commit',
      rows: 500,
      total: 500,
      message: 'Mengimpor baris: 500 dari 500',
    });
    // Only GET reads it.
    expect([404, 405]).toContain((await agents.admin.post(`/admin/api/imports/progress/${commitToken}`).send({})).status);
  });
});
