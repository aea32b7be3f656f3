import { DataTypes, type QueryInterface } from 'sequelize';

/**
 * Issue 13, ageing and escalation.
 *
 * 1. campaigns.holidays: the campaign's holidays as data, one "YYYY-MM-DD Nama" per line
 *    (src/domain/campaign/working-days.ts). NULL/empty = the national holidays shipped in
 *    config/holidays.json; a campaign created in the panel gets those filled in, editable there.
 *
 * 2. escalation_notices: the ledger of the daily escalation job
 *    (src/domain/ageing/escalation.service.ts). One row per (open item, its entry into the stage,
 *    level: secretary / head / approver), written — claimed — BEFORE the mail is sent; the
 *    unique notice_key makes "once per threshold per item" a database guarantee whatever the
 *    number of instances or runs.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('campaigns', 'holidays', { type: DataTypes.TEXT, allowNull: true });

  await qi.createTable('escalation_notices', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
    // "<item type>:<item id>:<stage>:<entered at, ms>:<level>"
    notice_key: { type: DataTypes.STRING(190), allowNull: false, unique: true },
    item_type: { type: DataTypes.STRING(20), allowNull: false },
    item_id: { type: DataTypes.INTEGER, allowNull: false },
    stage: { type: DataTypes.STRING(20), allowNull: false },
    level: { type: DataTypes.STRING(20), allowNull: false },
    opd_id: { type: DataTypes.INTEGER, allowNull: true },
    entered_at: { type: DataTypes.DATE, allowNull: false },
    age_days: { type: DataTypes.INTEGER, allowNull: false },
    status: { type: DataTypes.STRING(12), allowNull: false, defaultValue: 'sending' },
    claim_token: { type: DataTypes.STRING(40), allowNull: false },
    recipients: { type: DataTypes.TEXT, allowNull: true },
    message_id: { type: DataTypes.STRING(255), allowNull: true },
    sent_at: { type: DataTypes.DATE, allowNull: true },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('escalation_notices', ['opd_id', 'level', 'created_at'], { name: 'escalation_notices_opd_level' });
  await qi.addIndex('escalation_notices', ['status', 'updated_at'], { name: 'escalation_notices_status' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('escalation_notices');
  await qi.removeColumn('campaigns', 'holidays');
}
