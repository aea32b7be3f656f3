import { DataTypes, Model, type CreationOptional } from 'sequelize';
import { pk, ts, str, date, int, text, type Attrs, type CAttrs, type ModelSpec } from './columns.js';
import { jsonColumn } from '../json-column.js';

export class ReportDelivery extends Model<Attrs<ReportDelivery>, CAttrs<ReportDelivery>> {
  declare id: CreationOptional<number>;
  declare runId: number;
  declare opdId: number | null;
  declare recipient: string;
  declare cc: string | null;
  declare status: CreationOptional<string>;
  declare attempts: CreationOptional<number>;
  declare nextAttemptAt: Date | null;
  declare lastError: string | null;
  declare messageId: string | null;
  declare workbookPath: string | null;
  /** Set while the delivery is still to be made (pending/sending), NULL after; unique (see migration 0302). */
  declare openKey: CreationOptional<string | null>;
  declare summary: unknown;
  /** sha256 of the summary (canonical JSON): what skip-if-unchanged compares (migration 20261202-0302). */
  declare figuresHash: CreationOptional<string | null>;
  declare sentAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const reportDeliverySpec: ModelSpec<ReportDelivery> = {
  modelName: 'ReportDelivery',
  tableName: 'report_deliveries',
  attributes: {
    id: pk,
    runId: int(false),
    opdId: int(),
    recipient: str(150, false),
    cc: text(),
    status: { type: DataTypes.STRING(12), allowNull: false, defaultValue: 'pending' },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    nextAttemptAt: date(),
    lastError: text(),
    messageId: str(255),
    workbookPath: str(255),
    openKey: str(255),
    summary: jsonColumn('summary'),
    figuresHash: str(64),
    sentAt: date(),
    ...ts,
  },
};
