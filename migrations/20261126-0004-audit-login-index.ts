import type { QueryInterface } from 'sequelize';

/** Failed-login throttling counts audit rows by action + e-mail / ip within a window. */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addIndex('audit_logs', ['action', 'user_email', 'created_at'], { name: 'audit_logs_action_email' });
  await qi.addIndex('audit_logs', ['action', 'ip', 'created_at'], { name: 'audit_logs_action_ip' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('audit_logs', 'audit_logs_action_ip');
  await qi.removeIndex('audit_logs', 'audit_logs_action_email');
}
