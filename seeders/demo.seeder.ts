import crypto from 'node:crypto';
import { hashPassword } from '../src/domain/users/password.js';
import fs from 'node:fs';
import path from 'node:path';
import { UniqueConstraintError, type CreationAttributes, type Model, type ModelStatic, type Transaction } from 'sequelize';
import type { Database } from '../src/db/index.js';
import type { SubmissionEvent } from '../src/db/models/index.js';
import type { AuditService } from '../src/domain/audit/audit.service.js';
import { openPlacements } from '../src/domain/employees/employee-placement.js';
import { SYSTEM_ACTOR } from '../src/domain/shared/actor.js';
import type { SubmissionStatus } from '../src/domain/shared/constants.js';
import { addDays } from '../src/domain/shared/time.js';
import { PDM_2021_DATES, sec, wib } from './demo-calendar.js';
import { buildPlan } from './demo-plan.js';
import { ACTOR_ROLE, DEMO_EMAIL_DOMAIN, type ActorKey } from './demo-rows.js';

export { DEMO_VERIFICATION_DAY, PDM_2021_DATES, demoCampaignDates, type CampaignDates } from './demo-calendar.js';
export { DEMO_EMAIL_DOMAIN } from './demo-rows.js';
export { DEMO_DOCUMENT_SUBMISSIONS } from './demo-submissions.js';
export { DEMO_TICKETS } from './demo-tickets.js';

/**
 * The deterministic demo data set for the embedded quick start: Kabupaten Karanganyar's OPDs,
 * ~9,000 ASN, one PDM campaign in the middle of its verification phase (day 4), submissions in
 * every status with their history, real small PDFs, demo accounts for every role, helpdesk
 * tickets and the two report schedules.
 *
 * - Idempotent: does nothing when any OPD exists.
 * - One transaction: nothing half-written. (PDF files are content-addressed and written before
 *   their rows; a rolled-back seed may leave unreferenced files, never a row without its file.)
 * - Deterministic: a seeded PRNG; the same options (seed, employees, now) give the same data.
 *   All timestamps derive from `now`.
 *
 * The plan (demo-plan.ts) builds every row in memory — the calendar (demo-calendar.ts), OPDs and
 * ASN (demo-employees.ts), submissions walking the real state machine and their scans
 * (demo-submissions.ts), helpdesk tickets (demo-tickets.ts), accounts; this file writes it.
 */

export interface DemoSeedOptions {
  /** The audit trail (the container's): the seed leaves one 'seed' row. */
  audit: AuditService;
  /** The password of every demo account (hashed once, as src/domain/users/password.ts hashes). */
  password: string;
  /** "Now"; the campaign is placed so that today (Asia/Jakarta) is day 4 of verification. */
  now?: Date;
  /** Where document files go: `<uploadDir>/<sha[0..2]>/<sha>.pdf`. */
  uploadDir: string;
  /** Number of employees; default 9000. */
  employees?: number;
  /** PRNG seed; default 20210810. */
  seed?: number;
}

export interface DemoSeedResult {
  seeded: boolean;
  opds: number;
  employees: number;
  users: number;
  submissions: number;
  documents: number;
}

export const DEFAULT_DEMO_EMPLOYEES = 9000;
export const DEFAULT_DEMO_SEED = 20210810;
const CHUNK = 500;

async function insertAll<M extends Model & { id: number }>(
  model: ModelStatic<M>,
  rows: CreationAttributes<M>[],
  transaction: Transaction,
): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const created = await model.bulkCreate(rows.slice(i, i + CHUNK), { transaction });
    for (const row of created) {
      const id = Number(row.get('id'));
      if (!Number.isInteger(id) || id <= 0) throw new Error(`Seeder: id baris ${model.name} tidak dikembalikan oleh database`);
      ids.push(id);
    }
  }
  return ids;
}

/** Writes a content-addressed file (`<dir>/<sha[0..2]>/<sha>.pdf`) via a temp name and rename. */
function storeFile(uploadDir: string, sha: string, bytes: Buffer): string {
  const key = `${sha.slice(0, 2)}/${sha}.pdf`;
  const target = path.join(uploadDir, key);
  if (fs.existsSync(target) && fs.statSync(target).size === bytes.length) return key;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, bytes, { flag: 'wx' });
  fs.renameSync(tmp, target);
  return key;
}

const NOT_SEEDED: DemoSeedResult = { seeded: false, opds: 0, employees: 0, users: 0, submissions: 0, documents: 0 };

export async function seedDemo(db: Database, opts: DemoSeedOptions): Promise<DemoSeedResult> {
  if (!opts.password) throw new Error('Seeder demo: kata sandi akun demo wajib diisi');
  if (!opts.uploadDir) throw new Error('Seeder demo: direktori unggahan wajib diisi');
  const employeesWanted = opts.employees ?? DEFAULT_DEMO_EMPLOYEES;
  if (!Number.isInteger(employeesWanted) || employeesWanted < 0)
    throw new Error(`Seeder demo: jumlah pegawai tidak valid (${employeesWanted})`);
  const m = db.models;
  if ((await m.Opd.count()) > 0) return NOT_SEEDED;

  const now = opts.now ?? new Date();
  const plan = buildPlan({ now, employees: employeesWanted, seed: opts.seed ?? DEFAULT_DEMO_SEED });
  const passwordHash = await hashPassword(opts.password);

  try {
    return await db.sequelize.transaction(async (transaction) => {
      // Checked again inside the transaction: another instance may have seeded meanwhile.
      if ((await m.Opd.count({ transaction })) > 0) return NOT_SEEDED;
      const { dates, setupAt, year } = plan.clock;

      const opdIds = await insertAll(
        m.Opd,
        plan.opds.map(({ data }) => ({
          code: data.code,
          name: data.name,
          kind: data.kind,
          address: data.address,
          headName: data.headName,
          headEmail: `kepala.${data.code.toLowerCase()}@${DEMO_EMAIL_DOMAIN}`,
          secretaryName: data.secretaryName,
          secretaryEmail: `sekretaris.${data.code.toLowerCase()}@${DEMO_EMAIL_DOMAIN}`,
          active: true,
          createdAt: setupAt,
          updatedAt: setupAt,
        })),
        transaction,
      );

      // Demo accounts; an account that already exists (e.g. made with user:create) is kept as it is.
      const existing = await m.User.findAll({ where: { email: plan.users.map((u) => u.email) }, attributes: ['id', 'email'], transaction });
      const userIdByEmail = new Map(existing.map((u) => [u.email, u.id]));
      const newUsers = plan.users.filter((u) => !userIdByEmail.has(u.email));
      const newUserIds = await insertAll(
        m.User,
        newUsers.map((u) => ({
          email: u.email,
          name: u.name,
          passwordHash,
          role: u.role,
          opdId: u.opd === null ? null : opdIds[u.opd],
          active: true,
          locale: 'id',
          lastLoginAt: null,
          passwordChangedAt: null,
          createdAt: setupAt,
          updatedAt: setupAt,
        })),
        transaction,
      );
      newUsers.forEach((u, i) => userIdByEmail.set(u.email, newUserIds[i]));
      const userId = (email: string) => userIdByEmail.get(email) ?? null;
      const verifierOf = plan.opds.map((o) => userId(`verifikator.${o.data.code.toLowerCase()}@${DEMO_EMAIL_DOMAIN}`));
      const helpdeskId = userId(`helpdesk@${DEMO_EMAIL_DOMAIN}`);
      const actorId = (actor: ActorKey, opd: number): number | null =>
        actor === 'verifier'
          ? verifierOf[opd]!
          : actor === 'bkn'
            ? userId(`bkn@${DEMO_EMAIL_DOMAIN}`)
            : actor === 'approver'
              ? userId(`approver@${DEMO_EMAIL_DOMAIN}`)
              : actor === 'helpdesk'
                ? helpdeskId
                : null;

      const employeeIds = await insertAll(
        m.Employee,
        plan.employees.map((e) => ({
          nip: e.nip,
          nik: e.nik,
          name: e.name,
          employeeType: e.employeeType,
          opdId: opdIds[e.opd],
          unit: e.unit,
          position: e.position,
          rankGrade: e.rankGrade,
          birthDate: e.birthDate,
          sex: e.sex,
          email: e.email,
          phone: e.phone,
          mysapkActivatedAt: e.activatedAt,
          passwordChangedAt: e.passwordChangedAt,
          serviceBlocked: false,
          serviceBlockedAt: null,
          active: true,
          createdAt: setupAt,
          updatedAt: e.passwordChangedAt ?? e.activatedAt ?? setupAt,
        })),
        transaction,
      );

      // Their placement history: one open period from the setup (employee-placement.ts).
      await openPlacements(
        m,
        plan.employees.map((e, i) => ({ id: employeeIds[i], opdId: opdIds[e.opd], active: true, createdAt: setupAt })),
        transaction,
      );

      const campaignRows = [];
      if (year > 2021) {
        campaignRows.push({
          name: 'PDM ASN 2021',
          year: 2021,
          ...PDM_2021_DATES,
          active: false,
          notes: 'Instruksi Bupati Karanganyar Nomor 800/29/2021 tentang Pemutakhiran Data Mandiri ASN.',
          createdAt: sec(wib('2021-07-26', 8)),
          updatedAt: sec(wib('2021-09-20', 8)),
        });
      }
      campaignRows.push({
        name: `PDM ASN ${year}`,
        year: year,
        ...dates,
        active: true,
        notes: 'Data demo: jadwal mengikuti panjang tahap tahun 2021; hari ini adalah hari ke-4 tahap verifikasi.',
        createdAt: setupAt,
        updatedAt: setupAt,
      });
      const campaignIds = await insertAll(m.Campaign, campaignRows, transaction);
      const campaignId = campaignIds[campaignIds.length - 1];

      const submissionIds = await insertAll(
        m.Submission,
        plan.submissions.map((s) => {
          const last = s.events[s.events.length - 1];
          const lastAt = (to: SubmissionStatus) => [...s.events].reverse().find((ev) => ev.to === to)?.at ?? null;
          const final = last.to === 'approved' || last.to === 'rejected';
          const noted = [...s.events].reverse().find((ev) => ev.note);
          return {
            employeeId: employeeIds[s.employee],
            opdId: opdIds[s.opd],
            campaignId,
            category: s.category,
            proposedValues: s.proposedValues,
            status: last.to,
            submittedAt: s.submittedAt,
            verifiedAt:
              ['verified', 'validated', 'approved'].includes(last.to) || (last.to !== 'submitted' && last.from === 'verified')
                ? lastAt('verified')
                : null,
            validatedAt: last.to === 'validated' || last.to === 'approved' ? lastAt('validated') : null,
            decidedAt: final ? last.at : null,
            lastNote: noted?.note ?? null,
            source: s.source,
            version: s.events.length - 1,
            createdAt: s.submittedAt,
            updatedAt: last.at,
          };
        }),
        transaction,
      );

      const eventRows: CreationAttributes<SubmissionEvent>[] = [];
      plan.submissions.forEach((s, i) => {
        for (const ev of s.events) {
          eventRows.push({
            submissionId: submissionIds[i],
            opdId: opdIds[s.opd],
            fromStatus: ev.from,
            toStatus: ev.to,
            actorUserId: actorId(ev.actor, s.opd),
            actorRole: ACTOR_ROLE[ev.actor],
            note: ev.note,
            overrideReason: ev.overrideReason,
            createdAt: ev.at,
          });
        }
      });
      await insertAll(m.SubmissionEvent, eventRows, transaction);

      const documentRows = plan.documents.map((d) => {
        const s = plan.submissions[d.submission];
        return {
          submissionId: submissionIds[d.submission],
          opdId: opdIds[s.opd],
          documentType: d.documentType,
          originalName: d.originalName,
          size: d.bytes.length,
          sha256: d.sha256,
          storageKey: storeFile(opts.uploadDir, d.sha256, d.bytes),
          mimeType: 'application/pdf',
          uploadedBy: d.byHelpdesk ? helpdeskId : null,
          createdAt: d.createdAt,
          updatedAt: d.createdAt,
        };
      });
      await insertAll(m.Document, documentRows, transaction);

      await insertAll(
        m.HelpdeskTicket,
        plan.tickets.map((t) => ({
          employeeId: t.employee === null ? null : employeeIds[t.employee],
          opdId: t.opd === null || t.opd < 0 ? null : opdIds[t.opd],
          nip: t.nip,
          reporterName: t.reporterName,
          reporterPhone: t.reporterPhone,
          kind: t.kind,
          description: t.description,
          status: t.status,
          handlerUserId: t.handled ? helpdeskId : null,
          resolution: t.resolution,
          resolvedAt: t.resolvedAt,
          createdAt: t.createdAt,
          updatedAt: t.resolvedAt ?? t.createdAt,
        })),
        transaction,
      );

      await insertAll(
        m.ReportSchedule,
        [
          { name: 'Laporan harian OPD', reportKind: 'opd' as const, cron: '0 7 * * *', ccSecretary: true },
          { name: 'Laporan mingguan Bupati', reportKind: 'regency' as const, cron: '0 7 * * 1', ccSecretary: true },
        ].map((s) => ({
          ...s,
          campaignId,
          activeFrom: dates.helpdeskStart,
          activeUntil: addDays(dates.approvalEnd, 7),
          extraRecipients: null,
          enabled: true,
          createdAt: setupAt,
          updatedAt: setupAt,
        })),
        transaction,
      );

      const result: DemoSeedResult = {
        seeded: true,
        opds: opdIds.length,
        employees: employeeIds.length,
        users: newUserIds.length,
        submissions: submissionIds.length,
        documents: documentRows.length,
      };
      await opts.audit.record(
        SYSTEM_ACTOR,
        {
          action: 'seed',
          resource: 'demo',
          after: {
            ...result,
            submissionEvents: eventRows.length,
            helpdeskTickets: plan.tickets.length,
            campaign: `PDM ASN ${year}`,
            now: now.toISOString(),
          },
          message: `Data demo dibuat: ${result.opds} OPD, ${result.employees} pegawai, ${result.submissions} usulan, ${result.documents} dokumen`,
        },
        transaction,
      );
      return result;
    });
  } catch (err) {
    // A concurrent seed won the race (unique OPD code): that is "already seeded", not a failure.
    if (err instanceof UniqueConstraintError && (await m.Opd.count()) > 0) return NOT_SEEDED;
    throw err;
  }
}
