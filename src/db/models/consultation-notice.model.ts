import { DataTypes, Model, type CreationOptional } from 'sequelize';
import { pk, ts, str, date, int, text, type Attrs, type CAttrs, type ModelSpec } from './columns.js';

export type ConsultationNoticeStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** The outbox row of one "your question was answered" e-mail (one per answer message). */
export class ConsultationNotice extends Model<Attrs<ConsultationNotice>, CAttrs<ConsultationNotice>> {
  declare id: CreationOptional<number>;
  declare messageId: number;
  declare consultationId: number;
  declare recipient: string;
  declare status: CreationOptional<ConsultationNoticeStatus>;
  declare attempts: CreationOptional<number>;
  declare nextAttemptAt: Date;
  declare claimedBy: string | null;
  declare claimedAt: Date | null;
  declare sentAt: Date | null;
  declare lastError: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const consultationNoticeSpec: ModelSpec<ConsultationNotice> = {
  modelName: 'ConsultationNotice',
  tableName: 'consultation_notices',
  attributes: {
    id: pk,
    messageId: int(false),
    consultationId: int(false),
    recipient: str(150, false),
    status: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'pending' },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    nextAttemptAt: date(false),
    claimedBy: str(100),
    claimedAt: date(),
    sentAt: date(),
    lastError: text(),
    ...ts,
  },
};
