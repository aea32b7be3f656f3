import { DataTypes, type QueryInterface } from 'sequelize';

/**
 * A helpdesk ticket may be about a submission or one of its documents (issue 14), besides its
 * employee. Both links are optional; the rule that they belong to the ticket's employee lives in
 * src/domain/helpdesk/helpdesk-ticket.rules.ts. A submission or scan deleted later leaves the
 * ticket with its text and employee (SET NULL).
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const ref = (table: string) => ({
    type: DataTypes.INTEGER,
    allowNull: true,
    references: { model: table, key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'SET NULL',
  });
  await qi.addColumn('helpdesk_tickets', 'submission_id', ref('submissions'));
  await qi.addColumn('helpdesk_tickets', 'document_id', ref('documents'));
  await qi.addIndex('helpdesk_tickets', ['submission_id'], { name: 'helpdesk_tickets_submission' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('helpdesk_tickets', 'helpdesk_tickets_submission');
  await qi.removeColumn('helpdesk_tickets', 'document_id');
  await qi.removeColumn('helpdesk_tickets', 'submission_id');
}
