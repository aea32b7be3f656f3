import { Op, type Sequelize, type WhereOptions } from 'sequelize';
import { referenceData, type ReferenceData } from '../../../config/reference-data.js';
import { grantOf, OPD_COLUMN } from '../access/access-policy.js';
import type { Actor } from '../shared/actor.js';

/**
 * The scope of the access policy as a WHERE on the resource's own query: an OPD-bound role sees
 * its OPD's rows, the BKN validator the rows of the categories BKN validates, a user their own
 * row. Added to every read and write of the RecordService, so no path can leave it out.
 */

/** The WHERE that limits rows to what the actor may see; null when the actor sees nothing. */
export function scopeWhere(
  sequelize: Sequelize,
  actor: Actor,
  resource: string,
  reference: ReferenceData = referenceData(),
): WhereOptions | null {
  const grant = grantOf(actor, resource);
  if (!grant) return null;
  switch (grant.scope) {
    case 'all':
      return {};
    case 'opd': {
      const column = OPD_COLUMN[resource as keyof typeof OPD_COLUMN];
      if (!column || actor.opdId === null || actor.opdId === undefined) return null;
      const attr = column === 'id' ? 'id' : 'opdId';
      return { [attr]: actor.opdId };
    }
    case 'bkn': {
      const codes = reference.categories.filter((c) => c.validatedByBkn).map((c) => c.code);
      const list = codes.map((c) => sequelize.escape(c)).join(',');
      if (!list) return null;
      if (resource === 'submissions') return { category: { [Op.in]: codes } };
      if (resource === 'documents' || resource === 'submission_events') {
        return { submissionId: { [Op.in]: sequelize.literal(`(SELECT id FROM submissions WHERE category IN (${list}))`) } };
      }
      // Employees: only those whose submissions the validator handles.
      if (resource === 'employees') {
        return { id: { [Op.in]: sequelize.literal(`(SELECT employee_id FROM submissions WHERE category IN (${list}))`) } };
      }
      return null;
    }
    case 'self':
      return actor.id ? { id: actor.id } : null;
  }
}

/** `where` within the actor's scope; null when the actor sees nothing of the resource. */
export function withinScope(sequelize: Sequelize, actor: Actor, resource: string, where: WhereOptions | undefined): WhereOptions | null {
  const scope = scopeWhere(sequelize, actor, resource);
  if (scope === null) return null;
  const parts = [scope, where].filter((w) => w && Object.keys(w as object).length + Object.getOwnPropertySymbols(w as object).length > 0);
  if (parts.length === 0) return {};
  if (parts.length === 1) return parts[0] as WhereOptions;
  return { [Op.and]: parts } as WhereOptions;
}
