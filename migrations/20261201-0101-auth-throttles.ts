import { DataTypes, type QueryInterface } from 'sequelize';

/**
 * Attempt counters for the login and current-password throttles: one row per key (an account's
 * e-mail, a client IP, a user changing their password). An attempt is claimed by one conditional
 * UPDATE on the row before the password is checked, so parallel requests on any number of app
 * instances can never check more than the limit (src/domain/users/login-throttle.service.ts).
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('auth_throttles', {
    // sha256 (hex) of "<scope>\n<subject>": fixed length whatever the e-mail typed
    throttle_key: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    scope: { type: DataTypes.STRING(30), allowNull: false },
    // the e-mail, IP or user id, cut to 150 characters: for the administrator reading the table
    subject: { type: DataTypes.STRING(150), allowNull: true },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    window_start: { type: DataTypes.DATE, allowNull: false },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('auth_throttles', ['window_start'], { name: 'auth_throttles_window' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('auth_throttles');
}
