import { DataTypes, type QueryInterface } from 'sequelize';

/**
 * The delivery ledger (issue 13):
 * - report_schedules.skip_unchanged: when an OPD's figures are identical to those of the last
 *   delivery sent to that recipient for the schedule, the delivery is recorded 'skipped' instead
 *   of being sent;
 * - report_deliveries.figures_hash: sha256 of the delivery's figures (its summary, canonical
 *   JSON), what "identical" compares. Older deliveries keep NULL (compared by their summary).
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('report_schedules', 'skip_unchanged', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false });
  await qi.addColumn('report_deliveries', 'figures_hash', { type: DataTypes.STRING(64), allowNull: true });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  // Plain DROP COLUMN (SQLite 3.35+, MySQL, MariaDB): Sequelize's SQLite removeColumn rebuilds the
  // table and would turn report_deliveries' unique open_key index into a column constraint.
  await qi.sequelize.query('ALTER TABLE report_deliveries DROP COLUMN figures_hash');
  await qi.sequelize.query('ALTER TABLE report_schedules DROP COLUMN skip_unchanged');
}
