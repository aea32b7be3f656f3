import type { Model, ModelStatic } from 'sequelize';
import type { ResourceId } from '../access/access-policy.js';
import { JSON_FIELDS } from '../access/field-policy.js';
import { queryFieldsFor, type QueryKind } from '../access/query-fields.js';
import type { Actor } from '../shared/actor.js';

/**
 * The query allow-list (access policy QUERY_FIELDS) applied to a model: which fields a role may
 * filter, search and sort a resource on. Never a JSON column, a secret, a storage path, or a field
 * the role sees masked — a filter on it would tell its value digit by digit.
 */

export type Order = Array<[string, string]>;

export const fieldsOf = (m: Partial<Record<ResourceId, readonly string[]>>, resource: string): readonly string[] =>
  m[resource as ResourceId] ?? [];

/** JSON columns of a resource: the policy's JSON_FIELDS and any model attribute (de)serialised as JSON. */
export function jsonFields(model: ModelStatic<Model>, resource: string): Set<string> {
  const attrs = model.getAttributes() as Record<string, { get?: unknown; set?: unknown; type?: { key?: string } }>;
  const out = new Set<string>(fieldsOf(JSON_FIELDS, resource));
  for (const [name, a] of Object.entries(attrs)) {
    if (a.type?.key === 'JSON' || a.type?.key === 'JSONB' || (typeof a.get === 'function' && typeof a.set === 'function')) out.add(name);
  }
  return out;
}

/** The fields the actor may filter (search) or sort this resource on: the policy's allow-list, never a JSON column. */
export function queryableFields(actor: Actor, model: ModelStatic<Model>, resource: string, kind: QueryKind): string[] {
  const attrs = model.getAttributes();
  const json = jsonFields(model, resource);
  return queryFieldsFor(actor, resource, kind).filter((f) => f in attrs && !json.has(f));
}

/** Why a query naming `fields` is refused ("penyaringan menurut nik tidak diizinkan"), or null when every field is allowed. */
export function queryRefusal(actor: Actor, model: ModelStatic<Model>, resource: string, fields: string[], kind: QueryKind): string | null {
  const allowed = new Set(queryableFields(actor, model, resource, kind));
  const refused = [...new Set(fields.filter((f) => !allowed.has(f)))];
  if (!refused.length) return null;
  const shown = refused.map((f) => String(f).slice(0, 60)).join(', ');
  return `${kind === 'sort' ? 'pengurutan' : 'penyaringan'} menurut ${shown} tidak diizinkan`;
}

/** An ORDER with every direction normalised to ASC/DESC (its fields checked by queryRefusal first). */
export function normalisedOrder(order: Order): Order {
  return order.map(([field, dir]) => [field, String(dir).toUpperCase() === 'DESC' ? 'DESC' : 'ASC']);
}
