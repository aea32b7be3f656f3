import type { Models } from '../../db/models/index.js';

/**
 * The handler of a ticket by name: helpdesk staff cannot read the users table, but they see who
 * handles a ticket (a name, never a user id).
 */
export async function ticketHandlerNames(models: Models, ids: ReadonlyArray<unknown>): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.map(Number).filter((id) => Number.isInteger(id) && id > 0))];
  if (!wanted.length) return new Map();
  const users = await models.User.findAll({ where: { id: wanted }, attributes: ['id', 'name'] });
  return new Map(users.map((u) => [u.id, u.name]));
}
