import fs from 'node:fs';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { QueryTypes } from 'sequelize';
import { buildOpdReport } from '../../../src/domain/reports/data/opd-report.js';
import { IMPORT_ACTOR_ROLE } from '../../../src/domain/submissions/imported.js';
import { ForbiddenError } from '../../../src/domain/shared/errors.js';
import { createImportFixture, type ImportFixture } from '../../helpers/import-fixture.js';
import { NOW, SAMPLE_FILES, cloneTable, col, sampleTable, setCell, writeCsv } from '../../helpers/siasn-samples.js';

/**
 * The MySAPK activation list and the usulan monitoring list on top of the imported ASN: dates
 * by NIP, usul per (NIP, category, date), status changes as history events of "import (SIASN)"
 * that the reports count (checked against independent counts).
 */
describe('ImportService: activation and usul lists', () => {
  let f: ImportFixture;
  const asOf = new Date(NOW.getTime() + 60_000);
  const sql = async (query: string, replacements: Record<string, unknown> = {}) =>
    f.db.sequelize.query<Record<string, unknown>>(query, { type: QueryTypes.SELECT, replacements });

  beforeAll(async () => {
    f = await createImportFixture();
    const p = await f.services.imports.preview(f.actors.admin, 'asn', f.file('asn.csv', fs.readFileSync(SAMPLE_FILES.asn)));
    await f.mapAll(p);
    await f.services.imports.recheck(f.actors.admin, p.import.id);
    await f.services.imports.commit(f.actors.admin, p.import.id);
  });
  afterAll(async () => {
    await f.close();
  });

  it('refuses the activation and usul lists to roles other than admin and approver', async () => {
    for (const who of ['verifier', 'opd_head', 'helpdesk'] as const) {
      for (const profile of ['aktivasi', 'usul']) {
        await expect(
          f.services.imports.preview(f.actors[who], profile, f.file('x.csv', fs.readFileSync(SAMPLE_FILES.aktivasi))),
        ).rejects.toBeInstanceOf(ForbiddenError);
      }
    }
  });

  it('sets activation and password-change dates by NIP (the approver may), and a re-import changes nothing', async () => {
    const t = sampleTable('aktivasi');
    const p = await f.services.imports.preview(
      f.actors.approver,
      'aktivasi',
      f.file('siasn-aktivasi.csv', fs.readFileSync(SAMPLE_FILES.aktivasi)),
    );
    expect(p.counts).toMatchObject({ rows: t.rows.length, new: 0, changed: t.rows.length, errors: 0 });
    await f.services.imports.commit(f.actors.approver, p.import.id);
    const heru = await f.db.models.Employee.findOne({ where: { nip: '199304012016111001' } });
    // 20-08-2021 08:43 WIB
    expect(heru!.mysapkActivatedAt!.toISOString()).toBe('2021-08-20T01:43:00.000Z');
    expect(heru!.passwordChangedAt!.toISOString()).toBe('2021-08-20T10:01:00.000Z');
    const [{ n }] = await sql('SELECT COUNT(*) AS n FROM employees WHERE mysapk_activated_at IS NOT NULL');
    expect(Number(n)).toBe(t.rows.length);
    const again = await f.services.imports.preview(
      f.actors.approver,
      'aktivasi',
      f.file('siasn-aktivasi.csv', fs.readFileSync(SAMPLE_FILES.aktivasi)),
    );
    expect(again.counts).toMatchObject({ changed: 0, unchanged: t.rows.length });
    // The OPD report counts the activations as the database has them.
    const opd = f.opdByName.get('Dinas Kesehatan')!;
    const report = await buildOpdReport(f.db.models, opd, asOf);
    const [{ a }] = await sql(
      'SELECT COUNT(*) AS a FROM employees WHERE opd_id = :opd AND active = :yes AND mysapk_activated_at IS NOT NULL',
      {
        opd,
        yes: true,
      },
    );
    expect(report.summary.activated).toBe(Number(a));
  });

  it('creates one usul per (NIP, category, date) with its SIASN status as history events of the import', async () => {
    const t = sampleTable('usul');
    const p = await f.services.imports.preview(f.actors.admin, 'usul', f.file('siasn-usul.csv', fs.readFileSync(SAMPLE_FILES.usul)));
    expect(p.counts).toMatchObject({ rows: t.rows.length, new: t.rows.length, errors: 0 });
    await f.services.imports.commit(f.actors.admin, p.import.id);
    expect(await f.db.models.Submission.count()).toBe(t.rows.length);
    const notSubmitted = t.rows.filter((r) => r[col(t, 'STATUS USUL')] !== 'Input Berkas').length;
    expect(await f.db.models.SubmissionEvent.count({ where: { actorRole: IMPORT_ACTOR_ROLE } })).toBe(t.rows.length + notSubmitted);
    const heru = await f.db.models.Employee.findOne({ where: { nip: '199304012016111001' } });
    const sub = await f.db.models.Submission.findOne({ where: { employeeId: heru!.id, category: 'skp' } });
    expect(sub).toMatchObject({ status: 'validated', source: 'siasn', opdId: heru!.opdId });
    const history = await f.services.workflow.history(f.actors.admin, sub!.id);
    expect(history.map((e) => [e.fromStatus, e.toStatus, e.actorRole])).toEqual([
      [null, 'submitted', IMPORT_ACTOR_ROLE],
      ['submitted', 'validated', IMPORT_ACTOR_ROLE],
    ]);
    expect(history[1].note).toBe(`Impor SIASN: siasn-usul.csv (impor #${p.import.id})`);
    const again = await f.services.imports.preview(f.actors.admin, 'usul', f.file('siasn-usul.csv', fs.readFileSync(SAMPLE_FILES.usul)));
    expect(again.counts).toMatchObject({ new: 0, changed: 0, unchanged: t.rows.length });
  });

  it('a status change by import is an event of the import and moves the report figures as an independent count does', async () => {
    const opd = (await f.db.models.Employee.findOne({ where: { nip: '199304012016111001' } }))!.opdId;
    const byStatus = async () =>
      Object.fromEntries(
        (await sql('SELECT status, COUNT(*) AS n FROM submissions WHERE opd_id = :opd GROUP BY status', { opd })).map((r) => [
          String(r.status),
          Number(r.n),
        ]),
      );
    const before = await buildOpdReport(f.db.models, opd, asOf);
    const independentBefore = await byStatus();
    for (const [k, v] of Object.entries(independentBefore)) expect(before.byStatus[k]).toBe(v);

    const t = cloneTable(sampleTable('usul'));
    setCell(t, 0, 'STATUS USUL', 'Disetujui BKPSDM'); // Heru's SKP: validated → approved
    setCell(t, 0, 'ALASAN', 'Sesuai');
    const p = await f.services.imports.preview(f.actors.approver, 'usul', f.file('usul-2.csv', writeCsv(t)));
    expect(p.counts).toMatchObject({ changed: 1, unchanged: t.rows.length - 1 });
    expect(p.samples.changed[0].changes).toEqual([
      { field: 'status', label: 'Status', before: 'Tervalidasi BKN', after: 'Disetujui BKPSDM' },
    ]);
    await f.services.imports.commit(f.actors.approver, p.import.id);

    const after = await buildOpdReport(f.db.models, opd, asOf);
    const independentAfter = await byStatus();
    for (const [k, v] of Object.entries(independentAfter)) expect(after.byStatus[k]).toBe(v);
    expect(after.byStatus.approved).toBe(before.byStatus.approved + 1);
    expect(after.byStatus.validated).toBe(before.byStatus.validated - 1);
    const [last] = await f.db.models.SubmissionEvent.findAll({ order: [['id', 'DESC']], limit: 1 });
    expect(last).toMatchObject({
      fromStatus: 'validated',
      toStatus: 'approved',
      actorRole: IMPORT_ACTOR_ROLE,
      actorUserId: f.actors.approver.id,
      note: `Sesuai — Impor SIASN: usul-2.csv (impor #${p.import.id})`,
    });
    const audit = await f.db.models.AuditLog.findOne({ where: { action: 'import_status' } });
    expect(audit!.message).toBe('Tervalidasi BKN → Disetujui BKPSDM (impor SIASN usul-2.csv)');
  });
});
