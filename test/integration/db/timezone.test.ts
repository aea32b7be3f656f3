import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { QueryTypes } from 'sequelize';
import { createTestDb, type TestDb } from '../../helpers/db.js';

/**
 * The app runs with TZ=Asia/Jakarta (and `npm test` too). Raw SQL comparing stored timestamps
 * with Date replacements must give the same answer as under UTC (SQLite stores dates as text);
 * the report tests, which run under Asia/Jakarta, failed before src/db/index.ts fixed this.
 */
describe('dates in raw queries do not depend on the process time zone', () => {
  let db: TestDb;
  const tz = process.env.TZ;
  beforeAll(async () => {
    db = await createTestDb();
    await db.models.Opd.create({
      code: 'X',
      name: 'OPD X',
      kind: 'dinas',
      address: null,
      headName: null,
      headEmail: null,
      secretaryName: null,
      secretaryEmail: null,
      createdAt: new Date('2026-11-26T03:00:00Z'),
    });
  });
  afterAll(async () => {
    process.env.TZ = tz;
    await db.destroy();
  });

  it.each(['UTC', 'Asia/Jakarta', 'America/New_York'])(
    'under TZ=%s a row created at 03:00 UTC is after 00:00 UTC and before 05:00 UTC',
    async (zone) => {
      process.env.TZ = zone;
      const count = async (at: string) =>
        (
          await db.sequelize.query<{ n: number }>('SELECT COUNT(*) AS n FROM opds WHERE created_at <= :at', {
            replacements: { at: new Date(at) },
            type: QueryTypes.SELECT,
          })
        )[0].n;
      expect(Number(await count('2026-11-26T00:00:00Z'))).toBe(0);
      expect(Number(await count('2026-11-26T05:00:00Z'))).toBe(1);
    },
  );
});
