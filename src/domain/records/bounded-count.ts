import { Utils, type Model, type ModelStatic, type WhereOptions } from 'sequelize';

/**
 * A list's total without counting a whole table (issue 11): the panel's pagination needs to know
 * whether there are more pages, not that 86,649 rows match. At most LIST_COUNT_LIMIT + 1 rows
 * are counted (a LIMITed subquery, so the database stops there); a result above the limit means
 * "more than LIST_COUNT_LIMIT" and the list shows "> 10.000" (src/admin/components/list.tsx).
 */
export const LIST_COUNT_LIMIT = 10_000;

export async function boundedCount(model: ModelStatic<Model>, where: WhereOptions | undefined, limit = LIST_COUNT_LIMIT): Promise<number> {
  const sequelize = model.sequelize!;
  // The WHERE with the model's attribute names mapped to its columns, as Model.count does it.
  const options = Utils.mapOptionFieldNames({ where, attributes: [] }, model) as { where?: WhereOptions };
  const qg = sequelize.getQueryInterface().queryGenerator as {
    selectQuery(table: unknown, options: object, model: unknown): string;
  };
  const inner = qg
    .selectQuery(model.getTableName(), { attributes: [[sequelize.literal('1'), 'one']], where: options.where, limit: limit + 1 }, model)
    .replace(/;\s*$/, '');
  const [row] = (await sequelize.query(`SELECT COUNT(*) AS n FROM (${inner}) bounded`, { type: 'SELECT' })) as Array<{ n: unknown }>;
  return Number(row?.n ?? 0);
}
