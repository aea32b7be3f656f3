import { Model, type CreationOptional } from 'sequelize';
import { pk, ts, str, date, int, text, type Attrs, type CAttrs, type ModelSpec } from './columns.js';
import { jsonColumn } from '../json-column.js';

/** One version of an OPD head's report to the Bupati for a campaign (src/domain/opd-reports). */
export class OpdReport extends Model<Attrs<OpdReport>, CAttrs<OpdReport>> {
  declare id: CreationOptional<number>;
  declare opdId: number;
  declare campaignId: number;
  declare version: number;
  /** submitted | acknowledged | returned */
  declare status: string;
  declare statement: string;
  /** The OPD report's numbers as of figuresAsOf (OpdReportFigures). */
  declare figures: unknown;
  declare figuresAsOf: Date;
  declare submittedBy: number | null;
  declare submittedAt: Date;
  declare decidedBy: number | null;
  declare decidedAt: Date | null;
  declare decisionNote: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const opdReportSpec: ModelSpec<OpdReport> = {
  modelName: 'OpdReport',
  tableName: 'opd_reports',
  attributes: {
    id: pk,
    opdId: int(false),
    campaignId: int(false),
    version: int(false),
    status: str(12, false),
    statement: text(false),
    figures: jsonColumn('figures', false),
    figuresAsOf: date(false),
    submittedBy: int(),
    submittedAt: date(false),
    decidedBy: int(),
    decidedAt: date(),
    decisionNote: text(),
    ...ts,
  },
};
