import type { Role } from '../shared/constants.js';
import type { Actor } from '../shared/actor.js';
import { grantOf, type ResourceId } from './access-policy.js';
import { hiddenFieldsFor, JSON_FIELDS } from './field-policy.js';

/**
 * What a query may name, per resource and role (the access policy's third table, beside the
 * grants of access-policy.ts and the field rules of field-policy.ts): applied by
 * src/domain/records/query-guard.ts to every list filter, search and sort, and read by the panel
 * for its filter sidebar and sortable columns.
 */

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
