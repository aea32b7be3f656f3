import fs from 'node:fs';
import { Writable } from 'node:stream';
import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { pino } from 'pino';
import request from 'supertest';
import { createApp, type App } from '../../../src/app.js';
import { createContainer, type Container } from '../../../src/container.js';
import { loggedPath } from '../../../src/request-log.js';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { login, seedSmallRegency, testConfig, TEST_PASSWORD } from '../../helpers/app.js';

/** The request log (pino-http): who asked what and how it went, never what they sent or searched for. */
describe('request logs', () => {
  let db: TestDb;
  let container: Container;
  let built: App;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  const lines: string[] = [];
  const requests = () => lines.map((l) => JSON.parse(l)).filter((l) => l.module === 'http');

  beforeAll(async () => {
    db = await createTestDb();
    s = await seedSmallRegency(db);
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
    container = createContainer({ config: testConfig(), db, logger });
    built = createApp(container);
  });
  afterAll(async () => {
    await container.close();
    await db.destroy();
    fs.rmSync(container.config.varDir, { recursive: true, force: true });
  });
  beforeEach(() => void (lines.length = 0));

  it('one line per request: id (sent back as X-Request-Id), method, path, status, duration', async () => {
    const res = await request(built.app).get('/admin/login');
    expect(res.status).toBe(200);
    const [line, ...more] = requests();
    expect(more).toEqual([]);
    expect(line).toMatchObject({ level: 30, msg: 'request', req: { method: 'GET', path: '/admin/login' }, res: { statusCode: 200 } });
    expect(Object.keys(line.req).sort()).toEqual(['id', 'method', 'path']);
    expect(Object.keys(line.res)).toEqual(['statusCode']);
    expect(typeof line.responseTime).toBe('number');
    expect(line.req.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-request-id']).toBe(line.req.id);
    expect(line.user).toBeUndefined();
    // A well-formed id from the proxy is kept; anything else is replaced.
    expect((await request(built.app).get('/admin/login').set('X-Request-Id', 'proxy-42')).headers['x-request-id']).toBe('proxy-42');
    expect(
      (
        await request(built.app)
          .get('/admin/login')
          .set('X-Request-Id', `<script>${'x'.repeat(80)}`)
      ).headers['x-request-id'],
    ).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the signed-in user by id and role; no body, cookie, header, query string or NIK in any line', async () => {
    const nik = s.employees[0].nik!;
    const agent = await login(built.app, s.users.admin.email);
    await agent.get(`/admin/api/resources/employees/actions/list?filters.nik=${nik}&filters.name=Pegawai`);
    await agent.get(`/admin/api/resources/employees/search/${nik}`);
    await agent.post('/admin/login').type('form').send({ email: s.users.verifierA.email, password: 'salah-sekali-123' });
    await agent.get('/admin/api/resources/users/actions/list');
    const log = requests();
    expect(log.map((l) => [l.req.method, l.req.path, l.res.statusCode])).toEqual([
      ['POST', '/admin/login', 302],
      ['GET', '/admin/api/resources/employees/actions/list', 200],
      ['GET', '/admin/api/resources/employees/search/…', 200],
      ['POST', '/admin/login', expect.any(Number)],
      ['GET', '/admin/api/resources/users/actions/list', 200],
    ]);
    // The login request already carries the user it signed in; so do the ones after it.
    expect(log.filter((l) => l.req.method === 'GET').map((l) => l.user)).toEqual(
      [1, 2, 3].map(() => ({ id: s.users.admin.id, role: 'admin' })),
    );
    const all = lines.join('\n');
    for (const secret of [
      nik,
      nik.slice(0, 10),
      'filters',
      'Pegawai',
      TEST_PASSWORD,
      'salah-sekali-123',
      s.users.verifierA.email,
      s.users.admin.email,
      'pdm.sid',
      'cookie',
      'user-agent',
    ]) {
      expect(all).not.toContain(secret);
    }
  });

  it('health checks are not logged; a path loses its query string and long digit runs', async () => {
    expect((await request(built.app).get('/health')).status).toBe(200);
    expect(requests()).toEqual([]);
    expect(loggedPath('/admin/api/resources/employees/records/12/show?x=1')).toBe('/admin/api/resources/employees/records/12/show');
    expect(loggedPath('/admin/x/3313061234567890/y')).toBe('/admin/x/…/y');
  });
});
