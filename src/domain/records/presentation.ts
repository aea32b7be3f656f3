import { canSeeFullNik, NIK_FIELDS, SECRET_FIELDS, SERVER_ONLY_FIELDS } from '../access/field-policy.js';
import type { Actor } from '../shared/actor.js';
import { isMaskedNik, maskNik } from '../employees/nip-nik.js';
import { fieldsOf } from './query-guard.js';
import type { Row } from './resource-rules.js';
import { text } from '../shared/text.js';

/**
 * What a role sees of a row, and what of it may come back: secrets and storage paths never leave,
 * NIK fields are masked for roles that do not need them, and a masked value sent back by such a
 * role is never written over the real one.
 */

/** Strips secrets and storage paths; masks NIK for roles that do not need it. */
export function presentRow(actor: Actor, resource: string, row: Row): Row {
  const out: Row = { ...row };
  for (const f of [...fieldsOf(SECRET_FIELDS, resource), ...fieldsOf(SERVER_ONLY_FIELDS, resource)]) delete out[f];
  if (canSeeFullNik(actor)) return out;
  for (const [top, sub] of nikPaths(resource)) {
    if (!sub) {
      if (top in out) out[top] = maskNik(out[top] as string | null);
      continue;
    }
    const nested = out[top];
    if (nested && typeof nested === 'object' && sub in (nested as Row)) {
      out[top] = { ...(nested as Row), [sub]: maskNik(text((nested as Row)[sub])) };
    }
  }
  return out;
}

/** A masked value (sent back by a role that sees it masked) is never written over the real one. */
export function keepMaskedValues(resource: string, values: Row, current: Row): void {
  for (const [top, sub] of nikPaths(resource)) {
    if (!sub) {
      if (isMaskedNik(values[top])) delete values[top];
      continue;
    }
    const nested = values[top];
    if (nested && typeof nested === 'object' && isMaskedNik((nested as Row)[sub])) {
      const stored = (current[top] as Row | null | undefined)?.[sub];
      values[top] = { ...(nested as Row), [sub]: stored };
      if (stored === undefined) delete (values[top] as Row)[sub];
    }
  }
}

/** The policy's NIK fields of a resource as [column, key inside a JSON column]. */
function nikPaths(resource: string): Array<[string, string | undefined]> {
  return fieldsOf(NIK_FIELDS, resource).map((f) => f.split('.') as [string, string | undefined]);
}
