import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KARANGANYAR_OPDS } from '../../seeders/karanganyar-opds.js';
import { createServices, type Services } from '../../src/container.js';
import type { Actor } from '../../src/domain/shared/actor.js';
import type { Role } from '../../src/domain/shared/constants.js';
import type { ImportPreview } from '../../src/domain/imports/import.service.js';
import { testConfig } from './app.js';
import { createTestDb, type TestDb } from './db.js';
import { NOW } from './siasn-samples.js';

/**
 * A database with the regency's OPDs (seeders/karanganyar-opds.ts), users of the roles the
 * imports care about, and the services as the container builds them, with the clock of the
 * SIASN samples (15 January 2026).
 */
export interface ImportFixture {
  db: TestDb;
  services: Services;
  dir: string;
  actors: Record<'admin' | 'approver' | 'verifier' | 'opd_head' | 'helpdesk', Actor>;
  opdByName: Map<string, number>;
  /** Writes a buffer to a temp file and returns its input for the service. */
  file(name: string, content: Buffer | string): { path: string; name: string };
  /** Maps every unknown unit of a preview: the suggestion, else the OPD of the same name, else the first OPD. */
  mapAll(preview: ImportPreview, override?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

export async function createImportFixture(overrides: Record<string, string> = {}): Promise<ImportFixture> {
  const db = await createTestDb();
  const config = testConfig(overrides);
  const services = createServices(config, db, { now: () => new Date(NOW) });
  const opds = await db.models.Opd.bulkCreate(
    KARANGANYAR_OPDS.map((o) => ({
      code: o.code,
      name: o.name,
      kind: o.kind,
      address: null,
      headName: o.headName,
      headEmail: null,
      secretaryName: null,
      secretaryEmail: null,
    })),
  );
  const all = await db.models.Opd.findAll();
  const opdByName = new Map(all.map((o) => [o.name, o.id]));
  void opds;
  const firstOpd = all[0].id;
  const actor = async (role: Role): Promise<Actor> => {
    const opdId = ['verifier', 'opd_head'].includes(role) ? firstOpd : null;
    const u = await db.models.User.create({
      email: `${role}@pdm.example`,
      name: role,
      passwordHash: 'x',
      role,
      opdId,
      lastLoginAt: null,
      passwordChangedAt: null,
    });
    return { id: u.id, email: u.email, role, opdId };
  };
  const actors = {
    admin: await actor('admin'),
    approver: await actor('approver'),
    verifier: await actor('verifier'),
    opd_head: await actor('opd_head'),
    helpdesk: await actor('helpdesk'),
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-import-'));
  let n = 0;
  return {
    db,
    services,
    dir,
    actors,
    opdByName,
    file(name, content) {
      const p = path.join(dir, `${++n}-${name}`);
      fs.writeFileSync(p, content);
      return { path: p, name };
    },
    async mapAll(preview, override = {}) {
      await services.imports.mapUnits(
        actors.admin,
        preview.unknownUnits.map((u) => ({
          unitId: u.unit.id,
          unitName: u.unit.name,
          opdId: override[u.unit.name]
            ? opdByName.get(override[u.unit.name])!
            : (u.suggestion?.opd.id ?? opdByName.get(u.unit.name) ?? firstOpd),
        })),
      );
    },
    async close() {
      await services.reports.close();
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(config.varDir, { recursive: true, force: true });
    },
  };
}
