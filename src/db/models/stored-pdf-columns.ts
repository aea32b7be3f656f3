import { DataTypes, Model, type CreationOptional } from 'sequelize';
import { int, str, type Attrs, type CAttrs } from './columns.js';

/**
 * What every row that names a stored PDF carries (documents, guides, OPD report proofs): the
 * uploaded name, the size, the SHA-256 and storage key of the content-addressed store, the MIME
 * type and the uploader. src/domain/documents/stored-pdf.ts fills them (storedPdfFields).
 */
export abstract class StoredPdfRow<M extends Model> extends Model<Attrs<M>, CAttrs<M>> {
  declare originalName: string;
  declare size: number;
  declare sha256: string;
  declare storageKey: string;
  declare mimeType: CreationOptional<string>;
  declare uploadedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const storedPdfColumns = {
  originalName: str(255, false),
  size: int(false),
  sha256: str(64, false),
  storageKey: str(255, false),
  mimeType: { type: DataTypes.STRING(100), allowNull: false, defaultValue: 'application/pdf' },
  uploadedBy: int(),
  createdAt: DataTypes.DATE,
  updatedAt: DataTypes.DATE,
};
