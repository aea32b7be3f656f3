import { DataTypes, type QueryInterface } from 'sequelize';

/**
 * The history of where an employee is and whether they are active: one row per period during
 * which (opd_id, active) stayed the same, valid_from <= t < valid_to (valid_to NULL = current).
 * Reports as of an earlier moment count the employee, and their submissions, where they were
 * then (src/domain/employees/employee-placement.ts writes it; src/domain/reports reads it).
 *
 * Backfill: every existing employee gets one open period from their creation with their current
 * OPD and active flag (no earlier history exists to recover: an employee already deactivated
 * counts as inactive since creation, which is what the reports assumed until now).
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('employee_placements', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
    employee_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'employees', key: 'id' },
      onUpdate: 'CASCADE',
      onDelete: 'CASCADE',
    },
    opd_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'opds', key: 'id' },
      onUpdate: 'CASCADE',
      onDelete: 'RESTRICT',
    },
    active: { type: DataTypes.BOOLEAN, allowNull: false },
    valid_from: { type: DataTypes.DATE, allowNull: false },
    valid_to: { type: DataTypes.DATE, allowNull: true },
    created_at: { type: DataTypes.DATE, allowNull: false },
  });
  // One period starts at a given instant per employee; also the per-employee lookup (current row, as of).
  await qi.addIndex('employee_placements', ['employee_id', 'valid_from'], { name: 'employee_placements_employee', unique: true });
  // Reports of one OPD as of a moment.
  await qi.addIndex('employee_placements', ['opd_id', 'valid_from'], { name: 'employee_placements_opd' });

  await qi.sequelize.query(
    `INSERT INTO employee_placements (employee_id, opd_id, active, valid_from, valid_to, created_at)
     SELECT id, opd_id, active, created_at, NULL, :now FROM employees`,
    { replacements: { now: new Date() } },
  );
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('employee_placements');
}
