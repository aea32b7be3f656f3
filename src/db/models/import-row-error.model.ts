import { Model, type CreationOptional } from 'sequelize';
import { pk, str, int, text, type Attrs, type CAttrs, type ModelSpec } from './columns.js';

/** One problem of one row of an imported file (row number as a spreadsheet shows it). */
export class ImportRowError extends Model<Attrs<ImportRowError>, CAttrs<ImportRowError>> {
  declare id: CreationOptional<number>;
  declare importId: number;
  declare row: number;
  declare column: string;
  declare value: string | null;
  declare message: string;
}

export const importRowErrorSpec: ModelSpec<ImportRowError> = {
  modelName: 'ImportRowError',
  tableName: 'import_row_errors',
  attributes: {
    id: pk,
    importId: int(false),
    row: int(false),
    column: { ...str(100, false), defaultValue: '' },
    value: str(255),
    message: text(false),
  },
  options: { timestamps: false },
};
