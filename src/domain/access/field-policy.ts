import type { Role } from '../shared/constants.js';
import type { Actor } from '../shared/actor.js';
import type { ResourceId } from './access-policy.js';

/**
 * The access policy's field rules (access-policy.ts says who may touch which rows): which
 * personal-data fields are masked for whom, what never leaves the server (REDACTION), and which
 * columns hold JSON documents. Data, applied by src/domain/records/presentation.ts,
 * write-input.ts, query-fields.ts and redaction.ts.
 */

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

/** Does the actor see a NIK in full (NIK_FULL_ROLES, and the system)? */
export function canSeeFullNik(actor: Actor): boolean {
  return actor.role === 'system' || NIK_FULL_ROLES.includes(actor.role);
}

/** Fields the actor may not see in clear (nested ones as "column.key"), for a resource. */
export function hiddenFieldsFor(actor: Actor, resource: string): string[] {
  const r = resource as ResourceId;
  return [...(SECRET_FIELDS[r] ?? []), ...(SERVER_ONLY_FIELDS[r] ?? []), ...(canSeeFullNik(actor) ? [] : (NIK_FIELDS[r] ?? []))];
}
