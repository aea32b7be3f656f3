import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import request from 'supertest';
import bcrypt from 'bcryptjs';
import type TestAgent from 'supertest/lib/agent.js';
import { TEST_PASSWORD } from '../../helpers/app.js';
import { createSecurityApp, loginAs, seedSecurityFixture, type Fixture, type SecurityApp } from '../../helpers/security-fixture.js';
import { passwordProblem } from '../../../src/domain/users/password.js';
import { SYSTEM_ACTOR } from '../../../src/domain/shared/actor.js';

/**
 * Users in the panel (administrators only; OPD required exactly for OPD-bound roles; password
 * policy) and a user changing their own password.
 */

const USERS = '/admin/api/resources/users';
const PASSWORD_URL = '/admin/api/account/password';

describe('users and accounts', () => {
  let t: SecurityApp;
  let f: Fixture;
  let admin: TestAgent;
  beforeAll(async () => {
    t = await createSecurityApp();
    f = await seedSecurityFixture(t.db);
    admin = await loginAs(t.app, 'admin@uji.example');
  });
  afterAll(async () => {
    await t.close();
  });

  describe('administrators manage users in the panel', () => {
    const create = (form: Record<string, string>) => admin.post(`${USERS}/actions/new`).type('form').send(form);

    it('a verifier, secretary or OPD head must have an OPD', async () => {
      for (const role of ['verifier', 'secretary', 'opd_head']) {
        const res = await create({ email: `tanpa-opd-${role}@uji.example`, name: 'Tanpa OPD', role, password: 'Sandi-Kuat-2026x' });
        expect(res.body.notice.type).toBe('error');
        expect(res.body.record.errors.opdId.message).toBe('Peran ini wajib memiliki OPD');
      }
      expect(await t.db.models.User.count({ where: { name: 'Tanpa OPD' } })).toBe(0);
    });

    it('other roles must not have one', async () => {
      for (const role of ['approver', 'admin', 'helpdesk', 'bkn_validator', 'regent']) {
        const res = await create({
          email: `dengan-opd-${role}@uji.example`,
          name: 'Dengan OPD',
          role,
          opdId: String(f.opdA.id),
          password: 'Sandi-Kuat-2026x',
        });
        expect(res.body.record.errors.opdId.message).toMatch(/tidak terikat pada satu OPD/);
      }
      expect(await t.db.models.User.count({ where: { name: 'Dengan OPD' } })).toBe(0);
    });

    it('weak passwords are refused on the password field', async () => {
      for (const [password, message] of [
        ['pendek1', /minimal 10 karakter/],
        ['hanyahurufsaja', /huruf dan angka/],
        ['12345678901', /huruf dan angka/],
        ['lemah.password123', /alamat e-mail/],
        ['Password123', /terlalu umum/],
        ['', /wajib diisi/],
      ] as const) {
        const res = await create({ email: 'lemah.password@uji.example', name: 'Lemah', role: 'helpdesk', password });
        expect(res.body.record.errors.password.message).toMatch(message);
        expect(res.body.record.params.password).toBeUndefined(); // the typed password is not echoed
      }
      expect(await t.db.models.User.count({ where: { email: 'lemah.password@uji.example' } })).toBe(0);
    });

    it('a valid user is created with a hashed password and can log in; the hash never reaches the browser', async () => {
      const res = await create({
        email: 'Verifikator.Baru@uji.example',
        name: 'Verifikator Baru',
        role: 'verifier',
        opdId: String(f.opdA.id),
        password: 'Sandi-Kuat-2026x',
      });
      expect(res.body.notice.type).toBe('success');
      expect(res.text).not.toMatch(/\$2[aby]\$|passwordHash|Sandi-Kuat-2026x/);
      const user = await t.db.models.User.findOne({ where: { email: 'verifikator.baru@uji.example' } });
      expect(user!.opdId).toBe(f.opdA.id);
      expect(await bcrypt.compare('Sandi-Kuat-2026x', user!.passwordHash)).toBe(true);
      const audit = await t.db.models.AuditLog.findOne({ where: { action: 'create', resource: 'users', recordId: String(user!.id) } });
      expect(JSON.stringify(audit!.afterData)).not.toMatch(/\$2[aby]\$|Sandi-Kuat/);
      await loginAs(t.app, 'verifikator.baru@uji.example', 'Sandi-Kuat-2026x');
    });

    it('changing a verifier into an approver needs the OPD cleared, and can clear it', async () => {
      const user = await t.db.models.User.findOne({ where: { email: 'verifikator.baru@uji.example' } });
      const keep = await admin.post(`${USERS}/records/${user!.id}/edit`).type('form').send({ role: 'approver' });
      expect(keep.body.record.errors.opdId).toBeDefined();
      const cleared = await admin.post(`${USERS}/records/${user!.id}/edit`).type('form').send({ role: 'approver', opdId: '' });
      expect(cleared.body.notice.type).toBe('success');
      const after = await t.db.models.User.findByPk(user!.id);
      expect(after!.role).toBe('approver');
      expect(after!.opdId).toBeNull();
    });

    it('the password hash and session version cannot be set through the form', async () => {
      const res = await create({
        email: 'suntik@uji.example',
        name: 'Suntik',
        role: 'helpdesk',
        password: 'Sandi-Kuat-2026x',
        passwordHash: '$2b$04$palsu',
        sessionVersion: '77',
      });
      expect(res.body.notice.type).toBe('success');
      const user = await t.db.models.User.findOne({ where: { email: 'suntik@uji.example' } });
      expect(user!.passwordHash).not.toBe('$2b$04$palsu');
      expect(user!.sessionVersion).toBe(1);
    });

    it('no other role reaches users at all', async () => {
      for (const email of [
        'approver@uji.example',
        'helpdesk@uji.example',
        'verifikator.dinkes@uji.example',
        'bkn@uji.example',
        'sekretaris.dinkes@uji.example',
        'kepala.dinkes@uji.example',
        'bupati@uji.example',
      ]) {
        const agent = await loginAs(t.app, email);
        expect((await agent.get(`${USERS}/actions/list`)).status).toBe(403);
        expect((await agent.get(`${USERS}/actions/search/a`)).status).toBe(403);
        expect((await agent.get(`${USERS}/records/${f.users.admin.id}/show`)).status).toBe(403);
        const res = await agent
          .post(`${USERS}/actions/new`)
          .type('form')
          .send({ email: 'penyusup@uji.example', name: 'x', role: 'admin', password: 'Sandi-Kuat-2026x' });
        expect(res.status).toBe(403);
        const promote = await agent.post(`${USERS}/records/${f.users.helpdesk.id}/edit`).type('form').send({ role: 'admin' });
        expect(promote.status).toBe(403);
      }
      expect(await t.db.models.User.count({ where: { email: 'penyusup@uji.example' } })).toBe(0);
      expect((await t.db.models.User.findByPk(f.users.helpdesk.id))!.role).toBe('helpdesk');
    });

    it('the command line applies the same rules', async () => {
      const users = t.services.users;
      await expect(
        users.createUser(SYSTEM_ACTOR, { email: 'cli@uji.example', name: 'CLI', role: 'verifier', password: 'Sandi-Kuat-2026x' }),
      ).rejects.toMatchObject({ fields: { opdId: expect.any(String) } });
      await expect(
        users.createUser(SYSTEM_ACTOR, { email: 'cli@uji.example', name: 'CLI', role: 'helpdesk', password: 'lemah' }),
      ).rejects.toMatchObject({ fields: { password: expect.any(String) } });
      expect(passwordProblem('x'.repeat(73) + '1')).toMatch(/maksimal/);
    });
  });

  describe('redaction: audit rows and panel answers carry no session version or password hash', () => {
    const SECRET = /sessionVersion|session_version|passwordHash|password_hash|\$2[aby]\$/;
    const rawAudit = async (id: number | string) =>
      (await t.db.sequelize.query('SELECT before_data, after_data, message FROM audit_logs WHERE id = :id', {
        replacements: { id },
        type: 'SELECT' as never,
      })) as unknown as Array<Record<string, string | null>>;

    it("changing a user's role, deactivating, resetting the password: the audit rows say what changed, without the session version or the hash", async () => {
      const user = await t.db.models.User.create({
        email: 'audit.redaksi@uji.example',
        name: 'Redaksi',
        passwordHash: await bcrypt.hash(TEST_PASSWORD, 4),
        role: 'helpdesk',
        opdId: null,
        lastLoginAt: null,
        passwordChangedAt: null,
      });
      const edit = (form: Record<string, string>) => admin.post(`${USERS}/records/${user.id}/edit`).type('form').send(form);
      expect((await edit({ role: 'approver' })).body.notice.type).toBe('success');
      expect((await edit({ password: 'Sandi-Reset-2026z' })).body.notice.type).toBe('success');
      expect((await edit({ active: 'false' })).body.notice.type).toBe('success');
      // The version did move three times: the audit rows had it to hide.
      expect((await t.db.models.User.findByPk(user.id))!.sessionVersion).toBe(4);
      const rows = await t.db.models.AuditLog.findAll({
        where: { action: 'update', resource: 'users', recordId: String(user.id) },
        order: [['id', 'ASC']],
      });
      expect(rows.map((r) => r.afterData)).toEqual([{ role: 'approver' }, { passwordChangedAt: expect.any(String) }, { active: false }]);
      expect(rows.map((r) => r.beforeData)).toEqual([{ role: 'helpdesk' }, { passwordChangedAt: null }, { active: true }]);
      for (const row of rows) expect(JSON.stringify(await rawAudit(row.id))).not.toMatch(SECRET);

      // The command line's create row too.
      const created = await t.services.users.createUser(SYSTEM_ACTOR, {
        email: 'cli.redaksi@uji.example',
        name: 'CLI',
        role: 'helpdesk',
        password: 'Sandi-Kuat-2026x',
      });
      const createRow = (await t.db.models.AuditLog.findOne({
        where: { action: 'create', resource: 'users', recordId: String(created.id) },
      }))!;
      expect(createRow.afterData).toMatchObject({ email: 'cli.redaksi@uji.example', role: 'helpdesk' });
      expect(JSON.stringify(await rawAudit(createRow.id))).not.toMatch(SECRET);
    });

    it('the audit trail in the panel never shows them, even on a row written before this rule', async () => {
      const legacy = await t.db.models.AuditLog.create({
        userId: f.users.admin.id,
        userEmail: 'admin@uji.example',
        role: 'admin',
        action: 'update',
        resource: 'users',
        recordId: String(f.users.helpdesk.id),
        opdId: null,
        outcome: 'ok',
        beforeData: JSON.stringify({ role: 'helpdesk', sessionVersion: 1, passwordHash: '$2b$10$lamaLamaLamaLamaLamaLa' }),
        afterData: JSON.stringify({ role: 'approver', sessionVersion: 2, session_version: 2 }),
        message: null,
        ip: null,
      });
      const show = await admin.get(`/admin/api/resources/audit_logs/records/${legacy.id}/show`);
      expect(show.status).toBe(200);
      expect(show.body.record.params['afterData.role']).toBe('approver');
      expect(show.text).not.toMatch(SECRET);
      const list = await admin.get('/admin/api/resources/audit_logs/actions/list?perPage=500');
      expect(list.body.records.some((r: { id: string }) => String(r.id) === String(legacy.id))).toBe(true);
      expect(list.text).not.toMatch(SECRET);
      const users = await admin.get(`${USERS}/actions/list`);
      expect(users.body.records.length).toBeGreaterThan(3);
      expect(users.text).not.toMatch(SECRET);
    });
  });

  describe('a user changes their own password', () => {
    const email = 'kepala.dinkes@uji.example';
    const NEW = 'Sandi-Baru-2027y';

    it('requires the current password; refuses weak ones; audits failures', async () => {
      const agent = await loginAs(t.app, email);
      const wrong = await agent.post(PASSWORD_URL).send({ currentPassword: 'bukan-ini-123', newPassword: NEW });
      expect(wrong.status).toBe(422);
      expect(wrong.body.errors.currentPassword).toBe('Kata sandi lama salah');
      const weak = await agent.post(PASSWORD_URL).send({ currentPassword: TEST_PASSWORD, newPassword: 'pendek' });
      expect(weak.status).toBe(422);
      expect(weak.body.errors.newPassword).toMatch(/minimal 10/);
      const same = await agent.post(PASSWORD_URL).send({ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD });
      expect(same.status).toBe(422);
      expect(await t.db.models.AuditLog.count({ where: { action: 'password_change_failed', userEmail: email } })).toBe(1);
    });

    it('changes it, keeps this session, ends the others; the old password stops working', async () => {
      const agent = await loginAs(t.app, email);
      const elsewhere = await loginAs(t.app, email);
      const res = await agent.post(PASSWORD_URL).send({ currentPassword: TEST_PASSWORD, newPassword: NEW });
      expect(res.status).toBe(200);
      expect(res.body.message).toMatch(/berhasil/);
      expect((await agent.get('/admin/api/resources/employees/actions/list')).status).toBe(200);
      expect((await elsewhere.get('/admin/api/resources/employees/actions/list')).status).toBe(401);
      expect((await request(t.app).post('/admin/login').type('form').send({ email, password: TEST_PASSWORD })).status).toBe(401);
      await loginAs(t.app, email, NEW);
      const user = await t.db.models.User.findOne({ where: { email } });
      expect(user!.passwordChangedAt).not.toBeNull();
      expect(await t.db.models.AuditLog.count({ where: { action: 'password_change', userEmail: email } })).toBe(1);
    });

    it('is refused from another origin, and without a session', async () => {
      const agent = await loginAs(t.app, 'sekretaris.dinkes@uji.example');
      const cross = await agent
        .post(PASSWORD_URL)
        .set('Origin', 'http://evil.example')
        .send({ currentPassword: TEST_PASSWORD, newPassword: NEW });
      expect(cross.status).toBe(403);
      const anon = await request(t.app).post(PASSWORD_URL).send({ currentPassword: TEST_PASSWORD, newPassword: NEW });
      expect(anon.status).toBe(401);
      const user = await t.db.models.User.findOne({ where: { email: 'sekretaris.dinkes@uji.example' } });
      expect(await bcrypt.compare(TEST_PASSWORD, user!.passwordHash)).toBe(true);
    });

    describe('parallel guesses of the current password (claimed before the check)', () => {
      const stolenSession = async (email: string) => {
        await t.db.models.User.create({
          email,
          name: email.split('@')[0],
          passwordHash: await bcrypt.hash(TEST_PASSWORD, 4),
          role: 'regent',
          opdId: null,
          lastLoginAt: null,
          passwordChangedAt: null,
        });
        return loginAs(t.app, email);
      };
      const guess = (agent: TestAgent, currentPassword: string) =>
        agent
          .post(PASSWORD_URL)
          .send({ currentPassword, newPassword: NEW })
          .then((r) => r);
      const tally = (statuses: number[]) => ({
        wrong: statuses.filter((x) => x === 422).length,
        changed: statuses.filter((x) => x === 200).length,
        blocked: statuses.filter((x) => x === 403).length,
      });

      it('12 wrong guesses at once: exactly 5 are checked, 7 refused; then the right password is refused and nothing changes', async () => {
        const email = 'curian.paralel@uji.example';
        const agent = await stolenSession(email);
        const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => guess(agent, `tebakan-${i}-salah`)));
        expect(tally(burst.map((r) => r.status))).toEqual({ wrong: 5, changed: 0, blocked: 7 });
        expect(burst.filter((r) => r.status === 403).every((r) => /Terlalu banyak percobaan/.test(r.body.message))).toBe(true);
        expect(await t.db.models.AuditLog.count({ where: { action: 'password_change_failed', userEmail: email } })).toBe(5);
        const right = await guess(agent, TEST_PASSWORD);
        expect(right.status).toBe(403);
        const user = await t.db.models.User.findOne({ where: { email } });
        expect(await bcrypt.compare(TEST_PASSWORD, user!.passwordHash)).toBe(true);
        expect(user!.sessionVersion).toBe(1);
      });

      it('11 wrong guesses at once from two sessions, then the right one while they are being checked: refused', async () => {
        const email = 'curian.lalu.benar@uji.example';
        const agent = await stolenSession(email);
        const other = await loginAs(t.app, email);
        const user = (await t.db.models.User.findOne({ where: { email } }))!;
        const wrong = Array.from({ length: 11 }, (_, i) => guess(i % 2 ? other : agent, `tebakan-${i}-salah`).then((r) => r.status));
        const deadline = Date.now() + 20_000;
        while (
          ((await t.db.models.AuthThrottle.findOne({ where: { scope: 'password_change', subject: String(user.id) } }))?.attempts ?? 0) < 5
        ) {
          if (Date.now() > deadline) throw new Error('the burst never claimed 5 attempts');
          await new Promise((r) => setTimeout(r, 2));
        }
        const right = await guess(agent, TEST_PASSWORD);
        expect(right.status).toBe(403);
        expect(tally(await Promise.all(wrong))).toEqual({ wrong: 5, changed: 0, blocked: 6 });
        const after = (await t.db.models.User.findByPk(user.id))!;
        expect(after.passwordHash).toBe(user.passwordHash);
        expect(await t.db.models.AuditLog.count({ where: { action: 'password_change', userEmail: email } })).toBe(0);
      });
    });

    it('throttles guesses of the current password from a stolen session', async () => {
      const agent = await loginAs(t.app, 'bupati@uji.example');
      for (let i = 0; i < 5; i++)
        expect((await agent.post(PASSWORD_URL).send({ currentPassword: `tebak-${i}-123`, newPassword: NEW })).status).toBe(422);
      const blocked = await agent.post(PASSWORD_URL).send({ currentPassword: TEST_PASSWORD, newPassword: NEW });
      expect(blocked.status).toBe(403);
      expect(blocked.body.message).toMatch(/Terlalu banyak percobaan/);
    });
  });
});
