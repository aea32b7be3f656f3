import type { Role } from '../shared/constants.js';
import type { Actor } from '../shared/actor.js';

/**
 * The one access policy: role × resource × action, plus how rows are scoped.
 * Data, not code paths: the panel, the CLI, jobs and routes all ask this table.
 * Its two companions: field-policy.ts (what is masked, redacted or kept on the server, field by
 * field) and query-fields.ts (what a list filter, a search or a sort may name).
 *
 * Scopes:
 *  - 'all'  every row
 *  - 'opd'  only rows of the actor's OPD (resource's OPD column)
 *  - 'bkn'  only rows in categories that Kanreg BKN validates
 *  - 'self' only the actor's own row (users)
 */
export type Scope = 'all' | 'opd' | 'bkn' | 'self';
export type CrudAction = 'list' | 'show' | 'search' | 'new' | 'edit' | 'delete' | 'bulkDelete' | 'export';
// `string & {}` keeps the CRUD names suggested while any custom action name is accepted.
export type Action = CrudAction | (string & {});

export const RESOURCES = [
  'opds',
  'employees',
  'users',
  'campaigns',
  'submissions',
  'submission_events',
  'documents',
  'helpdesk_tickets',
  'audit_logs',
  'report_schedules',
  'report_runs',
  'report_deliveries',
  'notices',
  'opd_reports',
  'guides',
  'imports',
  'siasn_unit_map',
] as const;
export type ResourceId = (typeof RESOURCES)[number];

interface Grant {
  scope: Scope;
  actions: readonly Action[];
}

const READ: readonly Action[] = ['list', 'show', 'search', 'export'];
const WRITE: readonly Action[] = [...READ, 'new', 'edit'];
const ALL: readonly Action[] = [...WRITE, 'delete', 'bulkDelete'];
const WORKFLOW_OPD = ['verify', 'returnForFix', 'reject', 'resubmit', 'bulkVerify'];
const WORKFLOW_BKN = ['validate', 'returnForFix', 'reject'];
const WORKFLOW_APPROVE = ['approve', 'reject', 'bulkApprove'];
const REPORT_SEND = ['sendNow', 'sendTest'];
/** The OPD head's report to the Bupati: the head submits it, BKPSDM's approver acknowledges or returns it. */
const OPD_REPORT_SUBMIT = ['submitReport'];
const OPD_REPORT_DECIDE = ['acknowledge', 'returnReport'];
// Consultation with BKPSDM on a submission (issue 14): who checks the documents asks, BKPSDM
// (approver, helpdesk) answers, either side closes. The row scope is the submission's.
const CONSULT_ASK = ['consultAsk', 'consultClose'];
const CONSULT_ANSWER = ['consultAnswer', 'consultClose'];
/** SIASN imports (src/domain/imports): one action per profile, plus the two downloads of the history. */
export const IMPORT_ACTIONS = { asn: 'importAsn', aktivasi: 'importAktivasi', usul: 'importUsul' } as const;

type Matrix = Record<ResourceId, Partial<Record<Role, Grant>>>;

const g = (scope: Scope, ...actions: Array<readonly Action[] | Action>): Grant => ({ scope, actions: actions.flat() });

/*
 * Reading of DESIGN.md "Who uses it" (the choices where it is silent are noted):
 * - documents: a scan (KTP, KK, ijazah) shows the NIK and family data in full, so downloading
 *   it is for the roles that check documents (admin, approver, verifier, bkn_validator). Helpdesk
 *   uploads scans an employee brings and sees the document rows, not the files; the monitoring
 *   roles (secretary, opd_head) see the rows of their OPD; the regent sees none.
 *   Documents are never edited (a wrong scan is deleted and uploaded again), and are deleted one
 *   by one through the document service (file and phase checks), never in bulk.
 * - bkn_validator sees employees only through the submissions it validates ('bkn' scope).
 * - helpdesk creates and edits employees and submissions for any OPD (DESIGN "Where the data
 *   comes from"), sees tickets; NIK masked.
 * - secretary and opd_head: read-only, own OPD, incl. the OPD report deliveries (the head
 *   receives the report, the secretary is on cc).
 * - users and the audit trail are the administrator's.
 */
export const MATRIX: Matrix = {
  // 'report': the OPD's completion report (preview and workbook) — for the roles DESIGN.md sends
  // it to or lets see it (head, secretary on cc, Bupati, BKPSDM), not for every role that can
  // read the OPD's name (helpdesk, bkn_validator and verifiers see OPD rows as reference data).
  opds: {
    admin: g('all', ALL, 'report'),
    approver: g('all', READ, 'report'),
    helpdesk: g('all', READ),
    verifier: g('opd', READ),
    bkn_validator: g('all', READ),
    secretary: g('opd', READ, 'report'),
    opd_head: g('opd', READ, 'report'),
    regent: g('all', READ, 'report'),
  },
  employees: {
    admin: g('all', ALL, 'flagIncomplete'),
    approver: g('all', READ, 'flagIncomplete'),
    helpdesk: g('all', WRITE),
    verifier: g('opd', WRITE),
    bkn_validator: g('bkn', READ),
    secretary: g('opd', READ),
    opd_head: g('opd', READ),
    regent: g('all', READ),
  },
  users: {
    admin: g('all', ALL),
  },
  campaigns: {
    admin: g('all', ALL),
    approver: g('all', READ),
    helpdesk: g('all', READ),
    verifier: g('all', READ),
    bkn_validator: g('all', READ),
    secretary: g('all', READ),
    opd_head: g('all', READ),
    regent: g('all', READ),
  },
  submissions: {
    admin: g('all', ALL, WORKFLOW_OPD, WORKFLOW_BKN, WORKFLOW_APPROVE, CONSULT_ASK, CONSULT_ANSWER),
    approver: g('all', READ, WORKFLOW_APPROVE, CONSULT_ANSWER),
    helpdesk: g('all', READ, 'new', 'edit', 'resubmit', CONSULT_ANSWER),
    verifier: g('opd', WRITE, WORKFLOW_OPD, CONSULT_ASK),
    bkn_validator: g('bkn', READ, WORKFLOW_BKN, CONSULT_ASK),
    secretary: g('opd', READ),
    opd_head: g('opd', READ),
    regent: g('all', READ),
  },
  submission_events: {
    admin: g('all', READ),
    approver: g('all', READ),
    helpdesk: g('all', READ),
    verifier: g('opd', READ),
    bkn_validator: g('bkn', READ),
    secretary: g('opd', READ),
    opd_head: g('opd', READ),
    regent: g('all', READ),
  },
  documents: {
    admin: g('all', READ, 'new', 'delete', 'download'),
    approver: g('all', READ, 'download'),
    helpdesk: g('all', READ, 'new'),
    verifier: g('opd', READ, 'new', 'delete', 'download'),
    bkn_validator: g('bkn', READ, 'download'),
    secretary: g('opd', READ),
    opd_head: g('opd', READ),
  },
  helpdesk_tickets: {
    admin: g('all', ALL),
    helpdesk: g('all', WRITE),
    approver: g('all', READ),
  },
  audit_logs: {
    admin: g('all', READ),
  },
  report_schedules: {
    admin: g('all', ALL, REPORT_SEND),
    approver: g('all', READ, REPORT_SEND),
  },
  report_runs: {
    admin: g('all', READ, 'resendFailed'),
    approver: g('all', READ, 'resendFailed'),
    regent: g('all', READ),
  },
  report_deliveries: {
    admin: g('all', READ, 'download'),
    approver: g('all', READ, 'download'),
    regent: g('all', READ, 'download'),
    secretary: g('opd', READ, 'download'),
    opd_head: g('opd', READ, 'download'),
  },
  // Notices to the ASN (BTS/TMS mails): read-only for whoever follows the submissions up — the
  // OPD's verifier contacts the employees without an address; BKPSDM and helpdesk see them all.
  notices: {
    admin: g('all', READ),
    approver: g('all', READ),
    helpdesk: g('all', READ),
    verifier: g('opd', READ),
    secretary: g('opd', READ),
    opd_head: g('opd', READ),
  },
  // The OPD head's report (issue 13): the head of the OPD submits it (never a verifier, never
  // another OPD's head); the approver (BKPSDM) acknowledges or returns it; the proof files are
  // downloaded by whoever may read the report; the Bupati and the administrator read.
  opd_reports: {
    admin: g('all', READ, 'download'),
    approver: g('all', READ, OPD_REPORT_DECIDE, 'download'),
    secretary: g('opd', READ, 'download'),
    opd_head: g('opd', READ, OPD_REPORT_SUBMIT, 'download'),
    regent: g('all', READ, 'download'),
  },
  // Guides (Buku Saku, Juknis): BKPSDM (admin, approver) uploads and removes them; every role reads
  // and downloads them (they are public guidance, no personal data).
  guides: {
    admin: g('all', READ, 'new', 'delete', 'download'),
    approver: g('all', READ, 'new', 'delete', 'download'),
    helpdesk: g('all', READ, 'download'),
    verifier: g('all', READ, 'download'),
    bkn_validator: g('all', READ, 'download'),
    secretary: g('all', READ, 'download'),
    opd_head: g('all', READ, 'download'),
    regent: g('all', READ, 'download'),
  },
  // SIASN imports (issue 10): the ASN master is the administrator's; the activation and usul
  // lists also the approver's (they follow the campaign). The history is read-only (written by
  // ImportService only); its error report is for whoever may import, the kept original file
  // (it holds every NIK of the regency) for the administrator only.
  imports: {
    admin: g('all', READ, Object.values(IMPORT_ACTIONS), 'downloadErrors', 'download'),
    approver: g('all', READ, IMPORT_ACTIONS.aktivasi, IMPORT_ACTIONS.usul, 'downloadErrors'),
  },
  // The SIASN unit → OPD map: the administrator's (a wrong entry puts employees in another OPD).
  // Read in the panel's list; entries are saved ('map') by ImportService from the import page.
  siasn_unit_map: {
    admin: g('all', READ, 'map'),
  },
};

/** May the actor import a file of this profile (asn, aktivasi, usul)? */
export function canImport(actor: Actor, profile: string): boolean {
  const action = (IMPORT_ACTIONS as Record<string, string>)[profile];
  return action !== undefined && can(actor, 'imports', action);
}

/** Which column holds the OPD of a row, for 'opd' scoping. */
export const OPD_COLUMN: Partial<Record<ResourceId, string>> = {
  opds: 'id',
  employees: 'opd_id',
  submissions: 'opd_id',
  submission_events: 'opd_id',
  documents: 'opd_id',
  helpdesk_tickets: 'opd_id',
  report_deliveries: 'opd_id',
  notices: 'opd_id',
  users: 'opd_id',
  opd_reports: 'opd_id',
};

export function grantOf(actor: Actor, resource: string): Grant | null {
  if (actor.role === 'system') return { scope: 'all', actions: ['*'] };
  const row = (MATRIX as Record<string, Partial<Record<Role, Grant>>>)[resource];
  return row?.[actor.role] ?? null;
}

export function can(actor: Actor, resource: string, action: Action): boolean {
  const grant = grantOf(actor, resource);
  if (!grant) return false;
  return grant.actions.includes('*') || grant.actions.includes(action);
}

/**
 * May the actor have the regency report (its download, the dashboard's link to it)? It covers
 * every OPD, so: the roles that may see reports ('report' on opds) over all OPDs (scope 'all') —
 * never an OPD-bound role, whatever else the table grants it.
 */
export function canSeeRegencyReport(actor: Actor): boolean {
  return can(actor, 'opds', 'report') && grantOf(actor, 'opds')?.scope === 'all';
}

/** Is a row inside the actor's scope for a resource? Pure: for services that load a row themselves. */
export function rowInScope(
  actor: Actor,
  resource: string,
  row: { id?: number | null; opdId?: number | null; category?: string | null },
  bknCategories: readonly string[],
): boolean {
  const grant = grantOf(actor, resource);
  if (!grant) return false;
  switch (grant.scope) {
    case 'all':
      return true;
    case 'opd': {
      if (actor.opdId === null || actor.opdId === undefined) return false;
      const value = OPD_COLUMN[resource as ResourceId] === 'id' ? row.id : row.opdId;
      return value !== null && value !== undefined && Number(value) === Number(actor.opdId);
    }
    case 'bkn':
      return !!row.category && bknCategories.includes(row.category);
    case 'self':
      return actor.id !== null && Number(row.id) === Number(actor.id);
  }
}

/**
 * May the actor take `action` on this row? The one check for code that loads a row itself
 * (document downloads, workflow buttons, report downloads): policy action plus scope.
 */
export function canOnRow(
  actor: Actor,
  resource: string,
  action: Action,
  row: { id?: number | null; opdId?: number | null; category?: string | null },
  bknCategories: readonly string[],
): boolean {
  return can(actor, resource, action) && rowInScope(actor, resource, row, bknCategories);
}
