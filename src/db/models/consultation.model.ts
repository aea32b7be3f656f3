import { DataTypes, Model, type CreationOptional } from 'sequelize';
import { pk, ts, str, date, int, type Attrs, type CAttrs, type ModelSpec } from './columns.js';

export type ConsultationStatus = 'open' | 'answered' | 'closed';

/** A thread of questions from the OPD verifier (or Kanreg BKN) to BKPSDM about one submission. */
export class Consultation extends Model<Attrs<Consultation>, CAttrs<Consultation>> {
  declare id: CreationOptional<number>;
  declare submissionId: number;
  declare openedByUserId: number | null;
  declare openedByRole: string;
  declare status: CreationOptional<ConsultationStatus>;
  declare waitingSince: Date | null;
  declare answeredAt: Date | null;
  declare closedAt: Date | null;
  declare closedByUserId: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const consultationSpec: ModelSpec<Consultation> = {
  modelName: 'Consultation',
  tableName: 'consultations',
  attributes: {
    id: pk,
    submissionId: int(false),
    openedByUserId: int(),
    openedByRole: str(20, false),
    status: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'open' },
    waitingSince: date(),
    answeredAt: date(),
    closedAt: date(),
    closedByUserId: int(),
    ...ts,
  },
};
