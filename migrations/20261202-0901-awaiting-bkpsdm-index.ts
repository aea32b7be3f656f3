import type { QueryInterface } from 'sequelize';

/**
 * The submissions list's "Konsultasi BKPSDM" filter (issue 14) with the list's default order: an
 * index range, not a scan (test/integration/db/list-explain.test.ts EXPLAINs every list filter).
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addIndex('submissions', ['awaiting_bkpsdm', 'submitted_at'], { name: 'submissions_awaiting_submitted' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('submissions', 'submissions_awaiting_submitted');
}
