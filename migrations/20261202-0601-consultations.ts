import { DataTypes, type QueryInterface } from 'sequelize';

/**
 * Verifier ↔ BKPSDM consultation on a submission (issue 14).
 *
 * - consultations: one thread of questions about one submission, opened by its verifier (or the
 *   BKN validator); status open (waiting on BKPSDM) → answered → closed. A submission has at most
 *   one thread that is not closed (the service keeps it so).
 * - consultation_messages: append-only (no updated_at; nothing edits or deletes one — a correction
 *   is a new message). submission_id is the thread's, kept on the message so the scope of a
 *   message is the scope of its submission in one subquery. An optional PDF is stored by content
 *   (storage key, SHA-256, size) like documents, in its own storage directory.
 * - consultation_notices: the outbox of "your question was answered" e-mails: one row per answer
 *   (unique message_id), claimed before it is sent, so a notice goes out once.
 * - submissions.awaiting_bkpsdm: true while the submission has a question open, maintained by the
 *   consultation service in the same transaction (the inbox shows "menunggu jawaban BKPSDM").
 * - submission_events.kind: 'transition' (a status change) or 'note' (a remark in the history, e.g.
 *   a resolved helpdesk ticket): a note keeps the status (from = to) and is no step of the workflow.
 */

const id = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false };
const fk = (table: string, allowNull = false, onDelete = 'RESTRICT') => ({
  type: DataTypes.INTEGER,
  allowNull,
  references: { model: table, key: 'id' },
  onUpdate: 'CASCADE',
  onDelete,
});

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('consultations', {
    id,
    // A submission entered by mistake is deleted with its documents and history; its thread goes too.
    submission_id: fk('submissions', false, 'CASCADE'),
    opened_by_user_id: fk('users', true, 'SET NULL'),
    opened_by_role: { type: DataTypes.STRING(20), allowNull: false },
    status: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'open' },
    // When the thread last started waiting on BKPSDM (the age of an open question).
    waiting_since: { type: DataTypes.DATE, allowNull: true },
    answered_at: { type: DataTypes.DATE, allowNull: true },
    closed_at: { type: DataTypes.DATE, allowNull: true },
    closed_by_user_id: fk('users', true, 'SET NULL'),
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('consultations', ['submission_id', 'status'], { name: 'consultations_submission' });
  await qi.addIndex('consultations', ['status', 'waiting_since'], { name: 'consultations_queue' });

  await qi.createTable('consultation_messages', {
    id,
    consultation_id: fk('consultations', false, 'CASCADE'),
    submission_id: fk('submissions', false, 'CASCADE'),
    kind: { type: DataTypes.STRING(20), allowNull: false },
    author_user_id: fk('users', true, 'SET NULL'),
    author_role: { type: DataTypes.STRING(20), allowNull: false },
    body: { type: DataTypes.TEXT, allowNull: false },
    attachment_name: { type: DataTypes.STRING(255), allowNull: true },
    attachment_storage_key: { type: DataTypes.STRING(255), allowNull: true },
    attachment_sha256: { type: DataTypes.STRING(64), allowNull: true },
    attachment_size: { type: DataTypes.INTEGER, allowNull: true },
    created_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('consultation_messages', ['consultation_id', 'created_at'], { name: 'consultation_messages_thread' });
  await qi.addIndex('consultation_messages', ['submission_id'], { name: 'consultation_messages_submission' });
  await qi.addIndex('consultation_messages', ['attachment_sha256'], { name: 'consultation_messages_sha256' });

  await qi.createTable('consultation_notices', {
    id,
    message_id: { ...fk('consultation_messages', false, 'CASCADE'), unique: true },
    consultation_id: fk('consultations', false, 'CASCADE'),
    recipient: { type: DataTypes.STRING(150), allowNull: false },
    status: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'pending' },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    next_attempt_at: { type: DataTypes.DATE, allowNull: false },
    claimed_by: { type: DataTypes.STRING(100), allowNull: true },
    claimed_at: { type: DataTypes.DATE, allowNull: true },
    sent_at: { type: DataTypes.DATE, allowNull: true },
    last_error: { type: DataTypes.TEXT, allowNull: true },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('consultation_notices', ['status', 'next_attempt_at'], { name: 'consultation_notices_due' });

  await qi.addColumn('submissions', 'awaiting_bkpsdm', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false });
  await qi.addColumn('submission_events', 'kind', { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'transition' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeColumn('submission_events', 'kind');
  await qi.removeColumn('submissions', 'awaiting_bkpsdm');
  await qi.dropTable('consultation_notices');
  await qi.dropTable('consultation_messages');
  await qi.dropTable('consultations');
}
