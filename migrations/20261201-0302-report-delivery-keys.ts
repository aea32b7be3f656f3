import { DataTypes, type QueryInterface } from 'sequelize';

/**
 * Two database guarantees for the report outbox.
 *
 * 1. One delivery per (run, OPD, recipient), regency deliveries included. The first key,
 *    report_deliveries_claim (run_id, opd_id, recipient), never held for a regency delivery:
 *    its opd_id is NULL and a unique index treats NULLs as distinct (SQLite, MySQL and MariaDB
 *    alike). Added, per dialect (same guarantee):
 *    - SQLite: a partial unique index (run_id, recipient) WHERE opd_id IS NULL;
 *    - MySQL 8 / MariaDB 10.11 (no partial indexes): a virtual generated column
 *      opd_key = COALESCE(opd_id, 0) (OPD ids start at 1) and a unique key on
 *      (run_id, opd_key, recipient). The application never writes the column.
 *
 * 2. A recipient has at most one delivery of a period still to be made. `open_key` is
 *    "<schedule>:<period>:<opd or 0>:<recipient>" while a delivery is pending or sending and NULL
 *    once it is sent or failed for good; it is unique, so a resend (or an OPD-only run) can never
 *    insert a second copy of a delivery that another run will still make. NULLs are distinct, so
 *    finished deliveries never block a later resend. (The text is built by
 *    ReportRunService.openKeyFor; the backfill below builds the same.)
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  if (qi.sequelize.getDialect() === 'sqlite') {
    await qi.sequelize.query(
      'CREATE UNIQUE INDEX report_deliveries_regency_claim ON report_deliveries (run_id, recipient) WHERE opd_id IS NULL',
    );
  } else {
    await qi.sequelize.query('ALTER TABLE report_deliveries ADD COLUMN opd_key INTEGER GENERATED ALWAYS AS (COALESCE(opd_id, 0)) VIRTUAL');
    await qi.addIndex('report_deliveries', ['run_id', 'opd_key', 'recipient'], { name: 'report_deliveries_regency_claim', unique: true });
  }

  await qi.addColumn('report_deliveries', 'open_key', { type: DataTypes.STRING(255), allowNull: true });
  await qi.addIndex('report_deliveries', ['open_key'], { name: 'report_deliveries_open_key', unique: true });
  // Deliveries still to be made when this migration runs get their key (the first of a
  // period's copies only: a duplicate that already exists is left as it is).
  const [open] = (await qi.sequelize.query(
    `SELECT d.id AS id, d.opd_id AS opd_id, d.recipient AS recipient, r.schedule_id AS schedule_id, r.period_key AS period_key
     FROM report_deliveries d JOIN report_runs r ON r.id = d.run_id
     WHERE d.status IN ('pending', 'sending') AND r.schedule_id IS NOT NULL AND r.trigger <> 'test'
     ORDER BY d.id`,
  )) as [Array<{ id: number; opd_id: number | null; recipient: string; schedule_id: number; period_key: string }>, unknown];
  const seen = new Set<string>();
  for (const d of open) {
    const key = `${d.schedule_id}:${d.period_key}:${d.opd_id ?? 0}:${String(d.recipient).trim().toLowerCase()}`.slice(0, 255);
    if (seen.has(key)) continue;
    seen.add(key);
    await qi.sequelize.query('UPDATE report_deliveries SET open_key = :key WHERE id = :id', { replacements: { key, id: d.id } });
  }
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('report_deliveries', 'report_deliveries_open_key');
  await qi.sequelize.query('ALTER TABLE report_deliveries DROP COLUMN open_key');
  if (qi.sequelize.getDialect() === 'sqlite') {
    await qi.sequelize.query('DROP INDEX report_deliveries_regency_claim');
  } else {
    await qi.removeIndex('report_deliveries', 'report_deliveries_regency_claim');
    await qi.sequelize.query('ALTER TABLE report_deliveries DROP COLUMN opd_key');
  }
}
