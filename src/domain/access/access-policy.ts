import type { Role } from '../shared/constants.js';
import type { Actor } from '../shared/actor.js';

/**
 * The one access policy: role × resource × action, plus how rows are scoped.
 * Data, not code paths: the panel, the CLI, jobs and routes all ask this table.
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

/** Roles that may see a NIK in full (they verify or approve identity data). */
export const NIK_FULL_ROLES: readonly Role[] = ['admin', 'approver', 'verifier'];

/** Personal-data fields masked for roles outside NIK_FULL_ROLES (and never filtered or sorted on by them). */
export const NIK_FIELDS: Partial<Record<ResourceId, readonly string[]>> = {
  employees: ['nik'],
  // a data_personal proposal may carry a new NIK
  submissions: ['proposedValues.nik'],
};

/**
 * THE redaction list: what never leaves the server — in no panel response, no audit row — and
 * is never read from input, whoever asks. The audit writer and the panel's response filter both
 * apply it (src/domain/access/redaction.ts), by field name at any depth (a flattened
 * `afterData.sessionVersion` too), in camelCase and snake_case.
 * - secrets: password hashes and session versions (a session version lets a stolen session be
 *   told apart from a live one);
 * - serverOnly: storage keys and paths the services need but the browser does not;
 * - typed: what a request may carry but nothing repeats (typed passwords);
 * - temporary files: any value naming a path in the server's temp or storage directories
 *   (an upload's temp path, `file.path`) is replaced by the redactor.
 */
export const REDACTION = {
  secrets: {
    users: ['passwordHash', 'sessionVersion'],
  } as Partial<Record<ResourceId, readonly string[]>>,
  serverOnly: {
    documents: ['storageKey'],
    report_deliveries: ['workbookPath'],
    guides: ['storageKey'],
    imports: ['storageKey'],
  } as Partial<Record<ResourceId, readonly string[]>>,
  typed: ['password', 'currentPassword', 'newPassword'] as readonly string[],
} as const;

/** Fields that never leave the server and are never read from input, whoever asks. */
export const SECRET_FIELDS: Partial<Record<ResourceId, readonly string[]>> = REDACTION.secrets;

/**
 * Fields the services need but the browser does not (storage paths): kept out of the panel's
 * records and never accepted from input.
 */
export const SERVER_ONLY_FIELDS: Partial<Record<ResourceId, readonly string[]>> = REDACTION.serverOnly;

/** Every field name of the redaction list, whatever the resource. */
export function redactedFieldNames(): string[] {
  return [...Object.values(REDACTION.secrets).flat(), ...Object.values(REDACTION.serverOnly).flat(), ...REDACTION.typed] as string[];
}

/**
 * Columns that hold a JSON document. Never filtered, sorted or searched, whoever asks: a LIKE on
 * the whole document matches any key inside it (a data_personal proposal's NIK could be read
 * digit by digit through `filters.proposedValues=3313…`).
 */
export const JSON_FIELDS: Partial<Record<ResourceId, readonly string[]>> = {
  submissions: ['proposedValues'],
  audit_logs: ['beforeData', 'afterData'],
  report_deliveries: ['summary'],
  opd_reports: ['figures'],
  imports: ['counts'],
};

export type QueryKind = 'filter' | 'sort';
interface QueryFields {
  filter: readonly string[];
  sort: readonly string[];
}

/**
 * What a query (a list filter, a search, a sort) may name: an ALLOW-LIST per resource, for every
 * role that may read it, plus what `byRole` adds for some roles. Anything else is refused and
 * audited. The panel's filter sidebar and sortable columns are taken from `filter`/`sort`
 * (src/admin/resource-helpers.ts), and each resource's title (what the search action matches)
 * and default sort must be listed here. queryFieldsFor() subtracts, whatever this table says,
 * the JSON columns, the secrets and storage paths, and the fields the actor sees masked.
 */
export const QUERY_FIELDS: Record<ResourceId, QueryFields & { byRole?: Partial<Record<Role, Partial<QueryFields>>> }> = {
  opds: {
    filter: ['id', 'code', 'name', 'kind', 'active'],
    sort: ['id', 'code', 'name', 'kind', 'headName', 'headEmail', 'active', 'createdAt', 'updatedAt'],
  },
  employees: {
    filter: ['id', 'nip', 'name', 'employeeType', 'opdId', 'serviceBlocked', 'active'],
    sort: [
      'id',
      'nip',
      'name',
      'employeeType',
      'opdId',
      'mysapkActivatedAt',
      'passwordChangedAt',
      'serviceBlocked',
      'active',
      'createdAt',
      'updatedAt',
    ],
    // The NIK only for the roles that see it in full (NIK_FULL_ROLES).
    byRole: {
      admin: { filter: ['nik'], sort: ['nik'] },
      approver: { filter: ['nik'], sort: ['nik'] },
      verifier: { filter: ['nik'], sort: ['nik'] },
    },
  },
  users: {
    filter: ['id', 'email', 'name', 'role', 'opdId', 'active'],
    sort: ['id', 'email', 'name', 'role', 'opdId', 'active', 'lastLoginAt', 'createdAt'],
  },
  campaigns: {
    filter: ['id', 'name', 'year', 'active'],
    sort: [
      'id',
      'name',
      'year',
      'helpdeskStart',
      'selfUpdateStart',
      'selfUpdateEnd',
      'verificationStart',
      'verificationEnd',
      'approvalStart',
      'approvalEnd',
      'active',
      'createdAt',
    ],
  },
  submissions: {
    filter: ['id', 'status', 'category', 'opdId', 'employeeId', 'campaignId', 'submittedAt', 'source', 'awaitingBkpsdm'],
    sort: [
      'id',
      'employeeId',
      'opdId',
      'campaignId',
      'category',
      'status',
      'submittedAt',
      'verifiedAt',
      'validatedAt',
      'decidedAt',
      'source',
      'awaitingBkpsdm',
      'createdAt',
      'updatedAt',
    ],
  },
  submission_events: {
    filter: ['id', 'submissionId', 'fromStatus', 'toStatus', 'opdId', 'actorRole', 'createdAt'],
    sort: ['id', 'submissionId', 'fromStatus', 'toStatus', 'actorRole', 'createdAt'],
  },
  documents: {
    filter: ['id', 'submissionId', 'documentType', 'opdId', 'originalName', 'createdAt'],
    sort: ['id', 'submissionId', 'documentType', 'originalName', 'size', 'createdAt'],
  },
  helpdesk_tickets: {
    filter: ['id', 'reporterName', 'kind', 'status', 'opdId', 'nip', 'employeeId', 'submissionId', 'handlerUserId', 'createdAt'],
    sort: ['id', 'reporterName', 'nip', 'kind', 'status', 'opdId', 'handlerUserId', 'resolvedAt', 'createdAt'],
  },
  audit_logs: {
    filter: ['id', 'userId', 'userEmail', 'role', 'action', 'resource', 'recordId', 'opdId', 'outcome', 'ip', 'createdAt'],
    sort: ['id', 'userEmail', 'role', 'action', 'resource', 'recordId', 'opdId', 'outcome', 'ip', 'createdAt'],
  },
  report_schedules: {
    filter: ['id', 'name', 'reportKind', 'cron', 'campaignId', 'ccSecretary', 'enabled'],
    sort: ['id', 'name', 'reportKind', 'cron', 'campaignId', 'activeFrom', 'activeUntil', 'enabled', 'createdAt'],
  },
  report_runs: {
    filter: ['id', 'scheduleId', 'reportKind', 'periodKey', 'trigger', 'status', 'startedAt'],
    sort: ['id', 'scheduleId', 'reportKind', 'periodKey', 'trigger', 'status', 'asOf', 'startedAt', 'finishedAt'],
  },
  report_deliveries: {
    filter: ['id', 'runId', 'opdId', 'recipient', 'status', 'sentAt', 'createdAt'],
    sort: ['id', 'runId', 'opdId', 'recipient', 'status', 'attempts', 'nextAttemptAt', 'sentAt', 'createdAt'],
  },
  notices: {
    filter: ['id', 'submissionId', 'employeeId', 'opdId', 'kind', 'category', 'categoryLabel', 'status', 'createdAt'],
    sort: ['id', 'submissionId', 'employeeId', 'opdId', 'kind', 'category', 'categoryLabel', 'status', 'createdAt'],
  },
  opd_reports: {
    filter: ['id', 'opdId', 'campaignId', 'version', 'status', 'submittedAt', 'decidedAt'],
    sort: ['id', 'opdId', 'campaignId', 'version', 'status', 'submittedAt', 'decidedAt', 'createdAt'],
  },
  guides: {
    filter: ['id', 'campaignId', 'title', 'kind', 'createdAt'],
    sort: ['id', 'campaignId', 'title', 'kind', 'createdAt'],
  },
  imports: {
    filter: ['id', 'profile', 'fileName', 'sha256', 'status', 'createdBy', 'createdByEmail', 'createdAt'],
    sort: ['id', 'profile', 'fileName', 'status', 'size', 'createdByEmail', 'createdAt', 'committedAt'],
  },
  siasn_unit_map: {
    filter: ['id', 'unorId', 'unorNama', 'opdId', 'setBy'],
    sort: ['id', 'unorId', 'unorNama', 'opdId', 'updatedAt'],
  },
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

export function canSeeFullNik(actor: Actor): boolean {
  return actor.role === 'system' || NIK_FULL_ROLES.includes(actor.role);
}

/** Fields the actor may not see in clear (nested ones as "column.key"), for a resource. */
export function hiddenFieldsFor(actor: Actor, resource: string): string[] {
  const r = resource as ResourceId;
  return [...(SECRET_FIELDS[r] ?? []), ...(SERVER_ONLY_FIELDS[r] ?? []), ...(canSeeFullNik(actor) ? [] : (NIK_FIELDS[r] ?? []))];
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

/**
 * The fields `actor` may filter (or search) and sort `resource` on: the allow-list of
 * QUERY_FIELDS for the role, minus JSON columns, secrets, storage paths and every column that holds
 * a field the actor sees masked (for "proposedValues.nik" the whole proposedValues column).
 * Empty when the actor may not read the resource. The system actor gets every role's fields.
 */
export function queryFieldsFor(actor: Actor, resource: string, kind: QueryKind): string[] {
  if (!grantOf(actor, resource)) return [];
  const entry = QUERY_FIELDS[resource as ResourceId];
  if (!entry) return [];
  const extra =
    actor.role === 'system'
      ? Object.values(entry.byRole ?? {}).flatMap((x) => x?.[kind] ?? [])
      : (entry.byRole?.[actor.role]?.[kind] ?? []);
  const hidden = hiddenFieldsFor(actor, resource);
  const json = JSON_FIELDS[resource as ResourceId] ?? [];
  const out = new Set<string>();
  for (const field of [...entry[kind], ...extra]) {
    if (json.includes(field)) continue;
    if (hidden.some((h) => h === field || h.startsWith(`${field}.`))) continue;
    out.add(field);
  }
  return [...out];
}
