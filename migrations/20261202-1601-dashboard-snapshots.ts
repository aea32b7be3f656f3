import { DataTypes, type QueryInterface } from 'sequelize';

/**
 * Issue 11: the dashboard's figures, precomputed (src/domain/dashboard/dashboard-snapshots.ts).
 *
 * dashboard_snapshots: one row per scope ('opd:<id>', 'regency'): the figures the dashboard shows
 * for it (JSON), when they were computed (shown as "diperbarui 08.15 WIB"), the fingerprint of the
 * facts they were computed from (counts, id and version sums, update times of the scope's
 * employees, submissions and history, and of the campaigns and OPDs), and when that
 * fingerprint was last found unchanged. The refresh job rebuilds only the scopes whose
 * fingerprint changed; the nightly consistency job recomputes them from the facts.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('dashboard_snapshots', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
    scope: { type: DataTypes.STRING(40), allowNull: false, unique: true },
    opd_id: { type: DataTypes.INTEGER, allowNull: true },
    fingerprint: { type: DataTypes.STRING(255), allowNull: false },
    // LONGTEXT on MySQL/MariaDB (a regency's rows), TEXT on SQLite.
    figures: { type: qi.sequelize.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('long'), allowNull: false },
    computed_at: { type: DataTypes.DATE, allowNull: false },
    checked_at: { type: DataTypes.DATE, allowNull: false },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('dashboard_snapshots');
}
