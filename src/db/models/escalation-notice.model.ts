import { DataTypes, Model, type CreationOptional } from 'sequelize';
import { pk, ts, str, date, int, text, type Attrs, type CAttrs, type ModelSpec } from './columns.js';

/** One escalation of one open item at one level, claimed before its mail is sent (migration 20261202-0401). */
export class EscalationNotice extends Model<Attrs<EscalationNotice>, CAttrs<EscalationNotice>> {
  declare id: CreationOptional<number>;
  declare noticeKey: string;
  declare itemType: string;
  declare itemId: number;
  declare stage: string;
  declare level: string;
  declare opdId: number | null;
  declare enteredAt: Date;
  declare ageDays: number;
  declare status: CreationOptional<string>;
  declare claimToken: string;
  declare recipients: string | null;
  declare messageId: string | null;
  declare sentAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const escalationNoticeSpec: ModelSpec<EscalationNotice> = {
  modelName: 'EscalationNotice',
  tableName: 'escalation_notices',
  attributes: {
    id: pk,
    noticeKey: str(190, false),
    itemType: str(20, false),
    itemId: int(false),
    stage: str(20, false),
    level: str(20, false),
    opdId: int(),
    enteredAt: date(false),
    ageDays: int(false),
    status: { type: DataTypes.STRING(12), allowNull: false, defaultValue: 'sending' },
    claimToken: str(40, false),
    recipients: text(),
    messageId: str(255),
    sentAt: date(),
    ...ts,
  },
};
