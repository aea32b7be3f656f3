import { DataTypes, Model, type CreationOptional } from 'sequelize';
import { pk, ts, str, date, int, text, type Attrs, type CAttrs, type ModelSpec } from './columns.js';

/** One mail to an employee carrying one or more notices (the notices outbox unit). */
export class NoticeMail extends Model<Attrs<NoticeMail>, CAttrs<NoticeMail>> {
  declare id: CreationOptional<number>;
  declare employeeId: number;
  declare opdId: number;
  declare channel: CreationOptional<string>;
  declare recipient: string;
  /** pending | sending | sent | failed */
  declare status: CreationOptional<string>;
  declare dueAt: Date;
  declare noticeCount: CreationOptional<number>;
  declare attempts: CreationOptional<number>;
  declare nextAttemptAt: Date | null;
  declare lastError: string | null;
  declare messageId: string | null;
  declare sentAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const noticeMailSpec: ModelSpec<NoticeMail> = {
  modelName: 'NoticeMail',
  tableName: 'notice_mails',
  attributes: {
    id: pk,
    employeeId: int(false),
    opdId: int(false),
    channel: { type: DataTypes.STRING(12), allowNull: false, defaultValue: 'email' },
    recipient: str(150, false),
    status: { type: DataTypes.STRING(12), allowNull: false, defaultValue: 'pending' },
    dueAt: date(false),
    noticeCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    nextAttemptAt: date(),
    lastError: text(),
    messageId: str(255),
    sentAt: date(),
    ...ts,
  },
};
