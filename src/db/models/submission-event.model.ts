import { DataTypes, Model, type CreationOptional } from 'sequelize';
import { pk, str, int, text, type Attrs, type CAttrs, type ModelSpec } from './columns.js';
import type { SubmissionStatus } from '../../domain/shared/constants.js';

export class SubmissionEvent extends Model<Attrs<SubmissionEvent>, CAttrs<SubmissionEvent>> {
  declare id: CreationOptional<number>;
  declare submissionId: number;
  declare opdId: number;
  declare fromStatus: SubmissionStatus | null;
  declare toStatus: SubmissionStatus;
  declare actorUserId: number | null;
  declare actorRole: string | null;
  declare note: string | null;
  declare overrideReason: string | null;
  /** 'transition' (a status change) or 'note' (a remark that keeps the status, from = to). */
  declare kind: CreationOptional<'transition' | 'note'>;
  declare createdAt: CreationOptional<Date>;
}

export const submissionEventSpec: ModelSpec<SubmissionEvent> = {
  modelName: 'SubmissionEvent',
  tableName: 'submission_events',
  attributes: {
    id: pk,
    submissionId: int(false),
    opdId: int(false),
    fromStatus: str(20),
    toStatus: str(20, false),
    actorUserId: int(),
    actorRole: str(20),
    note: text(),
    overrideReason: text(),
    kind: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'transition' },
    createdAt: DataTypes.DATE,
  },
  options: { updatedAt: false },
};
