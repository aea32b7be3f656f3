import { DataTypes, Model, type CreationOptional } from 'sequelize';
import { pk, str, int, date, text, type Attrs, type CAttrs, type ModelSpec } from './columns.js';
import { jsonColumn } from '../json-column.js';

export type ImportStatus = 'preview' | 'committed' | 'refused';
export type ImportMode = 'all-or-nothing' | 'skip-invalid';

/** The counts of a preview or a commit (rows of the file; `missing`: active ASN not in the file). */
export interface ImportCounts {
  rows: number;
  new: number;
  changed: number;
  unchanged: number;
  errors: number;
  skipped: number;
  missing: number;
  deactivated?: number;
}

/** One SIASN file brought in: its preview, then its commit (or its refusal). */
export class Import extends Model<Attrs<Import>, CAttrs<Import>> {
  declare id: CreationOptional<number>;
  declare profile: string;
  declare fileName: string;
  declare sha256: string | null;
  declare size: number;
  declare storageKey: string | null;
  declare status: ImportStatus;
  declare mode: ImportMode | null;
  declare counts: ImportCounts | null;
  declare message: string | null;
  declare createdBy: number | null;
  declare createdByEmail: string;
  declare createdAt: CreationOptional<Date>;
  declare committedAt: Date | null;
}

export const importSpec: ModelSpec<Import> = {
  modelName: 'Import',
  tableName: 'imports',
  attributes: {
    id: pk,
    profile: str(20, false),
    fileName: str(255, false),
    sha256: str(64),
    size: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    storageKey: str(200),
    status: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'preview' },
    mode: str(20),
    counts: jsonColumn('counts'),
    message: text(),
    createdBy: int(),
    createdByEmail: str(150, false),
    createdAt: DataTypes.DATE,
    committedAt: date(),
  },
  options: { updatedAt: false },
};
