import type { QueryInterface } from 'sequelize';

/**
 * Indexes for every list filter and default sort the panel offers on the big tables (issue 11):
 * an equality on an enum column, a prefix search on a name, a date range, each with the list's
 * order, reads an index range instead of the whole table. Checked with EXPLAIN by
 * test/integration/db/list-explain.test.ts.
 */
const INDEXES: Array<[table: string, columns: string[], name: string]> = [
  ['employees', ['employee_type', 'name'], 'employees_type_name'],
  ['employees', ['service_blocked', 'name'], 'employees_blocked_name'],
  ['employees', ['opd_id', 'nip'], 'employees_opd_nip'],
  // The work queues leave out deactivated employees: `NOT IN (SELECT id FROM employees WHERE active = 0)`.
  ['employees', ['active'], 'employees_active'],
  ['submissions', ['submitted_at'], 'submissions_submitted_at'],
  ['submissions', ['category', 'submitted_at'], 'submissions_category_submitted'],
  ['submissions', ['source', 'submitted_at'], 'submissions_source_submitted'],
  ['submissions', ['opd_id', 'submitted_at'], 'submissions_opd_submitted'],
  ['submissions', ['employee_id', 'status'], 'submissions_employee_status'],
  ['submissions', ['opd_id', 'source', 'submitted_at'], 'submissions_opd_source_submitted'],
  // The work queues (the inbox filter, the dashboards' "to act" counts): status, category and
  // employee in one index, so their counts read the index alone.
  ['submissions', ['status', 'category', 'employee_id'], 'submissions_queue'],
  ['submissions', ['opd_id', 'status', 'category', 'employee_id'], 'submissions_opd_queue'],
  ['submission_events', ['to_status', 'created_at'], 'submission_events_to_status'],
  ['submission_events', ['created_at'], 'submission_events_created'],
  ['documents', ['document_type'], 'documents_type'],
  ['helpdesk_tickets', ['kind', 'created_at'], 'helpdesk_tickets_kind'],
  ['helpdesk_tickets', ['nip'], 'helpdesk_tickets_nip'],
  ['helpdesk_tickets', ['created_at'], 'helpdesk_tickets_created'],
  ['audit_logs', ['user_email', 'created_at'], 'audit_logs_email_created'],
  ['audit_logs', ['role', 'created_at'], 'audit_logs_role_created'],
  ['audit_logs', ['outcome', 'created_at'], 'audit_logs_outcome_created'],
  ['audit_logs', ['record_id'], 'audit_logs_record_id'],
  ['audit_logs', ['opd_id', 'created_at'], 'audit_logs_opd_created'],
  ['report_deliveries', ['recipient'], 'report_deliveries_recipient'],
];

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const [table, columns, name] of INDEXES) await qi.addIndex(table, columns, { name });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const [table, , name] of [...INDEXES].reverse()) await qi.removeIndex(table, name);
}
