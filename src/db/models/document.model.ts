import { DataTypes, Model, type CreationOptional } from 'sequelize';
import { pk, ts, str, int, type Attrs, type CAttrs, type ModelSpec } from './columns.js';

export class Document extends Model<Attrs<Document>, CAttrs<Document>> {
  declare id: CreationOptional<number>;
  declare submissionId: number;
  declare opdId: number;
  declare documentType: string;
  declare originalName: string;
  declare size: number;
  declare sha256: string;
  declare storageKey: string;
  declare mimeType: CreationOptional<string>;
  declare uploadedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const documentSpec: ModelSpec<Document> = {
  modelName: 'Document',
  tableName: 'documents',
  attributes: {
    id: pk,
    submissionId: int(false),
    opdId: int(false),
    documentType: str(40, false),
    originalName: str(255, false),
    size: int(false),
    sha256: str(64, false),
    storageKey: str(255, false),
    mimeType: { type: DataTypes.STRING(100), allowNull: false, defaultValue: 'application/pdf' },
    uploadedBy: int(),
    ...ts,
  },
};
