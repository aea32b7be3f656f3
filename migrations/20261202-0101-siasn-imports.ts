import { DataTypes, type QueryInterface } from 'sequelize';

/**
 * SIASN imports (issue 10):
 * - `imports`: one row per uploaded file (preview, then committed or refused), with the kept
 *   original (storage_key, content-addressed like documents), its SHA-256 and the counts;
 * - `import_row_errors`: the rows the preview (or a skip-invalid commit) found wrong;
 * - `siasn_unit_map`: SIASN unit (UNOR ID, else its name) → OPD, maintained by the admin;
 * - employees.siasn_pns_id: SIASN's PNS ID, kept as the SIASN key (not unique: the file may
 *   lack it, and a wrong pair is reported by the import rather than refused by the database).
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('imports', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
    profile: { type: DataTypes.STRING(20), allowNull: false },
    file_name: { type: DataTypes.STRING(255), allowNull: false },
    sha256: { type: DataTypes.STRING(64), allowNull: true },
    size: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    storage_key: { type: DataTypes.STRING(200), allowNull: true },
    status: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'preview' },
    mode: { type: DataTypes.STRING(20), allowNull: true },
    counts: { type: DataTypes.TEXT, allowNull: true },
    message: { type: DataTypes.TEXT, allowNull: true },
    created_by: {
      type: DataTypes.INTEGER,
      allowNull: true,
      references: { model: 'users', key: 'id' },
      onUpdate: 'CASCADE',
      onDelete: 'SET NULL',
    },
    created_by_email: { type: DataTypes.STRING(150), allowNull: false },
    created_at: { type: DataTypes.DATE, allowNull: false },
    committed_at: { type: DataTypes.DATE, allowNull: true },
  });
  await qi.addIndex('imports', ['created_at'], { name: 'imports_created' });
  await qi.addIndex('imports', ['profile', 'sha256'], { name: 'imports_profile_sha256' });

  await qi.createTable('import_row_errors', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
    import_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'imports', key: 'id' },
      onUpdate: 'CASCADE',
      onDelete: 'CASCADE',
    },
    row: { type: DataTypes.INTEGER, allowNull: false },
    column: { type: DataTypes.STRING(100), allowNull: false, defaultValue: '' },
    value: { type: DataTypes.STRING(255), allowNull: true },
    message: { type: DataTypes.TEXT, allowNull: false },
  });
  await qi.addIndex('import_row_errors', ['import_id', 'row'], { name: 'import_row_errors_import' });

  await qi.createTable('siasn_unit_map', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
    // UNOR ID, or "name:<normalised name>" for a file without UNOR ID (src/domain/imports/unit.map.ts unitKey).
    unor_id: { type: DataTypes.STRING(200), allowNull: false, unique: true },
    unor_nama: { type: DataTypes.STRING(200), allowNull: true },
    opd_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'opds', key: 'id' },
      onUpdate: 'CASCADE',
      onDelete: 'RESTRICT',
    },
    set_by: {
      type: DataTypes.INTEGER,
      allowNull: true,
      references: { model: 'users', key: 'id' },
      onUpdate: 'CASCADE',
      onDelete: 'SET NULL',
    },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });

  await qi.addColumn('employees', 'siasn_pns_id', { type: DataTypes.STRING(64), allowNull: true });
  await qi.addIndex('employees', ['siasn_pns_id'], { name: 'employees_siasn_pns_id' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('employees', 'employees_siasn_pns_id');
  await qi.removeColumn('employees', 'siasn_pns_id');
  await qi.dropTable('siasn_unit_map');
  await qi.dropTable('import_row_errors');
  await qi.dropTable('imports');
}
