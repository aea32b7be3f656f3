import { DataTypes, type QueryInterface } from 'sequelize';

/**
 * The initial schema. Indexes follow the queries that matter: OPD-scoped lists
 * (opd_id first), report aggregates (opd_id + status / category), and the exactly-once
 * keys of the report outbox.
 */

const id = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false };
const timestamps = {
  created_at: { type: DataTypes.DATE, allowNull: false },
  updated_at: { type: DataTypes.DATE, allowNull: false },
};
const fk = (table: string, allowNull = false, onDelete = 'RESTRICT') => ({
  type: DataTypes.INTEGER,
  allowNull,
  references: { model: table, key: 'id' },
  onUpdate: 'CASCADE',
  onDelete,
});

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('opds', {
    id,
    code: { type: DataTypes.STRING(20), allowNull: false, unique: true },
    name: { type: DataTypes.STRING(200), allowNull: false },
    kind: { type: DataTypes.STRING(20), allowNull: false },
    address: { type: DataTypes.STRING(255), allowNull: true },
    head_name: { type: DataTypes.STRING(150), allowNull: true },
    head_email: { type: DataTypes.STRING(150), allowNull: true },
    secretary_name: { type: DataTypes.STRING(150), allowNull: true },
    secretary_email: { type: DataTypes.STRING(150), allowNull: true },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    ...timestamps,
  });

  await qi.createTable('employees', {
    id,
    nip: { type: DataTypes.STRING(18), allowNull: false, unique: true },
    nik: { type: DataTypes.STRING(16), allowNull: true },
    name: { type: DataTypes.STRING(150), allowNull: false },
    employee_type: { type: DataTypes.STRING(8), allowNull: false },
    opd_id: fk('opds'),
    unit: { type: DataTypes.STRING(200), allowNull: true },
    position: { type: DataTypes.STRING(200), allowNull: true },
    rank_grade: { type: DataTypes.STRING(40), allowNull: true },
    birth_date: { type: DataTypes.DATEONLY, allowNull: true },
    sex: { type: DataTypes.STRING(1), allowNull: true },
    email: { type: DataTypes.STRING(150), allowNull: true },
    phone: { type: DataTypes.STRING(30), allowNull: true },
    mysapk_activated_at: { type: DataTypes.DATE, allowNull: true },
    password_changed_at: { type: DataTypes.DATE, allowNull: true },
    service_blocked: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    service_blocked_at: { type: DataTypes.DATE, allowNull: true },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    ...timestamps,
  });
  await qi.addIndex('employees', ['opd_id', 'name'], { name: 'employees_opd_name' });
  await qi.addIndex('employees', ['opd_id', 'employee_type'], { name: 'employees_opd_type' });
  await qi.addIndex('employees', ['nik'], { name: 'employees_nik' });
  await qi.addIndex('employees', ['name'], { name: 'employees_name' });

  await qi.createTable('users', {
    id,
    email: { type: DataTypes.STRING(150), allowNull: false, unique: true },
    name: { type: DataTypes.STRING(150), allowNull: false },
    password_hash: { type: DataTypes.STRING(100), allowNull: false },
    role: { type: DataTypes.STRING(20), allowNull: false },
    opd_id: fk('opds', true),
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    locale: { type: DataTypes.STRING(5), allowNull: false, defaultValue: 'id' },
    last_login_at: { type: DataTypes.DATE, allowNull: true },
    password_changed_at: { type: DataTypes.DATE, allowNull: true },
    session_version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
    ...timestamps,
  });
  await qi.addIndex('users', ['role', 'opd_id'], { name: 'users_role_opd' });

  await qi.createTable('campaigns', {
    id,
    name: { type: DataTypes.STRING(150), allowNull: false },
    year: { type: DataTypes.INTEGER, allowNull: false },
    helpdesk_start: { type: DataTypes.DATEONLY, allowNull: false },
    self_update_start: { type: DataTypes.DATEONLY, allowNull: false },
    self_update_end: { type: DataTypes.DATEONLY, allowNull: false },
    verification_start: { type: DataTypes.DATEONLY, allowNull: false },
    verification_end: { type: DataTypes.DATEONLY, allowNull: false },
    approval_start: { type: DataTypes.DATEONLY, allowNull: false },
    approval_end: { type: DataTypes.DATEONLY, allowNull: false },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    notes: { type: DataTypes.TEXT, allowNull: true },
    ...timestamps,
  });

  await qi.createTable('submissions', {
    id,
    employee_id: fk('employees'),
    opd_id: fk('opds'),
    campaign_id: fk('campaigns', true),
    category: { type: DataTypes.STRING(40), allowNull: false },
    proposed_values: { type: DataTypes.TEXT, allowNull: true },
    status: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'submitted' },
    submitted_at: { type: DataTypes.DATE, allowNull: false },
    verified_at: { type: DataTypes.DATE, allowNull: true },
    validated_at: { type: DataTypes.DATE, allowNull: true },
    decided_at: { type: DataTypes.DATE, allowNull: true },
    last_note: { type: DataTypes.TEXT, allowNull: true },
    source: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'panel' },
    version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    ...timestamps,
  });
  await qi.addIndex('submissions', ['opd_id', 'status'], { name: 'submissions_opd_status' });
  await qi.addIndex('submissions', ['opd_id', 'category', 'status'], { name: 'submissions_opd_cat_status' });
  await qi.addIndex('submissions', ['status', 'submitted_at'], { name: 'submissions_status_submitted' });
  // Imports are idempotent by NIP + category + date.
  await qi.addIndex('submissions', ['employee_id', 'category', 'submitted_at'], { name: 'submissions_natural_key', unique: true });

  await qi.createTable('submission_events', {
    id,
    submission_id: fk('submissions', false, 'CASCADE'),
    opd_id: fk('opds'),
    from_status: { type: DataTypes.STRING(20), allowNull: true },
    to_status: { type: DataTypes.STRING(20), allowNull: false },
    actor_user_id: fk('users', true, 'SET NULL'),
    actor_role: { type: DataTypes.STRING(20), allowNull: true },
    note: { type: DataTypes.TEXT, allowNull: true },
    override_reason: { type: DataTypes.TEXT, allowNull: true },
    created_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('submission_events', ['submission_id', 'created_at'], { name: 'submission_events_submission' });
  await qi.addIndex('submission_events', ['opd_id', 'to_status', 'created_at'], { name: 'submission_events_opd_status_at' });

  await qi.createTable('documents', {
    id,
    submission_id: fk('submissions', false, 'CASCADE'),
    opd_id: fk('opds'),
    document_type: { type: DataTypes.STRING(40), allowNull: false },
    original_name: { type: DataTypes.STRING(255), allowNull: false },
    size: { type: DataTypes.INTEGER, allowNull: false },
    sha256: { type: DataTypes.STRING(64), allowNull: false },
    storage_key: { type: DataTypes.STRING(255), allowNull: false },
    mime_type: { type: DataTypes.STRING(100), allowNull: false, defaultValue: 'application/pdf' },
    uploaded_by: fk('users', true, 'SET NULL'),
    ...timestamps,
  });
  await qi.addIndex('documents', ['submission_id'], { name: 'documents_submission' });
  await qi.addIndex('documents', ['opd_id'], { name: 'documents_opd' });
  await qi.addIndex('documents', ['sha256'], { name: 'documents_sha256' });

  await qi.createTable('helpdesk_tickets', {
    id,
    employee_id: fk('employees', true, 'SET NULL'),
    opd_id: fk('opds', true, 'SET NULL'),
    nip: { type: DataTypes.STRING(18), allowNull: true },
    reporter_name: { type: DataTypes.STRING(150), allowNull: false },
    reporter_phone: { type: DataTypes.STRING(30), allowNull: true },
    kind: { type: DataTypes.STRING(30), allowNull: false },
    description: { type: DataTypes.TEXT, allowNull: false },
    status: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'open' },
    handler_user_id: fk('users', true, 'SET NULL'),
    resolution: { type: DataTypes.TEXT, allowNull: true },
    resolved_at: { type: DataTypes.DATE, allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('helpdesk_tickets', ['status', 'created_at'], { name: 'helpdesk_tickets_status' });
  await qi.addIndex('helpdesk_tickets', ['opd_id'], { name: 'helpdesk_tickets_opd' });

  await qi.createTable('audit_logs', {
    id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true, allowNull: false },
    user_id: { type: DataTypes.INTEGER, allowNull: true },
    user_email: { type: DataTypes.STRING(150), allowNull: true },
    role: { type: DataTypes.STRING(20), allowNull: true },
    action: { type: DataTypes.STRING(60), allowNull: false },
    resource: { type: DataTypes.STRING(60), allowNull: true },
    record_id: { type: DataTypes.STRING(60), allowNull: true },
    opd_id: { type: DataTypes.INTEGER, allowNull: true },
    outcome: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'ok' },
    before_data: { type: DataTypes.TEXT, allowNull: true },
    after_data: { type: DataTypes.TEXT, allowNull: true },
    message: { type: DataTypes.TEXT, allowNull: true },
    ip: { type: DataTypes.STRING(64), allowNull: true },
    created_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('audit_logs', ['resource', 'record_id'], { name: 'audit_logs_record' });
  await qi.addIndex('audit_logs', ['created_at'], { name: 'audit_logs_created' });
  await qi.addIndex('audit_logs', ['user_id', 'created_at'], { name: 'audit_logs_user' });

  await qi.createTable('report_schedules', {
    id,
    name: { type: DataTypes.STRING(150), allowNull: false },
    report_kind: { type: DataTypes.STRING(10), allowNull: false },
    cron: { type: DataTypes.STRING(100), allowNull: false },
    campaign_id: fk('campaigns', true, 'SET NULL'),
    active_from: { type: DataTypes.DATEONLY, allowNull: true },
    active_until: { type: DataTypes.DATEONLY, allowNull: true },
    cc_secretary: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    extra_recipients: { type: DataTypes.TEXT, allowNull: true },
    enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    ...timestamps,
  });

  await qi.createTable('report_runs', {
    id,
    schedule_id: fk('report_schedules', true, 'SET NULL'),
    report_kind: { type: DataTypes.STRING(10), allowNull: false },
    // Unique claim key: "<schedule>:<period>" for scheduled runs, with a suffix for resends and tests.
    run_key: { type: DataTypes.STRING(120), allowNull: false, unique: true },
    period_key: { type: DataTypes.STRING(40), allowNull: false },
    trigger: { type: DataTypes.STRING(12), allowNull: false },
    status: { type: DataTypes.STRING(12), allowNull: false },
    as_of: { type: DataTypes.DATE, allowNull: false },
    owner: { type: DataTypes.STRING(100), allowNull: true },
    lease_until: { type: DataTypes.DATE, allowNull: true },
    requested_by: fk('users', true, 'SET NULL'),
    started_at: { type: DataTypes.DATE, allowNull: false },
    finished_at: { type: DataTypes.DATE, allowNull: true },
    error: { type: DataTypes.TEXT, allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('report_runs', ['status', 'lease_until'], { name: 'report_runs_status_lease' });
  await qi.addIndex('report_runs', ['schedule_id', 'started_at'], { name: 'report_runs_schedule' });

  await qi.createTable('report_deliveries', {
    id,
    run_id: fk('report_runs', false, 'CASCADE'),
    opd_id: fk('opds', true, 'SET NULL'),
    recipient: { type: DataTypes.STRING(150), allowNull: false },
    cc: { type: DataTypes.TEXT, allowNull: true },
    status: { type: DataTypes.STRING(12), allowNull: false, defaultValue: 'pending' },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    next_attempt_at: { type: DataTypes.DATE, allowNull: true },
    last_error: { type: DataTypes.TEXT, allowNull: true },
    message_id: { type: DataTypes.STRING(255), allowNull: true },
    workbook_path: { type: DataTypes.STRING(255), allowNull: true },
    summary: { type: DataTypes.TEXT, allowNull: true },
    sent_at: { type: DataTypes.DATE, allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('report_deliveries', ['run_id', 'opd_id', 'recipient'], { name: 'report_deliveries_claim', unique: true });
  await qi.addIndex('report_deliveries', ['status', 'next_attempt_at'], { name: 'report_deliveries_due' });

  // Sessions live in the database so several instances share them and a restart keeps them.
  await qi.createTable('sessions', {
    sid: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    user_id: { type: DataTypes.INTEGER, allowNull: true },
    expires: { type: DataTypes.DATE, allowNull: true },
    data: { type: DataTypes.TEXT, allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('sessions', ['expires'], { name: 'sessions_expires' });
  await qi.addIndex('sessions', ['user_id'], { name: 'sessions_user' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const t of [
    'sessions',
    'report_deliveries',
    'report_runs',
    'report_schedules',
    'audit_logs',
    'helpdesk_tickets',
    'documents',
    'submission_events',
    'submissions',
    'campaigns',
    'users',
    'employees',
    'opds',
  ]) {
    await qi.dropTable(t);
  }
}
