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
  if (qi.sequelize.getDialect() !== 'sqlite') {
    // MySQL/MariaDB: the foreign keys use the index and hold the columns; drop them first.
    const refs = (await qi.getForeignKeyReferencesForTable('helpdesk_tickets')) as Array<{ columnName: string; constraintName: string }>;
    for (const r of refs.filter((x) => ['submission_id', 'document_id'].includes(x.columnName))) {
      await qi.removeConstraint('helpdesk_tickets', r.constraintName);
    }
  }
  await qi.removeIndex('helpdesk_tickets', 'helpdesk_tickets_submission');
  await qi.removeColumn('helpdesk_tickets', 'document_id');
  await qi.removeColumn('helpdesk_tickets', 'submission_id');
}
