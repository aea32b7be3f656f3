import { DataTypes, type QueryInterface } from 'sequelize';

/**
 * Notices to the ASN (issue 13): when a submission is returned (BTS) or rejected (TMS) the
 * workflow writes a `notices` row in the transition's transaction; notices of one employee made
 * within NOTICE_BATCH_MINUTES share one `notice_mails` row, the outbox unit that the notices job
 * claims (status 'pending' and due → 'sending', attempts + 1, next_attempt_at = sending lease),
 * sends and marks 'sent' — the pattern of report_deliveries (src/domain/notices/notice-outbox.ts).
 * An employee without an e-mail address gets a notice with status 'no_address' and no mail:
 * the OPD verifier contacts them (panel: Pemberitahuan, filter "Tanpa alamat e-mail").
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const ref = (model: string, onDelete: 'CASCADE' | 'RESTRICT' | 'SET NULL') => ({
    references: { model, key: 'id' },
    onUpdate: 'CASCADE',
    onDelete,
  });
  await qi.createTable('notice_mails', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
    employee_id: { type: DataTypes.INTEGER, allowNull: false, ...ref('employees', 'CASCADE') },
    opd_id: { type: DataTypes.INTEGER, allowNull: false, ...ref('opds', 'RESTRICT') },
    channel: { type: DataTypes.STRING(12), allowNull: false, defaultValue: 'email' },
    recipient: { type: DataTypes.STRING(150), allowNull: false },
    status: { type: DataTypes.STRING(12), allowNull: false, defaultValue: 'pending' },
    // Not sent before this moment: the end of the batching window.
    due_at: { type: DataTypes.DATE, allowNull: false },
    notice_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    // 'pending': the backoff (null = due); 'sending': the end of the sending lease.
    next_attempt_at: { type: DataTypes.DATE, allowNull: true },
    last_error: { type: DataTypes.TEXT, allowNull: true },
    message_id: { type: DataTypes.STRING(255), allowNull: true },
    sent_at: { type: DataTypes.DATE, allowNull: true },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('notice_mails', ['status', 'due_at'], { name: 'notice_mails_due' });
  await qi.addIndex('notice_mails', ['employee_id', 'status'], { name: 'notice_mails_employee' });

  await qi.createTable('notices', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
    submission_id: { type: DataTypes.INTEGER, allowNull: false, ...ref('submissions', 'CASCADE') },
    employee_id: { type: DataTypes.INTEGER, allowNull: false, ...ref('employees', 'CASCADE') },
    opd_id: { type: DataTypes.INTEGER, allowNull: false, ...ref('opds', 'RESTRICT') },
    event_id: { type: DataTypes.INTEGER, allowNull: true, ...ref('submission_events', 'SET NULL') },
    mail_id: { type: DataTypes.INTEGER, allowNull: true, ...ref('notice_mails', 'SET NULL') },
    kind: { type: DataTypes.STRING(8), allowNull: false },
    category: { type: DataTypes.STRING(40), allowNull: false },
    category_label: { type: DataTypes.STRING(150), allowNull: false },
    note: { type: DataTypes.TEXT, allowNull: true },
    documents: { type: DataTypes.TEXT, allowNull: true },
    phase_label: { type: DataTypes.STRING(60), allowNull: true },
    deadline: { type: DataTypes.DATEONLY, allowNull: true },
    recipient: { type: DataTypes.STRING(150), allowNull: true },
    status: { type: DataTypes.STRING(12), allowNull: false },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('notices', ['submission_id'], { name: 'notices_submission' });
  await qi.addIndex('notices', ['mail_id'], { name: 'notices_mail' });
  await qi.addIndex('notices', ['opd_id', 'status'], { name: 'notices_opd_status' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('notices');
  await qi.dropTable('notice_mails');
}
