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
export type Action = CrudAction | string;

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

type Matrix = Record<ResourceId, Partial<Record<Role, Grant>>>;

const g = (scope: Scope, ...actions: Array<readonly Action[] | Action>): Grant => ({ scope, actions: actions.flat() });

export const MATRIX: Matrix = {
  opds: {
    admin: g('all', ALL),
    approver: g('all', READ),
    helpdesk: g('all', READ),
    verifier: g('opd', READ),
    bkn_validator: g('all', READ),
    secretary: g('opd', READ),
    opd_head: g('opd', READ),
    regent: g('all', READ),
  },
  employees: {
    admin: g('all', ALL),
    approver: g('all', READ),
    helpdesk: g('all', WRITE),
    verifier: g('opd', WRITE),
    bkn_validator: g('all', READ),
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
    admin: g('all', ALL, WORKFLOW_OPD, WORKFLOW_BKN, WORKFLOW_APPROVE),
    approver: g('all', READ, WORKFLOW_APPROVE),
    helpdesk: g('all', READ, 'new', 'resubmit'),
    verifier: g('opd', WRITE, WORKFLOW_OPD),
    bkn_validator: g('bkn', READ, WORKFLOW_BKN),
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
    admin: g('all', ALL, 'download'),
    approver: g('all', READ, 'download'),
    helpdesk: g('all', READ, 'new', 'download'),
    verifier: g('opd', READ, 'new', 'delete', 'download'),
    bkn_validator: g('bkn', READ, 'download'),
    secretary: g('opd', READ, 'download'),
    opd_head: g('opd', READ, 'download'),
  },
  helpdesk_tickets: {
    admin: g('all', ALL),
    helpdesk: g('all', WRITE),
    approver: g('all', READ),
  },
  audit_logs: {
    admin: g('all', ['list', 'show', 'search', 'export']),
  },
  report_schedules: {
    admin: g('all', ALL, REPORT_SEND),
    approver: g('all', READ, REPORT_SEND),
  },
  report_runs: {
    admin: g('all', READ),
    approver: g('all', READ),
    regent: g('all', READ),
  },
  report_deliveries: {
    admin: g('all', READ, 'download'),
    approver: g('all', READ, 'download'),
    regent: g('all', READ, 'download'),
    secretary: g('opd', READ, 'download'),
    opd_head: g('opd', READ, 'download'),
  },
};

/** Which column holds the OPD of a row, for 'opd' scoping. */
export const OPD_COLUMN: Partial<Record<ResourceId, string>> = {
  opds: 'id',
  employees: 'opd_id',
  submissions: 'opd_id',
  submission_events: 'opd_id',
  documents: 'opd_id',
  helpdesk_tickets: 'opd_id',
  report_deliveries: 'opd_id',
  users: 'opd_id',
};

/** Roles that may see a NIK in full (they verify or approve identity data). */
export const NIK_FULL_ROLES: readonly Role[] = ['admin', 'approver', 'verifier'];

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

export function canSeeFullNik(actor: Actor): boolean {
  return actor.role === 'system' || NIK_FULL_ROLES.includes(actor.role);
}
