import type { Model, ModelStatic } from 'sequelize';
import { OPD_COLUMN } from '../access/access-policy.js';
import { SECRET_FIELDS, SERVER_ONLY_FIELDS } from '../access/field-policy.js';
import type { Actor } from '../shared/actor.js';
import { OPD_SCOPED_ROLES, type Role } from '../shared/constants.js';
import { ValidationError } from '../shared/errors.js';
import type { AuditEntry } from '../audit/audit.service.js';
import { fieldsOf, jsonFields } from './query-guard.js';
import type { ResourceRules, Row } from './resource-rules.js';
import { text } from '../shared/text.js';

/**
 * The input a generic write may take, before any rule of the owning service sees it: only the
 * fields its rules declare, never a key, a timestamp, a secret or a storage path; fields a form
 * echoes but may not change; the OPD of an OPD-bound role.
 */

export type WriteOp = 'create' | 'update';

/**
 * The fields the rules declare writable for the operation (and their input-only fields); everything
 * else is dropped. A JSON column typed as JSON text (the panel's textarea) is taken as the object it
 * encodes, so masked values inside it are recognised like nested form keys.
 */
export function pickWritable(model: ModelStatic<Model>, resource: string, input: Row, rules: ResourceRules, op: WriteOp): Row {
  const attrs = model.getAttributes();
  const never = new Set([
    model.primaryKeyAttribute,
    'id',
    'createdAt',
    'updatedAt',
    ...fieldsOf(SECRET_FIELDS, resource),
    ...fieldsOf(SERVER_ONLY_FIELDS, resource),
    ...(rules.readOnly ?? []),
  ]);
  const writable = new Set(rules.writable?.[op] ?? []);
  const inputOnly = new Set(rules.inputOnly ?? []);
  const json = jsonFields(model, resource);
  const out: Row = {};
  for (const [k, v] of Object.entries(input)) {
    if (never.has(k)) continue;
    if (inputOnly.has(k) || (writable.has(k) && k in attrs)) out[k] = json.has(k) ? parsedJson(v) : v;
  }
  return out;
}

/**
 * An edit form posts back every param of the record: a `fixed` field sent with its current value
 * is ignored, a different one refuses the whole edit (audited) with the rules' message.
 */
export function checkFixed(resource: string, rules: ResourceRules, input: Row, current: Row, denials: AuditEntry[]): void {
  const fields: Record<string, string> = {};
  for (const [field, message] of Object.entries(rules.fixed ?? {})) {
    if (field in input && !sameValue(input[field], current[field])) fields[field] = message;
  }
  if (Object.keys(fields).length) {
    const recordId = text(current.id).slice(0, 60) || null;
    denials.push({
      action: 'denied',
      resource,
      recordId,
      outcome: 'denied',
      message: `ubah kolom yang tidak dapat diubah: ${Object.keys(fields).join(', ')}`,
    });
    throw new ValidationError(Object.values(fields)[0], fields);
  }
}

/** Scoped roles write only into their own OPD, whatever the browser sent (where the OPD is an input at all). */
export function forceOwnOpd(actor: Actor, resource: string, values: Row, rules: ResourceRules, op: WriteOp): void {
  if (!OPD_SCOPED_ROLES.includes(actor.role as Role)) return;
  const column = OPD_COLUMN[resource as keyof typeof OPD_COLUMN];
  if (column && column !== 'id' && (rules.writable?.[op] ?? []).includes('opdId')) values.opdId = actor.opdId;
}

/** Does a value posted back by a form equal the stored one? ('' and null alike; dates by instant; numbers as text). */
export function sameValue(sent: unknown, stored: unknown): boolean {
  const empty = (v: unknown) => v === null || v === undefined || v === '';
  if (empty(sent) || empty(stored)) return empty(sent) && empty(stored);
  if (stored instanceof Date || sent instanceof Date) {
    const time = (v: unknown) => (v instanceof Date ? v.getTime() : Date.parse(String(v)));
    return time(sent) === time(stored);
  }
  if (typeof stored === 'object' || typeof sent === 'object') return JSON.stringify(sent) === JSON.stringify(stored);
  return text(sent) === text(stored);
}

/** JSON text that encodes an object becomes that object; anything else is left for the rules to judge. */
function parsedJson(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*\{/.test(value)) return value;
  try {
    const parsed = JSON.parse(value) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : value;
  } catch {
    return value;
  }
}
