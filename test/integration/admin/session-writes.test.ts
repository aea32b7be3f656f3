import { describe, it, expect, beforeAll, afterAll, afterEach, jest } from '@jest/globals';
import { createSecurityApp, loginAs, seedSecurityFixture, type Fixture, type SecurityApp } from '../../helpers/security-fixture.js';
import { SESSION_TOUCH_INTERVAL_MS } from '../../../src/db/session-store.js';

/**
 * Sessions without a write per request: N GETs within a minute write nothing to `sessions`
 * and read the user row once each; the rolling idle timeout still moves (at most once a minute)
 * and still ends an idle session.
 */
const API = '/admin/api/resources/opds/actions/list';

describe('session writes per request', () => {
  let t: SecurityApp;
  let f: Fixture;
  const statements: string[] = [];
  beforeAll(async () => {
    t = await createSecurityApp();
    f = await seedSecurityFixture(t.db);
    t.db.sequelize.addHook('afterQuery', (_options, query) => {
      statements.push(String((query as unknown as { sql?: string }).sql ?? ''));
    });
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const sessionWrites = () => statements.filter((s) => /^\s*(UPDATE|INSERT|REPLACE)[^;]*\bsessions\b/i.test(s));
  const userReads = () => statements.filter((s) => /^\s*SELECT[^;]*FROM [`"]?users[`"]?/i.test(s));

  it('answers 20 GETs within a minute with no session UPDATE and one user read each', async () => {
    const agent = await loginAs(t.app, 'bupati@uji.example');
    statements.length = 0;
    for (let i = 0; i < 20; i++) expect((await agent.get(API)).status).toBe(200);
    expect(sessionWrites()).toEqual([]);
    expect(userReads().length).toBe(20);
  });

  it('moves the idle expiry once the touch interval has passed, and only then', async () => {
    const agent = await loginAs(t.app, 'helpdesk@uji.example');
    const row = async () => (await t.db.models.Session.findOne({ where: { userId: f.users.helpdesk.id } }))!;
    const first = (await row()).expires!.getTime();
    const start = Date.now();
    const clock = jest.spyOn(Date, 'now');

    clock.mockReturnValue(start + SESSION_TOUCH_INTERVAL_MS / 2);
    statements.length = 0;
    expect((await agent.get(API)).status).toBe(200);
    expect(sessionWrites()).toEqual([]);
    expect((await row()).expires!.getTime()).toBe(first);

    clock.mockReturnValue(start + SESSION_TOUCH_INTERVAL_MS + 1000);
    expect((await agent.get(API)).status).toBe(200);
    expect(sessionWrites().length).toBe(1);
    const moved = (await row()).expires!.getTime();
    expect(moved).toBeGreaterThanOrEqual(first + SESSION_TOUCH_INTERVAL_MS);
    expect(moved).toBeGreaterThanOrEqual(start + SESSION_TOUCH_INTERVAL_MS + t.config.sessionIdleMinutes * 60_000 - 1000);

    // Still used within the interval after the write: no new write.
    statements.length = 0;
    clock.mockReturnValue(start + SESSION_TOUCH_INTERVAL_MS + 20_000);
    expect((await agent.get(API)).status).toBe(200);
    expect(sessionWrites()).toEqual([]);
  });

  it('still ends a session left idle for longer than the idle timeout', async () => {
    const agent = await loginAs(t.app, 'approver@uji.example');
    const start = Date.now();
    const clock = jest.spyOn(Date, 'now');
    // Used every 50 s for 10 minutes-ish: stays alive although few of these requests wrote.
    let now = start;
    for (let i = 0; i < 5; i++) {
      now += 50_000;
      clock.mockReturnValue(now);
      expect((await agent.get(API)).status).toBe(200);
    }
    // Then idle for the idle timeout plus a minute: gone.
    clock.mockReturnValue(now + (t.config.sessionIdleMinutes + 1) * 60_000);
    expect((await agent.get(API)).status).toBe(401);
  });
});
