import type { CreationOptional } from 'sequelize';
import { pk, str, int, type ModelSpec } from './columns.js';
import { StoredPdfRow, storedPdfColumns } from './stored-pdf-columns.js';

/** A scan attached to a submission. */
export class Document extends StoredPdfRow<Document> {
  declare id: CreationOptional<number>;
  declare submissionId: number;
  declare opdId: number;
  declare documentType: string;
}

export const documentSpec: ModelSpec<Document> = {
  modelName: 'Document',
  tableName: 'documents',
  attributes: {
    id: pk,
    submissionId: int(false),
    opdId: int(false),
    documentType: str(40, false),
    ...storedPdfColumns,
  },
};
