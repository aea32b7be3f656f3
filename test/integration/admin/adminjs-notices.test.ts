import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, login, seedSmallRegency, type TestApp } from '../../helpers/app.js';

/**
 * AdminJS builds some refusals itself, in English and with the resource's code ("Record with given
 * id: "7" cannot be found in resource "opd_reports""). Through the panel's real HTTP API they
 * arrive in Indonesian, for another OPD's record and a missing one alike (the answer does not tell
 * "elsewhere" from "missing").
 */
describe('AdminJS’s own refusals in Indonesian', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;

  beforeAll(async () => {
    t = await createTestApp();
    s = await seedSmallRegency(t.db);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('a record outside the scope or missing: "Data #id tidak ditemukan atau di luar wewenang Anda"', async () => {
    const agent = await login(t.app, 'verifikator.dinkes@uji.example');
    const other = s.employees.find((e) => e.opdId === s.opdB.id)!;
    for (const id of [other.id, 987654]) {
      for (const action of ['show', 'edit']) {
        const res = await agent.get(`/admin/api/resources/employees/records/${id}/${action}`);
        const body = res.body as { notice?: { message: string; type: string }; record?: { params: object } };
        expect(body.notice).toEqual({ message: `Data #${id} tidak ditemukan atau di luar wewenang Anda`, type: 'error' });
        expect(JSON.stringify(body)).not.toMatch(/cannot be found|resource "/);
        expect(body.record?.params).toEqual({});
      }
    }
  });

  it('a record the viewer may see still answers as before', async () => {
    const agent = await login(t.app, 'verifikator.dinkes@uji.example');
    const own = s.employees.find((e) => e.opdId === s.opdA.id)!;
    const res = await agent.get(`/admin/api/resources/employees/records/${own.id}/show`);
    expect(res.status).toBe(200);
    expect((res.body as { record: { params: { nip: string } } }).record.params.nip).toBe(own.nip);
    expect((res.body as { notice?: unknown }).notice).toBeUndefined();
  });
});
