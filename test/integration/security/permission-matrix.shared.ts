import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Response } from 'supertest';
import type { WhereOptions } from 'sequelize';
import type TestAgent from 'supertest/lib/agent.js';
import { makePdf } from '../../helpers/pdf.js';
import {
  BKN_CATEGORIES,
  createSecurityApp,
  deniedCount,
  inPhase,
  loginAs,
  modelOf,
  newEmployeeValues,
  Op,
  ROLE_EMAIL,
  seedSecurityFixture,
  unique,
  type Fixture,
  type SecurityApp,
} from '../../helpers/security-fixture.js';

/**
 * The permission matrix over real HTTP: for every role, every panel resource and every action,
 * with a row of the user's own OPD and one of another OPD, the answer is what DESIGN.md grants.
 *
 * The expectation below is written from DESIGN.md ("Who uses it", "Scoping is per record"),
 * NOT from src/domain/access/access-policy.ts: it is the independent statement the policy is
 * checked against. Where DESIGN.md is silent the choice is noted.
 *
 * Cell: '-' nothing; otherwise '<scope>:<rights>' where scope is
 *   all  every row;  own  rows of the user's OPD;  bkn  rows in categories Kanreg BKN validates;
 * and rights: R list/show/search, C new, U edit, D delete + bulk delete, d delete (one by one).
 */
export const ROLES = ['admin', 'approver', 'helpdesk', 'verifier', 'bkn_validator', 'secretary', 'opd_head', 'regent'] as const;
export type RoleKey = (typeof ROLES)[number];

// prettier-ignore
export const EXPECTED: Record<string, Record<RoleKey, string>> = {
  //                 admin        approver  helpdesk    verifier    bkn_validator secretary  opd_head   regent
  opds:              { admin: 'all:RCUD', approver: 'all:R', helpdesk: 'all:R',   verifier: 'own:R',   bkn_validator: 'all:R', secretary: 'own:R', opd_head: 'own:R', regent: 'all:R' },
  // helpdesk and verifiers "create and edit employees"; the BKN validator sees the people behind the submissions it validates.
  employees:         { admin: 'all:RCUD', approver: 'all:R', helpdesk: 'all:RCU', verifier: 'own:RCU', bkn_validator: 'bkn:R', secretary: 'own:R', opd_head: 'own:R', regent: 'all:R' },
  users:             { admin: 'all:RCUD', approver: '-',     helpdesk: '-',       verifier: '-',       bkn_validator: '-',     secretary: '-',     opd_head: '-',     regent: '-' },
  campaigns:         { admin: 'all:RCUD', approver: 'all:R', helpdesk: 'all:R',   verifier: 'all:R',   bkn_validator: 'all:R', secretary: 'all:R', opd_head: 'all:R', regent: 'all:R' },
  // status changes only through workflow actions (tested with the custom actions).
  submissions:       { admin: 'all:RCUD', approver: 'all:R', helpdesk: 'all:RCU', verifier: 'own:RCU', bkn_validator: 'bkn:R', secretary: 'own:R', opd_head: 'own:R', regent: 'all:R' },
  // the history is append-only.
  submission_events: { admin: 'all:R',    approver: 'all:R', helpdesk: 'all:R',   verifier: 'own:R',   bkn_validator: 'bkn:R', secretary: 'own:R', opd_head: 'own:R', regent: 'all:R' },
  // documents are uploaded (C) and removed (d) one by one through the document service, never edited.
  documents:         { admin: 'all:RCd',  approver: 'all:R', helpdesk: 'all:RC',  verifier: 'own:RCd', bkn_validator: 'bkn:R', secretary: 'own:R', opd_head: 'own:R', regent: '-' },
  helpdesk_tickets:  { admin: 'all:RCUD', approver: 'all:R', helpdesk: 'all:RCU', verifier: '-',       bkn_validator: '-',     secretary: '-',     opd_head: '-',     regent: '-' },
  // the audit trail is append-only and the administrator's.
  audit_logs:        { admin: 'all:R',    approver: '-',     helpdesk: '-',       verifier: '-',       bkn_validator: '-',     secretary: '-',     opd_head: '-',     regent: '-' },
  report_schedules:  { admin: 'all:RCUD', approver: 'all:R', helpdesk: '-',       verifier: '-',       bkn_validator: '-',     secretary: '-',     opd_head: '-',     regent: '-' },
  report_runs:       { admin: 'all:R',    approver: 'all:R', helpdesk: '-',       verifier: '-',       bkn_validator: '-',     secretary: '-',     opd_head: '-',     regent: 'all:R' },
  // the head receives the OPD report, the secretary is on cc; the Bupati receives the regency report.
  report_deliveries: { admin: 'all:R',    approver: 'all:R', helpdesk: '-',       verifier: '-',       bkn_validator: '-',     secretary: 'own:R', opd_head: 'own:R', regent: 'all:R' },
  // the import history is written by ImportService only; the unit map is saved from the import page.
  imports:           { admin: 'all:R',    approver: 'all:R', helpdesk: '-',       verifier: '-',       bkn_validator: '-',     secretary: '-',     opd_head: '-',     regent: '-' },
  siasn_unit_map:    { admin: 'all:R',    approver: '-',     helpdesk: '-',       verifier: '-',       bkn_validator: '-',     secretary: '-',     opd_head: '-',     regent: '-' },
};

/*
 * Custom actions (workflow buttons, send now, downloads) — TO BE ADDED by the panel's lead:
 * add rows { resource, action, type: 'record' | 'bulk' | 'resource', roles: { role: 'own' | 'all' | 'bkn' | '-' } }
 * and they are driven below like the built-in ones (GET must never change state; POST only as granted).
 */
export const CUSTOM_ACTIONS: Array<{
  resource: string;
  action: string;
  type: 'record' | 'bulk' | 'resource';
  roles: Partial<Record<RoleKey, string>>;
}> = [];
// The panel's custom actions are driven role by role in custom-actions.test.ts.

const EMAIL: Record<RoleKey, string> = ROLE_EMAIL;
const OPD_BOUND: readonly RoleKey[] = ['verifier', 'secretary', 'opd_head'];

type Scope = 'all' | 'own' | 'bkn';
interface Cell {
  scope: Scope | null;
  R: boolean;
  C: boolean;
  U: boolean;
  del: boolean;
  bulk: boolean;
}
function cell(resource: string, role: RoleKey): Cell {
  const v = EXPECTED[resource][role];
  if (v === '-') return { scope: null, R: false, C: false, U: false, del: false, bulk: false };
  const [scope, rights] = v.split(':') as [Scope, string];
  return {
    scope,
    R: rights.includes('R'),
    C: rights.includes('C'),
    U: rights.includes('U'),
    del: /[dD]/.test(rights),
    bulk: rights.includes('D'),
  };
}

interface Spec {
  /** A row the user may see (own OPD / BKN category) and one they may not (another OPD / other category). */
  ids(scope: Scope | null): { own: number; other: number };
  /** WHERE of the rows a scope covers, for counts straight from the database. */
  where(scope: Scope): Promise<WhereOptions>;
  /** A valid create payload (acting from OPD A) */
  newPayload?(): Record<string, string>;
  /** How `new` is sent when it is not a plain form (an upload); default: the payload as a form. */
  sendNew?(agent: TestAgent, url: string, payload: Record<string, string>): Promise<Response>;
  /** The phase `new` is open in, when it is not the fixture's (verification). */
  newPhase?: 'self_update';
  /** The row a successful `new` created is the right one (not only "a row more"). */
  createdRight?(row: Record<string, unknown>, payload: Record<string, string>, userId: number): Promise<void>;
  /** A harmless change and how to see it applied. */
  edit?: {
    payload(): Record<string, string>;
    applied(row: Record<string, unknown>, payload: Record<string, string>): boolean;
    /** Further effects of an applied edit (version bump, audit row), given the row before. */
    effects?(before: Record<string, unknown>, after: Record<string, unknown>, userId: number): Promise<void>;
  };
  /** A successful delete has its further effects (audit row), given the deleted row's id. */
  deleted?(id: number, userId: number): Promise<void>;
  /** A fresh row that may be deleted: in OPD A ('own') or OPD B ('other'), or for 'bkn' in/out of a BKN category. */
  throwaway?(which: 'own' | 'other', scope: Scope): Promise<number>;
  /** Which rows a create would add (default: all rows). */
  created?: WhereOptions;
}

const bknSubIds = async () =>
  (await t.db.models.Submission.findAll({ where: { category: { [Op.in]: BKN_CATEGORIES } }, attributes: ['id', 'employeeId'] })).map(
    (s) => s.get({ plain: true }) as { id: number; employeeId: number },
  );
const opdWhere = (scope: Scope) => (scope === 'own' ? { opdId: f.opdA.id } : {});
const ab = (own: { id: number }, other: { id: number }) => () => ({ own: own.id, other: other.id });

function specs(): Record<string, Spec> {
  const A = () => f.opdA.id;
  const B = () => f.opdB.id;
  const opdOf = (which: 'own' | 'other') => (which === 'own' ? A() : B());
  const m = t.db.models;
  return {
    opds: {
      ids: ab(f.opdA, f.opdB),
      where: async (s) => (s === 'own' ? { id: A() } : {}),
      newPayload: () => ({ code: `T${unique()}`, name: `OPD Uji ${unique()}`, kind: 'dinas' }),
      edit: { payload: () => ({ address: `Jl. Uji ${unique()}` }), applied: (r, p) => r.address === p.address },
      throwaway: async () =>
        (
          await m.Opd.create({
            code: `X${unique()}`,
            name: `OPD Sementara ${unique()}`,
            kind: 'dinas',
            address: null,
            headName: null,
            headEmail: null,
            secretaryName: null,
            secretaryEmail: null,
          })
        ).id,
    },
    employees: {
      ids: (s) => (s === 'bkn' ? { own: f.empA[2].id, other: f.empA[0].id } : { own: f.empA[0].id, other: f.empB[0].id }),
      where: async (s) => (s === 'bkn' ? { id: { [Op.in]: (await bknSubIds()).map((x) => x.employeeId) } } : opdWhere(s)),
      newPayload: () => {
        const v = newEmployeeValues(A());
        return { ...v, opdId: String(v.opdId) };
      },
      edit: { payload: () => ({ phone: `0812${unique()}` }), applied: (r, p) => r.phone === p.phone },
      throwaway: async (w) => (await m.Employee.create(newEmployeeValues(opdOf(w)))).id,
    },
    users: {
      ids: () => ({ own: f.users.verifierA.id, other: f.users.verifierB.id }),
      where: async (s) => opdWhere(s),
      newPayload: () => ({ email: `baru${unique()}@uji.example`, name: 'Pengguna Baru', role: 'helpdesk', password: 'Sandi-Kuat-2026x' }),
      edit: { payload: () => ({ name: `Nama ${unique()}` }), applied: (r, p) => r.name === p.name },
      throwaway: async (w) =>
        (
          await m.User.create({
            email: `sementara${unique()}@uji.example`,
            name: 'Sementara',
            passwordHash: 'x',
            role: 'verifier',
            opdId: opdOf(w),
            lastLoginAt: null,
            passwordChangedAt: null,
          })
        ).id,
    },
    campaigns: {
      ids: ab(f.campaign, f.campaign2),
      where: async () => ({}),
      newPayload: () => ({
        name: `Kampanye ${unique()}`,
        year: '2030',
        helpdeskStart: '2030-08-10',
        selfUpdateStart: '2030-08-15',
        selfUpdateEnd: '2030-08-25',
        verificationStart: '2030-08-26',
        verificationEnd: '2030-09-04',
        approvalStart: '2030-09-05',
        approvalEnd: '2030-09-14',
      }),
      edit: { payload: () => ({ notes: `catatan ${unique()}` }), applied: (r, p) => r.notes === p.notes },
      throwaway: async () =>
        (
          await m.Campaign.create({
            name: `Sementara ${unique()}`,
            year: 2031,
            helpdeskStart: '2031-08-10',
            selfUpdateStart: '2031-08-15',
            selfUpdateEnd: '2031-08-25',
            verificationStart: '2031-08-26',
            verificationEnd: '2031-09-04',
            approvalStart: '2031-09-05',
            approvalEnd: '2031-09-14',
            notes: null,
          })
        ).id,
    },
    submissions: {
      ids: (s) => (s === 'bkn' ? { own: f.bknSubA.id, other: f.subsA[0].id } : { own: f.subsA[0].id, other: f.subsB[0].id }),
      where: async (s) => (s === 'bkn' ? { category: { [Op.in]: BKN_CATEGORIES } } : opdWhere(s)),
      // The form sends another OPD, an old campaign and a back-dated, approved status: WorkflowService
      // takes the employee's OPD, the campaign whose self-update window is open, 'submitted' and now.
      newPayload: () => ({
        employeeId: String(f.empA[1].id),
        opdId: String(B()),
        campaignId: String(f.campaign2.id),
        category: 'skp',
        status: 'approved',
        version: '7',
        submittedAt: new Date(Date.now() - 400 * 86400000).toISOString(),
        'proposedValues.catatan': 'baru',
      }),
      newPhase: 'self_update',
      createdRight: async (row, p, userId) => {
        expect(row).toMatchObject({
          employeeId: Number(p.employeeId),
          opdId: A(),
          campaignId: f.campaign.id,
          category: 'skp',
          status: 'submitted',
          version: 0,
          proposedValues: { catatan: 'baru' },
        });
        expect(Math.abs(new Date(row.submittedAt as string).getTime() - Date.now())).toBeLessThan(120_000);
        const history = await m.SubmissionEvent.findAll({ where: { submissionId: row.id as number } });
        expect(history.map((e) => [e.fromStatus, e.toStatus, e.actorUserId, e.opdId])).toEqual([[null, 'submitted', userId, A()]]);
      },
      edit: {
        payload: () => ({ 'proposedValues.catatan': `ubah ${unique()}` }),
        applied: (r, p) => (r.proposedValues as { catatan?: string } | null)?.catatan === p['proposedValues.catatan'],
        effects: async (before, after, userId) => {
          expect(after.version).toBe(Number(before.version) + 1);
          expect(after).toMatchObject({
            status: before.status,
            category: before.category,
            opdId: before.opdId,
            employeeId: before.employeeId,
            campaignId: before.campaignId,
          });
          expect(
            await m.AuditLog.count({
              where: { action: 'update', resource: 'submissions', recordId: String(before.id), userId, outcome: 'ok' },
            }),
          ).toBeGreaterThan(0);
        },
      },
      throwaway: async (w, s) => {
        const emp = w === 'own' ? f.empA[1] : f.empB[1];
        const category = s === 'bkn' ? (w === 'own' ? 'pmk' : 'skp') : 'diklat';
        return (
          await m.Submission.create({
            employeeId: emp.id,
            opdId: emp.opdId,
            campaignId: f.campaign.id,
            category,
            proposedValues: null,
            submittedAt: new Date(Date.now() - unique() * 1000),
            verifiedAt: null,
            validatedAt: null,
            decidedAt: null,
            lastNote: null,
          })
        ).id;
      },
    },
    submission_events: {
      ids: (s) => {
        const ev = (subId: number) => f.events.find((e) => e.submissionId === subId)!.id;
        return s === 'bkn' ? { own: ev(f.bknSubA.id), other: ev(f.subsA[0].id) } : { own: ev(f.subsA[0].id), other: ev(f.subsB[0].id) };
      },
      where: async (s) => (s === 'bkn' ? { submissionId: { [Op.in]: (await bknSubIds()).map((x) => x.id) } } : opdWhere(s)),
      edit: { payload: () => ({ note: `ubah ${unique()}` }), applied: (r, p) => r.note === p.note },
    },
    documents: {
      ids: (s) => (s === 'bkn' ? { own: f.docBknA.id, other: f.docA.id } : { own: f.docA.id, other: f.docB.id }),
      where: async (s) => (s === 'bkn' ? { submissionId: { [Op.in]: (await bknSubIds()).map((x) => x.id) } } : opdWhere(s)),
      // An upload through DocumentService: a real PDF, multipart like the panel's form.
      newPayload: () => ({ submissionId: String(f.subsA[0].id), documentType: 'ktp' }),
      sendNew: async (agent, url, p) =>
        agent
          .post(url)
          .field('submissionId', p.submissionId)
          .field('documentType', p.documentType)
          .attach('file', await makePdf(`KTP uji ${unique()}`), 'ktp-uji.pdf'),
      createdRight: async (row, p, userId) => {
        expect(row).toMatchObject({
          submissionId: Number(p.submissionId),
          opdId: A(),
          documentType: 'ktp',
          originalName: 'ktp-uji.pdf',
          uploadedBy: userId,
          mimeType: 'application/pdf',
        });
        expect(await t.services.storage.stat(row.storageKey as string)).not.toBeNull();
        expect(await m.AuditLog.count({ where: { action: 'upload', resource: 'documents', recordId: String(row.id), userId } })).toBe(1);
      },
      edit: { payload: () => ({ documentType: 'sk_pns' }), applied: (r, p) => r.documentType === p.documentType },
      throwaway: async (w) => {
        const s = w === 'own' ? f.subsA[1] : f.subsB[1];
        return (
          await m.Document.create({
            submissionId: s.id,
            opdId: s.opdId,
            documentType: 'ktp',
            originalName: 'sementara.pdf',
            size: 10,
            sha256: `${unique()}`.padStart(64, 'f'),
            storageKey: `ff/${unique()}.pdf`,
            uploadedBy: null,
          })
        ).id;
      },
      // removed through DocumentService (phase, submission still editable), audited
      deleted: async (id, userId) => {
        expect(
          await m.AuditLog.count({ where: { action: 'delete', resource: 'documents', recordId: String(id), userId, outcome: 'ok' } }),
        ).toBe(1);
      },
    },
    helpdesk_tickets: {
      ids: ab(f.ticketA, f.ticketB),
      where: async (s) => opdWhere(s),
      newPayload: () => ({
        reporterName: `Pelapor ${unique()}`,
        kind: 'other',
        description: 'tidak bisa masuk MySAPK',
        opdId: String(A()),
      }),
      edit: { payload: () => ({ resolution: `selesai ${unique()}` }), applied: (r, p) => r.resolution === p.resolution },
      throwaway: async (w) =>
        (
          await m.HelpdeskTicket.create({
            employeeId: null,
            opdId: opdOf(w),
            nip: null,
            reporterName: 'Sementara',
            reporterPhone: null,
            kind: 'other',
            description: 'x',
            handlerUserId: null,
            resolution: null,
            resolvedAt: null,
          })
        ).id,
    },
    audit_logs: {
      ids: ab(f.auditA, f.auditB),
      where: async (s) => opdWhere(s),
      newPayload: () => ({ action: 'palsu', userEmail: 'palsu@uji.example' }),
      created: { action: 'palsu' }, // a refusal itself adds an audit row
      edit: { payload: () => ({ message: `ubah ${unique()}` }), applied: (r, p) => r.message === p.message },
    },
    report_schedules: {
      ids: ab(f.schedule, f.schedule2),
      where: async () => ({}),
      newPayload: () => ({ name: `Jadwal ${unique()}`, reportKind: 'opd', cron: '0 7 * * *' }),
      edit: { payload: () => ({ name: `Jadwal ${unique()}` }), applied: (r, p) => r.name === p.name },
      throwaway: async () =>
        (
          await m.ReportSchedule.create({
            name: `Sementara ${unique()}`,
            reportKind: 'opd',
            cron: '0 9 * * *',
            campaignId: null,
            activeFrom: null,
            activeUntil: null,
            extraRecipients: null,
          })
        ).id,
    },
    report_runs: {
      ids: ab(f.run, f.run2),
      where: async () => ({}),
      edit: { payload: () => ({ periodKey: `p${unique()}` }), applied: (r, p) => r.periodKey === p.periodKey },
    },
    report_deliveries: {
      ids: ab(f.deliveryA, f.deliveryB),
      where: async (s) => opdWhere(s),
      edit: { payload: () => ({ recipient: `ubah${unique()}@uji.example` }), applied: (r, p) => r.recipient === p.recipient },
    },
    imports: {
      ids: ab(f.importA, f.importB),
      where: async () => ({}),
      edit: { payload: () => ({ fileName: `ubah-${unique()}.csv` }), applied: (r, p) => r.fileName === p.fileName },
    },
    siasn_unit_map: {
      ids: ab(f.unitMapA, f.unitMapB),
      where: async () => ({}),
      edit: { payload: () => ({ unorNama: `Ubah ${unique()}` }), applied: (r, p) => r.unorNama === p.unorNama },
    },
  };
}

const api = (resource: string) => `/admin/api/resources/${resource}`;
const notice = (res: Response) => (res.body?.notice?.type as string | undefined) ?? null;
/** AdminJS's "not found" answer for a record outside the user's scope: an error, and no record. */
function expectNotFoundNotice(res: Response) {
  expect(res.status).toBe(200);
  expect(notice(res)).toBe('error');
  expect(Object.keys(res.body.record?.params ?? {})).toHaveLength(0);
  expect(res.body.records ?? []).toHaveLength(0);
}
/** Refused: 403 (the policy), or the "not found" notice (a row outside the scope). Never the row. */
function expectRefused(res: Response) {
  if (res.status === 403) return;
  expectNotFoundNotice(res);
}

async function rowOf(resource: string, id: number) {
  const row = await modelOf(t.db, resource).findByPk(id);
  return row ? (row.get({ plain: true }) as Record<string, unknown>) : null;
}

let t: SecurityApp;
let f: Fixture;

/**
 * Drives the matrix for some roles (split over four test files to keep each under a minute on
 * MariaDB): a fresh database and the same fixture per file.
 */
export function describePermissionMatrix(title: string, roles: readonly RoleKey[]): void {
  describe(title, () => {
    beforeAll(async () => {
      t = await createSecurityApp();
      f = await seedSecurityFixture(t.db);
    });
    afterAll(async () => {
      await t.close();
    });

    describe.each(roles)('role %s', (role) => {
      let agent: TestAgent;
      const bodies: string[] = [];
      /** Every answer a user of OPD A gets is kept and searched for OPD B's strings. */
      const keep = (res: Response) => {
        bodies.push(res.text ?? JSON.stringify(res.body));
        return res;
      };
      const get = async (url: string) => keep(await agent.get(url));
      const post = async (url: string, form: Record<string, string> = {}) => keep(await agent.post(url).type('form').send(form));
      const denials = () => deniedCount(t.db, EMAIL[role]);

      let userId: number;
      beforeAll(async () => {
        agent = await loginAs(t.app, EMAIL[role]);
        userId = (await t.db.models.User.findOne({ where: { email: EMAIL[role] } }))!.id;
      });

      it.each(Object.keys(EXPECTED))('%s: list, search, show, new, edit, delete, bulk delete as DESIGN.md grants', async (resource) => {
        const c = cell(resource, role);
        const spec = specs()[resource];
        const model = modelOf(t.db, resource);
        const pk = model.primaryKeyAttribute;
        const { own, other } = spec.ids(c.scope);
        const otherVisible = c.scope === 'all';

        // list + counts, search (reference pickers, filter selects), the old search URL
        for (const url of [`${api(resource)}/actions/list?perPage=500`, `${api(resource)}/actions/search?perPage=500`]) {
          const before = await denials();
          const res = await get(url);
          if (!c.R) {
            expect(res.status).toBe(403);
            expect(await denials()).toBeGreaterThan(before);
            continue;
          }
          expect(res.status).toBe(200);
          expect(notice(res)).not.toBe('error');
          const where = await spec.where(c.scope!);
          const visible = new Set((await model.findAll({ where, attributes: [pk] })).map((r) => String(r.get(pk))));
          const ids = (res.body.records as Array<{ id: string | number }>).map((r) => String(r.id));
          expect(ids.length).toBe(visible.size);
          for (const id of ids) expect(visible.has(id)).toBe(true);
          if (url.includes('/list')) expect(res.body.meta.total).toBe(await model.count({ where }));
          expect(ids.includes(String(own))).toBe(true);
          expect(ids.includes(String(other))).toBe(otherVisible);
        }

        // show
        {
          const before = await denials();
          const resOwn = await get(`${api(resource)}/records/${own}/show`);
          const resOther = await get(`${api(resource)}/records/${other}/show`);
          if (!c.R) {
            expect(resOwn.status).toBe(403);
            expect(resOther.status).toBe(403);
          } else {
            expect(resOwn.status).toBe(200);
            expect(String(resOwn.body.record.params[pk])).toBe(String(own));
            if (otherVisible) expect(String(resOther.body.record.params[pk])).toBe(String(other));
            else expectNotFoundNotice(resOther);
          }
          if (!c.R || !otherVisible) expect(await denials()).toBeGreaterThan(before);
        }

        // new
        if (spec.newPayload || !c.C) {
          const payload = spec.newPayload ? spec.newPayload() : { name: 'x' };
          const countBefore = await model.count({ where: spec.created });
          const maxBefore = Number((await model.max(pk)) ?? 0);
          const before = await denials();
          const url = `${api(resource)}/actions/new`;
          const send = async () =>
            keep(spec.sendNew && c.C ? await spec.sendNew(agent, url, payload) : await agent.post(url).type('form').send(payload));
          const res = spec.newPhase ? await inPhase(t.db, f.campaign.id, spec.newPhase, send) : await send();
          if (c.C) {
            expect(res.status).toBe(200);
            expect({ notice: notice(res), message: res.body?.notice?.message }).toMatchObject({ notice: 'success' });
            expect(await model.count({ where: spec.created })).toBe(countBefore + 1);
            const created = await model.findOne({ where: { [pk]: { [Op.gt]: maxBefore } } as WhereOptions });
            if (spec.createdRight) await spec.createdRight(created!.get({ plain: true }) as Record<string, unknown>, payload, userId);
          } else {
            expect(res.status).toBe(403);
            expect(await model.count({ where: spec.created })).toBe(countBefore);
            expect(await denials()).toBeGreaterThan(before);
          }
        }

        // edit (own row, other row)
        for (const [which, id] of [
          ['own', own],
          ['other', other],
        ] as const) {
          const payload = spec.edit ? spec.edit.payload() : { name: 'x' };
          const rowBefore = await rowOf(resource, id);
          const before = await denials();
          const res = await post(`${api(resource)}/records/${id}/edit`, payload);
          const allowed = c.U && (which === 'own' || otherVisible);
          if (allowed) {
            expect(res.status).toBe(200);
            expect(notice(res)).toBe('success');
            const rowAfter = (await rowOf(resource, id))!;
            expect(spec.edit!.applied(rowAfter, payload)).toBe(true);
            if (spec.edit!.effects) await spec.edit!.effects(rowBefore!, rowAfter, userId);
          } else {
            expectRefused(res);
            expect(await rowOf(resource, id)).toEqual(rowBefore);
            expect(await denials()).toBeGreaterThan(before);
          }
        }

        // delete and bulk delete (own row, other row): fresh rows when the role may delete
        for (const kind of ['delete', 'bulkDelete'] as const) {
          for (const which of ['own', 'other'] as const) {
            const mayDelete = (kind === 'delete' ? c.del : c.bulk) && (which === 'own' || otherVisible);
            const id = mayDelete || (c.del && spec.throwaway) ? await spec.throwaway!(which, c.scope!) : which === 'own' ? own : other;
            const before = await denials();
            const url = kind === 'delete' ? `${api(resource)}/records/${id}/delete` : `${api(resource)}/bulk/bulkDelete?recordIds=${id}`;
            const res = await post(url);
            if (mayDelete) {
              expect(res.status).toBe(200);
              expect(notice(res)).toBe('success');
              expect(await rowOf(resource, id)).toBeNull();
              if (spec.deleted) await spec.deleted(id, userId);
            } else {
              if (kind === 'bulkDelete') expect(res.status).toBe(403);
              else expectRefused(res);
              expect(await rowOf(resource, id)).not.toBeNull();
              expect(await denials()).toBeGreaterThan(before);
            }
          }
        }

        // a bulk selection mixing an own row with a row outside the scope is refused as a whole
        if (c.bulk && !otherVisible) {
          const a = await spec.throwaway!('own', c.scope!);
          const b = await spec.throwaway!('other', c.scope!);
          const res = await post(`${api(resource)}/bulk/bulkDelete?recordIds=${a},${b}`);
          expect(res.status).toBe(403);
          expect(await rowOf(resource, a)).not.toBeNull();
        }
      });

      it('the panel page and the dashboard carry only what this user may see', async () => {
        const page = await get('/admin');
        expect(page.status).toBe(200);
        const session = /"session":(\{[^}]*\})/.exec(page.text)![1];
        expect(Object.keys(JSON.parse(session)).sort()).toEqual(['email', 'id', 'opdId', 'opdName', 'role', 'title']);
        expect(page.text).not.toMatch(/\$2[aby]\$/);
        const dash = await get('/admin/api/dashboard');
        expect(dash.status).toBe(200);
      });

      if (OPD_BOUND.includes(role)) {
        it('no answer to a user of OPD A contains anything of OPD B', () => {
          expect(bodies.length).toBeGreaterThan(50);
          const all = bodies.join('\n');
          for (const s of f.opdBStrings) expect({ s, found: all.includes(s) }).toEqual({ s, found: false });
        });
      }
    });
  });
}
