import { DataTypes, Model, type CreationOptional } from 'sequelize';
import { pk, ts, str, date, int, text, type Attrs, type CAttrs, type ModelSpec } from './columns.js';

export class HelpdeskTicket extends Model<Attrs<HelpdeskTicket>, CAttrs<HelpdeskTicket>> {
  declare id: CreationOptional<number>;
  declare employeeId: number | null;
  /** What the ticket is about, when it applies: a submission of the employee, or one of its scans. */
  declare submissionId: number | null;
  declare documentId: number | null;
  declare opdId: number | null;
  declare nip: string | null;
  declare reporterName: string;
  declare reporterPhone: string | null;
  declare kind: string;
  declare description: string;
  declare status: CreationOptional<string>;
  declare handlerUserId: number | null;
  declare resolution: string | null;
  declare resolvedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const helpdeskTicketSpec: ModelSpec<HelpdeskTicket> = {
  modelName: 'HelpdeskTicket',
  tableName: 'helpdesk_tickets',
  attributes: {
    id: pk,
    employeeId: int(),
    submissionId: int(),
    documentId: int(),
    opdId: int(),
    nip: str(18),
    reporterName: str(150, false),
    reporterPhone: str(30),
    kind: str(30, false),
    description: text(false),
    status: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'open' },
    handlerUserId: int(),
    resolution: text(),
    resolvedAt: date(),
    ...ts,
  },
};
