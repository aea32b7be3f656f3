import { DataTypes, Model, type CreationOptional } from 'sequelize';
import { pk, str, int, text, type Attrs, type CAttrs, type ModelSpec } from './columns.js';

export type ConsultationMessageKind = 'question' | 'answer';

/** One message of a consultation: append-only (no updated_at; a correction is a new message). */
export class ConsultationMessage extends Model<Attrs<ConsultationMessage>, CAttrs<ConsultationMessage>> {
  declare id: CreationOptional<number>;
  declare consultationId: number;
  declare submissionId: number;
  declare kind: ConsultationMessageKind;
  declare authorUserId: number | null;
  declare authorRole: string;
  declare body: string;
  declare attachmentName: string | null;
  declare attachmentStorageKey: string | null;
  declare attachmentSha256: string | null;
  declare attachmentSize: number | null;
  declare createdAt: CreationOptional<Date>;
}

export const consultationMessageSpec: ModelSpec<ConsultationMessage> = {
  modelName: 'ConsultationMessage',
  tableName: 'consultation_messages',
  attributes: {
    id: pk,
    consultationId: int(false),
    submissionId: int(false),
    kind: str(20, false),
    authorUserId: int(),
    authorRole: str(20, false),
    body: text(false),
    attachmentName: str(255),
    attachmentStorageKey: str(255),
    attachmentSha256: str(64),
    attachmentSize: int(),
    createdAt: DataTypes.DATE,
  },
  options: { updatedAt: false },
};
