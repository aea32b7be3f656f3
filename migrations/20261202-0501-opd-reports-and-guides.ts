import { DataTypes, type QueryInterface } from 'sequelize';

/**
 * The OPD head's report to the Bupati (Instruksi KEEMPAT a–b, KEDUA e) and BKPSDM's guides
 * (KESATU i):
 * - opd_reports: one row per version of an OPD's report for a campaign. The head submits; the
 *   approver acknowledges or returns it; a returned report is followed by a new version (the
 *   history stays). `figures` is the OPD report's numbers frozen at submission (JSON as TEXT).
 * - opd_report_files: the proof-of-completion PDFs of one version (content-addressed storage).
 * - guides: per campaign, the PDFs BKPSDM shares with every OPD (Buku Saku, Juknis).
 */
const id = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false };
const timestamps = {
  created_at: { type: DataTypes.DATE, allowNull: false },
  updated_at: { type: DataTypes.DATE, allowNull: false },
};
const fk = (table: string, allowNull: boolean, onDelete: 'CASCADE' | 'SET NULL' | 'RESTRICT') => ({
  type: DataTypes.INTEGER,
  allowNull,
  references: { model: table, key: 'id' },
  onUpdate: 'CASCADE',
  onDelete,
});
const file = {
  original_name: { type: DataTypes.STRING(255), allowNull: false },
  size: { type: DataTypes.INTEGER, allowNull: false },
  sha256: { type: DataTypes.STRING(64), allowNull: false },
  storage_key: { type: DataTypes.STRING(255), allowNull: false },
  mime_type: { type: DataTypes.STRING(100), allowNull: false, defaultValue: 'application/pdf' },
  uploaded_by: fk('users', true, 'SET NULL'),
};

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('opd_reports', {
    id,
    opd_id: fk('opds', false, 'RESTRICT'),
    campaign_id: fk('campaigns', false, 'RESTRICT'),
    version: { type: DataTypes.INTEGER, allowNull: false },
    status: { type: DataTypes.STRING(12), allowNull: false },
    statement: { type: DataTypes.TEXT, allowNull: false },
    figures: { type: DataTypes.TEXT, allowNull: false },
    figures_as_of: { type: DataTypes.DATE, allowNull: false },
    submitted_by: fk('users', true, 'SET NULL'),
    submitted_at: { type: DataTypes.DATE, allowNull: false },
    decided_by: fk('users', true, 'SET NULL'),
    decided_at: { type: DataTypes.DATE, allowNull: true },
    decision_note: { type: DataTypes.TEXT, allowNull: true },
    ...timestamps,
  });
  // One row per version: two concurrent submissions of one OPD cannot both become version n.
  await qi.addIndex('opd_reports', ['opd_id', 'campaign_id', 'version'], { name: 'opd_reports_version', unique: true });
  await qi.addIndex('opd_reports', ['campaign_id', 'status'], { name: 'opd_reports_campaign' });

  await qi.createTable('opd_report_files', {
    id,
    opd_report_id: fk('opd_reports', false, 'CASCADE'),
    opd_id: fk('opds', false, 'RESTRICT'),
    ...file,
    ...timestamps,
  });
  await qi.addIndex('opd_report_files', ['opd_report_id'], { name: 'opd_report_files_report' });
  await qi.addIndex('opd_report_files', ['sha256'], { name: 'opd_report_files_sha256' });

  await qi.createTable('guides', {
    id,
    campaign_id: fk('campaigns', false, 'RESTRICT'),
    title: { type: DataTypes.STRING(200), allowNull: false },
    kind: { type: DataTypes.STRING(20), allowNull: false },
    ...file,
    ...timestamps,
  });
  await qi.addIndex('guides', ['campaign_id'], { name: 'guides_campaign' });
  await qi.addIndex('guides', ['sha256'], { name: 'guides_sha256' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('guides');
  await qi.dropTable('opd_report_files');
  await qi.dropTable('opd_reports');
}
