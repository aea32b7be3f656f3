import { DataTypes, Model, type CreationOptional } from 'sequelize';
import { pk, ts, str, int, type Attrs, type CAttrs, type ModelSpec } from './columns.js';

/** A proof-of-completion PDF of one OPD report version. */
export class OpdReportFile extends Model<Attrs<OpdReportFile>, CAttrs<OpdReportFile>> {
  declare id: CreationOptional<number>;
  declare opdReportId: number;
  declare opdId: number;
  declare originalName: string;
  declare size: number;
  declare sha256: string;
  declare storageKey: string;
  declare mimeType: CreationOptional<string>;
  declare uploadedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const opdReportFileSpec: ModelSpec<OpdReportFile> = {
  modelName: 'OpdReportFile',
  tableName: 'opd_report_files',
  attributes: {
    id: pk,
    opdReportId: int(false),
    opdId: int(false),
    originalName: str(255, false),
    size: int(false),
    sha256: str(64, false),
    storageKey: str(255, false),
    mimeType: { type: DataTypes.STRING(100), allowNull: false, defaultValue: 'application/pdf' },
    uploadedBy: int(),
    ...ts,
  },
};
