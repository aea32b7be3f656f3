import { Model, type CreationOptional } from 'sequelize';
import { pk, ts, str, dateOnly, int, bool, text, type Attrs, type CAttrs, type ModelSpec } from './columns.js';

export class ReportSchedule extends Model<Attrs<ReportSchedule>, CAttrs<ReportSchedule>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare reportKind: 'opd' | 'regency';
  declare cron: string;
  declare campaignId: number | null;
  declare activeFrom: string | null;
  declare activeUntil: string | null;
  declare ccSecretary: CreationOptional<boolean>;
  declare extraRecipients: string | null;
  declare enabled: CreationOptional<boolean>;
  /** Record a delivery as 'skipped' when the recipient's figures equal those last sent to them (migration 20261202-0302). */
  declare skipUnchanged: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const reportScheduleSpec: ModelSpec<ReportSchedule> = {
  modelName: 'ReportSchedule',
  tableName: 'report_schedules',
  attributes: {
    id: pk,
    name: str(150, false),
    reportKind: str(10, false),
    cron: str(100, false),
    campaignId: int(),
    activeFrom: dateOnly(),
    activeUntil: dateOnly(),
    ccSecretary: bool(true),
    extraRecipients: text(),
    enabled: bool(true),
    skipUnchanged: bool(false),
    ...ts,
  },
};
