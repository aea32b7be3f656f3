import { DataTypes, Model, type CreationOptional } from 'sequelize';
import { pk, ts, str, date, int, text, type Attrs, type CAttrs, type ModelSpec } from './columns.js';
import { jsonColumn } from '../json-column.js';
import type { SubmissionStatus } from '../../domain/shared/constants.js';

export class Submission extends Model<Attrs<Submission>, CAttrs<Submission>> {
  declare id: CreationOptional<number>;
  declare employeeId: number;
  declare opdId: number;
  declare campaignId: number | null;
  declare category: string;
  declare proposedValues: Record<string, unknown> | null;
  declare status: CreationOptional<SubmissionStatus>;
  declare submittedAt: Date;
  declare verifiedAt: Date | null;
  declare validatedAt: Date | null;
  declare decidedAt: Date | null;
  declare lastNote: string | null;
  declare source: CreationOptional<string>;
  declare version: CreationOptional<number>;
  /** A question to BKPSDM is open (kept by the consultation service, in the same transaction). */
  declare awaitingBkpsdm: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const submissionSpec: ModelSpec<Submission> = {
  modelName: 'Submission',
  tableName: 'submissions',
  attributes: {
    id: pk,
    employeeId: int(false),
    opdId: int(false),
    campaignId: int(),
    category: str(40, false),
    proposedValues: jsonColumn('proposedValues'),
    status: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'submitted' },
    submittedAt: date(false),
    verifiedAt: date(),
    validatedAt: date(),
    decidedAt: date(),
    lastNote: text(),
    source: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'panel' },
    version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    awaitingBkpsdm: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    ...ts,
  },
};
