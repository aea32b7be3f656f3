import { Model, type CreationOptional } from 'sequelize';
import { pk, ts, str, date, int, text, type Attrs, type CAttrs, type ModelSpec } from './columns.js';

export class ReportRun extends Model<Attrs<ReportRun>, CAttrs<ReportRun>> {
  declare id: CreationOptional<number>;
  declare scheduleId: number | null;
  declare reportKind: 'opd' | 'regency';
  declare runKey: string;
  declare periodKey: string;
  declare trigger: string;
  declare status: string;
  declare asOf: Date;
  declare owner: string | null;
  declare leaseUntil: Date | null;
  declare requestedBy: number | null;
  declare startedAt: Date;
  declare finishedAt: Date | null;
  declare error: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const reportRunSpec: ModelSpec<ReportRun> = {
  modelName: 'ReportRun',
  tableName: 'report_runs',
  attributes: {
    id: pk,
    scheduleId: int(),
    reportKind: str(10, false),
    runKey: str(120, false),
    periodKey: str(40, false),
    trigger: str(12, false),
    status: str(12, false),
    asOf: date(false),
    owner: str(100),
    leaseUntil: date(),
    requestedBy: int(),
    startedAt: date(false),
    finishedAt: date(),
    error: text(),
    ...ts,
  },
};
