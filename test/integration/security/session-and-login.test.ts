import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import request from 'supertest';
import bcrypt from 'bcryptjs';
import { Op } from 'sequelize';
import type { ActionContext, ActionRequest } from 'adminjs';
import { TEST_PASSWORD } from '../../helpers/app.js';
import {
  createSecurityApp,
  loginAs,
  seedSecurityFixture,
  sessionCookie,
  type Fixture,
  type SecurityApp,
} from '../../helpers/security-fixture.js';
import { postOnly } from '../../../src/admin/resource-helpers.js';
import { AttemptThrottle } from '../../../src/domain/users/login-throttle.service.js';

/**
 * Login and sessions: a new session id at login, idle and absolute timeouts, cookie flags,
 * sessions ended by deactivation or a role change, login throttling per account and per IP
 * (surviving a restart / shared by instances), cross-site requests, security headers.
 */

const sidOf = (cookie: string) => decodeURIComponent(cookie).replace(/^s:/, '').split('.')[0];
const API = '/admin/api/resources/opds/actions/list';

describe('login and sessions', () => {
  let t: SecurityApp;
  let f: Fixture;
  beforeAll(async () => {
    // TRUST_PROXY lets the tests speak for several client IPs (X-Forwarded-For) as a load balancer would.
    t = await createSecurityApp({ TRUST_PROXY: '1' });
    f = await seedSecurityFixture(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('session id, cookie, timeouts', () => {
    it('gives a new session id at login: a session planted before login is worth nothing after it', async () => {
      const agent = request.agent(t.app);
      const anon = await agent.get('/admin/resources/employees'); // the guard remembers where to go back
      expect(anon.status).toBe(302);
      const before = sessionCookie(anon);
      expect(before).not.toBeNull();
      expect(await t.db.models.Session.count({ where: { sid: sidOf(before!) } })).toBe(1);

      const res = await agent.post('/admin/login').type('form').send({ email: 'approver@uji.example', password: TEST_PASSWORD });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/admin/resources/employees');
      const after = sessionCookie(res);
      expect(after).not.toBeNull();
      expect(sidOf(after!)).not.toBe(sidOf(before!));
      expect(await t.db.models.Session.count({ where: { sid: sidOf(before!) } })).toBe(0);
      expect((await agent.get(API)).status).toBe(200);
      // The old cookie does not carry the login.
      expect((await request(t.app).get(API).set('Cookie', `pdm.sid=${before}`)).status).toBe(401);
    });

    it('sets the session cookie httpOnly, SameSite=Strict, on the panel path only', async () => {
      const res = await request(t.app).post('/admin/login').type('form').send({ email: 'approver@uji.example', password: TEST_PASSWORD });
      const raw = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('pdm.sid='))!;
      expect(raw).toMatch(/HttpOnly/i);
      expect(raw).toMatch(/SameSite=Strict/i);
      expect(raw).toMatch(/Path=\/admin/);
      expect(raw).toMatch(/Expires=/); // idle timeout (rolling)
      expect(raw).not.toMatch(/Secure/); // plain http in this test app
    });

    it('ends a session idle for longer than the idle timeout', async () => {
      const agent = await loginAs(t.app, 'bupati@uji.example');
      expect((await agent.get(API)).status).toBe(200);
      // Idle: the store's expiry (the rolling cookie's) has passed.
      await t.db.models.Session.update({ expires: new Date(Date.now() - 1000) }, { where: { userId: f.users.regent.id } });
      expect((await agent.get(API)).status).toBe(401);
    });

    it('ends a session older than the absolute timeout, even when it was used all along', async () => {
      const agent = await loginAs(t.app, 'helpdesk@uji.example');
      expect((await agent.get(API)).status).toBe(200);
      const rows = await t.db.models.Session.findAll({ where: { userId: f.users.helpdesk.id } });
      expect(rows.length).toBe(1);
      const data = JSON.parse(rows[0].data!);
      data.loginAt = Date.now() - (t.config.sessionAbsoluteHours * 3600 + 60) * 1000;
      await rows[0].update({ data: JSON.stringify(data) });
      const res = await agent.get(API);
      expect(res.status).toBe(401);
      expect(await t.db.models.Session.count({ where: { sid: rows[0].sid } })).toBe(0);
      expect(await t.db.models.AuditLog.count({ where: { action: 'session_ended', userEmail: 'helpdesk@uji.example' } })).toBe(1);
    });

    it('logout is POST only, from our own origin: GET, HEAD and a foreign Origin leave the session; a same-origin POST ends it in the database', async () => {
      const agent = await loginAs(t.app, 'bkn@uji.example');
      const sessions = () => t.db.models.Session.count({ where: { userId: f.users.bkn.id } });
      expect(await sessions()).toBe(1);

      // A link or an image on any page of the site: refused, and the page offers the POST form.
      const get = await agent.get('/admin/logout');
      expect(get.status).toBe(405);
      expect(get.headers.allow).toBe('POST');
      expect(get.text).toMatch(/<form method="post" action="\/admin\/logout">/);
      expect(get.text).toContain('Keluar dari PDM Monitor?');
      expect((await agent.head('/admin/logout')).status).toBe(405);
      expect(await sessions()).toBe(1);
      expect((await agent.get(API)).status).toBe(200);

      // A form on another site posting to our logout: refused (403, audited).
      const evil = await agent.post('/admin/logout').set('Origin', 'http://evil.example');
      expect(evil.status).toBe(403);
      expect(await sessions()).toBe(1);
      expect(
        await t.db.models.AuditLog.count({
          where: { action: 'denied', userEmail: 'bkn@uji.example', message: { [Op.like]: '%evil.example%/admin/logout%' } },
        }),
      ).toBe(1);
      expect((await agent.get(API)).status).toBe(200);

      // The panel's own form: the session ends, in the database too.
      const out = await agent.post('/admin/logout').set('Origin', t.config.appBaseUrl);
      expect(out.status).toBe(303);
      expect(out.headers.location).toBe('/admin/login');
      expect(await sessions()).toBe(0);
      expect((await agent.get(API)).status).toBe(401);
    });

    it('sets Secure cookies behind a TLS-terminating proxy', async () => {
      const tls = await createSecurityApp({ TRUST_PROXY: '1', APP_BASE_URL: 'https://pdm.karanganyarkab.go.id' });
      try {
        await seedSecurityFixture(tls.db);
        const res = await request(tls.app)
          .post('/admin/login')
          .set('X-Forwarded-Proto', 'https')
          .set('Origin', 'https://pdm.karanganyarkab.go.id')
          .type('form')
          .send({ email: 'admin@uji.example', password: TEST_PASSWORD });
        expect(res.status).toBe(302);
        const raw = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('pdm.sid='))!;
        expect(raw).toMatch(/;\s*Secure/i);
        expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      } finally {
        await tls.close();
      }
    });
  });

  describe('users changed by an administrator', () => {
    it('deactivating a user ends their sessions at once, and they cannot log in again', async () => {
      const admin = await loginAs(t.app, 'admin@uji.example');
      const user = await loginAs(t.app, 'verifikator.jaten@uji.example');
      const other = await loginAs(t.app, 'verifikator.jaten@uji.example'); // a second browser
      expect((await user.get(API)).status).toBe(200);
      const id = f.users.verifierB.id;
      const versionBefore = (await t.db.models.User.findByPk(id))!.sessionVersion;
      expect(await t.db.models.Session.count({ where: { userId: id } })).toBe(2);

      const res = await admin.post(`/admin/api/resources/users/records/${id}/edit`).type('form').send({ active: 'false' });
      expect(res.body.notice.type).toBe('success');
      const after = (await t.db.models.User.findByPk(id))!;
      expect(after.active).toBe(false);
      expect(after.sessionVersion).toBe(versionBefore + 1);
      expect(await t.db.models.Session.count({ where: { userId: id } })).toBe(0);
      expect((await user.get(API)).status).toBe(401);
      expect((await other.get('/admin/resources/employees')).status).toBe(302);
      const again = await request(t.app)
        .post('/admin/login')
        .type('form')
        .send({ email: 'verifikator.jaten@uji.example', password: TEST_PASSWORD });
      expect(again.status).toBe(401);
      // The change itself is audited.
      expect(await t.db.models.AuditLog.count({ where: { action: 'update', resource: 'users', recordId: String(id) } })).toBe(1);
    });

    it('a session still in flight when its row survived is refused by the version check', async () => {
      const admin = await loginAs(t.app, 'admin@uji.example');
      const user = await loginAs(t.app, 'sekretaris.jaten@uji.example');
      const id = f.users.secretaryB.id;
      const saved = await t.db.models.Session.findAll({ where: { userId: id } });
      await admin.post(`/admin/api/resources/users/records/${id}/edit`).type('form').send({ role: 'opd_head' });
      // Even if the row came back (e.g. a replica lagging), the bumped version refuses it.
      for (const row of saved) await t.db.models.Session.create(row.get({ plain: true }));
      expect((await user.get(API)).status).toBe(401);
      expect(await t.db.models.AuditLog.count({ where: { action: 'session_ended', userEmail: 'sekretaris.jaten@uji.example' } })).toBe(1);
    });

    it('a harmless change (the name) does not end the session', async () => {
      const admin = await loginAs(t.app, 'admin@uji.example');
      const user = await loginAs(t.app, 'kepala.jaten@uji.example');
      const res = await admin
        .post(`/admin/api/resources/users/records/${f.users.headB.id}/edit`)
        .type('form')
        .send({ name: 'Camat Jaten', email: 'kepala.jaten@uji.example', role: 'opd_head', opdId: String(f.opdB.id), active: 'true' });
      expect(res.body.notice.type).toBe('success');
      expect((await user.get(API)).status).toBe(200);
    });
  });

  describe('login throttling', () => {
    it('refuses the 6th attempt on one account within 15 minutes, even with the right password, and across a restart', async () => {
      const email = 'approver@uji.example';
      const ip = '10.1.1.1';
      for (let i = 0; i < 5; i++) {
        const res = await request(t.app)
          .post('/admin/login')
          .set('X-Forwarded-For', `10.1.1.${10 + i}`)
          .type('form')
          .send({ email, password: `salah-${i}-sandi` });
        expect(res.status).toBe(401);
      }
      const blocked = await request(t.app)
        .post('/admin/login')
        .set('X-Forwarded-For', ip)
        .type('form')
        .send({ email, password: TEST_PASSWORD });
      expect(blocked.status).toBe(429);
      expect(sessionCookie(blocked)).toBeNull();
      // The page shows the Indonesian message (the panel's `id` translation of the key it carries).
      expect(blocked.text).toContain('tooManyRequests');
      expect(blocked.text).toContain('Terlalu banyak percobaan masuk. Coba lagi beberapa menit lagi.');
      expect(await t.db.models.AuditLog.count({ where: { action: 'login_blocked', userEmail: email } })).toBe(1);
      // The same e-mail in another case is the same account.
      expect(
        (await request(t.app).post('/admin/login').type('form').send({ email: 'APPROVER@uji.example', password: TEST_PASSWORD })).status,
      ).toBe(429);

      // A restart (or another instance on the same database) still blocks: the count is in the database.
      const restarted = t.another();
      const again = await request(restarted.app)
        .post('/admin/login')
        .set('X-Forwarded-For', '10.9.9.9')
        .type('form')
        .send({ email, password: TEST_PASSWORD });
      expect(again.status).toBe(429);

      // Other accounts are not affected.
      expect(
        (await request(restarted.app).post('/admin/login').type('form').send({ email: 'bupati@uji.example', password: TEST_PASSWORD }))
          .status,
      ).toBe(302);

      // Once the window of those failures has ended, the account opens again.
      await t.db.models.AuthThrottle.update(
        { windowStart: new Date(Date.now() - 16 * 60 * 1000) },
        { where: { scope: 'login_account', subject: email } },
      );
      expect((await request(t.app).post('/admin/login').type('form').send({ email, password: TEST_PASSWORD })).status).toBe(302);
    });

    describe('parallel bursts (the attempt is claimed before the password is checked)', () => {
      const freshUser = async (email: string) =>
        t.db.models.User.create({
          email,
          name: email.split('@')[0],
          passwordHash: await bcrypt.hash(TEST_PASSWORD, 4),
          role: 'helpdesk',
          opdId: null,
          lastLoginAt: null,
          passwordChangedAt: null,
        });
      const tryLogin = (app: SecurityApp['app'], email: string, password: string, ip: string) =>
        request(app).post('/admin/login').set('X-Forwarded-For', ip).type('form').send({ email, password });
      const tally = (statuses: number[]) => ({
        checked: statuses.filter((x) => x === 401 || x === 302).length,
        failed: statuses.filter((x) => x === 401).length,
        ok: statuses.filter((x) => x === 302).length,
        blocked: statuses.filter((x) => x === 429).length,
      });

      it('12 wrong passwords at once, on two servers, from 12 addresses: exactly 5 are checked, 7 refused; then the right password is refused', async () => {
        const email = 'serbu.paralel@uji.example';
        await freshUser(email);
        const second = t.secondServer();
        try {
          const burst = await Promise.all(
            Array.from({ length: 12 }, (_, i) => tryLogin(i % 2 ? second.app : t.app, email, `tebakan-${i}-salah`, `10.4.4.${i + 1}`)),
          );
          expect(tally(burst.map((r) => r.status))).toEqual({ checked: 5, failed: 5, ok: 0, blocked: 7 });
          expect(burst.every((r) => sessionCookie(r) === null)).toBe(true);
          expect(await t.db.models.AuditLog.count({ where: { action: 'login_failed', userEmail: email } })).toBe(5);
          expect(await t.db.models.AuditLog.count({ where: { action: 'login_blocked', userEmail: email } })).toBe(7);
          const right = await tryLogin(second.app, email, TEST_PASSWORD, '10.4.4.100');
          expect(right.status).toBe(429);
          expect(sessionCookie(right)).toBeNull();
        } finally {
          await second.close();
        }
      });

      it('11 wrong at once, then the right password while they are still being checked: the right one is refused too', async () => {
        const email = 'serbu.lalu.benar@uji.example';
        await freshUser(email);
        const second = t.secondServer();
        try {
          const wrong = Array.from({ length: 11 }, (_, i) =>
            tryLogin(i % 2 ? second.app : t.app, email, `tebakan-${i}-salah`, `10.5.5.${i + 1}`).then((r) => r.status),
          );
          // The limit is claimed (5 attempts counted) before the right password is sent.
          const counter = t.db.models.AuthThrottle;
          const deadline = Date.now() + 20_000;
          while (((await counter.findOne({ where: { scope: 'login_account', subject: email } }))?.attempts ?? 0) < 5) {
            if (Date.now() > deadline) throw new Error('the burst never claimed 5 attempts');
            await new Promise((r) => setTimeout(r, 2));
          }
          const right = await tryLogin(t.app, email, TEST_PASSWORD, '10.5.5.100');
          const statuses = await Promise.all(wrong);
          expect(right.status).toBe(429);
          expect(sessionCookie(right)).toBeNull();
          expect(tally(statuses)).toEqual({ checked: 5, failed: 5, ok: 0, blocked: 6 });
          expect(await t.db.models.AuditLog.count({ where: { action: 'login_failed', userEmail: email } })).toBe(5);
          expect((await t.db.models.User.findOne({ where: { email } }))!.lastLoginAt).toBeNull();
        } finally {
          await second.close();
        }
      });

      it('the right password inside a burst of wrong ones: never more than 5 wrong ones checked, and a success gives its own attempt back', async () => {
        const email = 'serbu.campur@uji.example';
        await freshUser(email);
        const passwords = [...Array.from({ length: 11 }, (_, i) => `tebakan-${i}-salah`), TEST_PASSWORD];
        const burst = await Promise.all(passwords.map((p, i) => tryLogin(t.app, email, p, `10.6.6.${i + 1}`)));
        const result = tally(burst.map((r) => r.status));
        expect(result.failed).toBeLessThanOrEqual(5);
        expect(result.ok).toBeLessThanOrEqual(1);
        expect(result.checked + result.blocked).toBe(12);
        // The counter holds the failures only: the success did not count, nor did it wipe them.
        expect(await t.services.throttle.accountAttempts(email)).toBe(result.failed);
        expect(await t.db.models.AuditLog.count({ where: { action: 'login_failed', userEmail: email } })).toBe(result.failed);
      });

      it('the counter itself: 60 claims at once over three connections take exactly the limit; a new window starts once it has ended', async () => {
        const servers = [t.secondServer(), t.secondServer()];
        try {
          const throttles = [t.db, ...servers.map((x) => x.db)].map((d) => new AttemptThrottle(d.models, 15 * 60 * 1000));
          const key = { scope: 'login_account' as const, subject: 'penghitung@uji.example', max: 5 };
          const claims = await Promise.all(Array.from({ length: 60 }, (_, i) => throttles[i % 3].claim([key])));
          expect(claims.filter(Boolean)).toHaveLength(5);
          expect(await throttles[0].count(key)).toBe(5);
          // The window ends: the next claim opens a new one (and only one of a new burst does so).
          await t.db.models.AuthThrottle.update(
            { windowStart: new Date(Date.now() - 16 * 60 * 1000) },
            { where: { subject: key.subject } },
          );
          const next = await Promise.all(Array.from({ length: 20 }, (_, i) => throttles[i % 3].claim([key])));
          expect(next.filter(Boolean)).toHaveLength(5);
          expect(await throttles[1].count(key)).toBe(5);
        } finally {
          for (const x of servers) await x.close();
        }
      });

      it('40 wrong logins at once from one address, each for another account: exactly 30 are checked', async () => {
        const ip = '10.7.7.7';
        const burst = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            tryLogin(i % 2 ? t.another().app : t.app, `tak-dikenal-${i}@uji.example`, 'salah-sandi-1', ip),
          ),
        );
        expect(tally(burst.map((r) => r.status))).toEqual({ checked: 30, failed: 30, ok: 0, blocked: 10 });
        expect(await t.db.models.AuditLog.count({ where: { action: 'login_failed', ip } })).toBe(30);
        // A refused request took nothing from the account it named: those accounts are untouched.
        const counted = await t.db.models.AuthThrottle.count({
          where: { scope: 'login_account', subject: { [Op.like]: 'tak-dikenal-%' }, attempts: { [Op.gt]: 0 } },
        });
        expect(counted).toBe(30);
      }, 180_000); // bcrypt for each attempt: slow on a loaded two-core machine
    });

    it('refuses an IP that failed too often, whatever account it tries next', async () => {
      const ip = '10.2.2.2';
      for (let i = 0; i < 30; i++) {
        const res = await request(t.app)
          .post('/admin/login')
          .set('X-Forwarded-For', ip)
          .type('form')
          .send({ email: `tidak-ada-${i}@uji.example`, password: 'salah-sandi-1' });
        expect(res.status).toBe(401);
      }
      const fromIp = await request(t.app)
        .post('/admin/login')
        .set('X-Forwarded-For', ip)
        .type('form')
        .send({ email: 'bupati@uji.example', password: TEST_PASSWORD });
      expect(fromIp.status).toBe(429);
      const elsewhere = await request(t.another().app)
        .post('/admin/login')
        .set('X-Forwarded-For', '10.3.3.3')
        .type('form')
        .send({ email: 'bupati@uji.example', password: TEST_PASSWORD });
      expect(elsewhere.status).toBe(302);
      const rows = await t.db.models.AuditLog.count({ where: { action: 'login_failed', ip } });
      expect(rows).toBe(30);
    }, 180_000); // bcrypt for each attempt: slow on a loaded two-core machine
  });

  describe('cross-site requests', () => {
    it('refuses a state-changing POST from another origin, audited; same origin works', async () => {
      const agent = await loginAs(t.app, 'admin@uji.example');
      const before = await t.db.models.Opd.count();
      const evil = await agent
        .post('/admin/api/resources/opds/actions/new')
        .set('Origin', 'http://evil.example')
        .type('form')
        .send({ code: 'EVIL', name: 'OPD Palsu', kind: 'dinas' });
      expect(evil.status).toBe(403);
      expect(await t.db.models.Opd.count()).toBe(before);
      const audited = await t.db.models.AuditLog.findOne({
        where: { action: 'denied', userEmail: 'admin@uji.example', message: { [Op.like]: '%evil.example%' } },
      });
      expect(audited?.message).toContain('/admin/api/resources/opds/actions/new');

      // multipart (uploads) and a Referer-only request are held to the same rule
      const multipart = await agent
        .post('/admin/api/resources/opds/actions/new')
        .set('Origin', 'http://evil.example')
        .field('code', 'EVIL2')
        .field('name', 'x')
        .field('kind', 'dinas');
      expect(multipart.status).toBe(403);
      const referer = await agent
        .post('/admin/api/resources/opds/actions/new')
        .set('Referer', 'http://evil.example/page')
        .type('form')
        .send({ code: 'EVIL3', name: 'x', kind: 'dinas' });
      expect(referer.status).toBe(403);
      const nullOrigin = await agent
        .post('/admin/api/resources/opds/actions/new')
        .set('Origin', 'null')
        .type('form')
        .send({ code: 'EVIL4', name: 'x', kind: 'dinas' });
      expect(nullOrigin.status).toBe(403);
      expect(await t.db.models.Opd.count()).toBe(before);

      // From our own pages it works (the host the browser used, or APP_BASE_URL).
      const own = await agent
        .post('/admin/api/resources/opds/actions/new')
        .set('Origin', t.config.appBaseUrl)
        .type('form')
        .send({ code: 'SAH1', name: 'OPD Sah', kind: 'dinas' });
      expect(own.status).toBe(200);
      expect(own.body.notice.type).toBe('success');
    });

    it('refuses a cross-site login form (login CSRF) and cross-site calls to the JSON API, even with GET', async () => {
      const login = await request(t.app)
        .post('/admin/login')
        .set('Origin', 'http://evil.example')
        .type('form')
        .send({ email: 'admin@uji.example', password: TEST_PASSWORD });
      expect(login.status).toBe(403);
      const agent = await loginAs(t.app, 'admin@uji.example');
      const crossGet = await agent.get('/admin/api/resources/opds/actions/list').set('Sec-Fetch-Site', 'cross-site');
      expect(crossGet.status).toBe(403);
      const sameOrigin = await agent.get('/admin/api/resources/opds/actions/list').set('Sec-Fetch-Site', 'same-origin');
      expect(sameOrigin.status).toBe(200);
      // A link from an e-mail to a panel page (not the API) still opens (then logs in as usual).
      const page = await request(t.app).get('/admin').set('Sec-Fetch-Site', 'cross-site');
      expect(page.status).toBe(302);
    });

    it('postOnly refuses a state-changing custom action called with GET (403, audited), and runs it for POST', async () => {
      const resource = t.admin.findResource('opds');
      let ran = 0;
      const handler = postOnly(async () => {
        ran += 1;
        return { notice: { message: 'ok', type: 'success' } } as never;
      });
      const currentAdmin = { id: String(f.users.admin.id), email: 'admin@uji.example', title: 'admin', role: 'admin', opdId: null };
      const context = { resource, currentAdmin, action: { name: 'sendNow' } } as unknown as ActionContext;
      await expect(handler({ method: 'get', params: {}, query: {} } as unknown as ActionRequest, {}, context)).rejects.toMatchObject({
        status: 403,
      });
      expect(ran).toBe(0);
      expect(
        await t.db.models.AuditLog.count({ where: { action: 'denied', resource: 'opds', message: { [Op.like]: 'sendNow:%POST%' } } }),
      ).toBe(1);
      await handler({ method: 'post', params: {}, query: {} } as unknown as ActionRequest, {}, context);
      expect(ran).toBe(1);
    });
  });

  describe('headers', () => {
    it('sends security headers with a CSP that allows only the app itself', async () => {
      const res = await request(t.app).get('/admin/login');
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'self'");
      expect(csp).toContain("object-src 'self' blob:");
      expect(csp).not.toMatch(/https?:\/\//); // nothing from the internet
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toMatch(/^(no-referrer|same-origin|strict-origin)/); // no panel URL leaks to other sites
      expect(res.headers['x-powered-by']).toBeUndefined();
    });
  });
});
