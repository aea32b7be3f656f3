import { Model, type CreationOptional } from 'sequelize';
import { pk, ts, str, dateOnly, int, text, type Attrs, type CAttrs, type ModelSpec } from './columns.js';

/** A notice to an employee about one of their submissions (BTS/TMS), see migration 20261202-0301. */
export class Notice extends Model<Attrs<Notice>, CAttrs<Notice>> {
  declare id: CreationOptional<number>;
  declare submissionId: number;
  declare employeeId: number;
  declare opdId: number;
  declare eventId: number | null;
  /** The mail it goes out in; null when the employee has no address. */
  declare mailId: number | null;
  declare kind: 'bts' | 'tms';
  declare category: string;
  declare categoryLabel: string;
  declare note: string | null;
  /** The documents to fix or upload, as labels ("KTP; Kartu Keluarga"). */
  declare documents: string | null;
  declare phaseLabel: string | null;
  declare deadline: string | null;
  declare recipient: string | null;
  /** pending | sent | failed (its mail's outcome) | no_address. */
  declare status: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const noticeSpec: ModelSpec<Notice> = {
  modelName: 'Notice',
  tableName: 'notices',
  attributes: {
    id: pk,
    submissionId: int(false),
    employeeId: int(false),
    opdId: int(false),
    eventId: int(),
    mailId: int(),
    kind: str(8, false),
    category: str(40, false),
    categoryLabel: str(150, false),
    note: text(),
    documents: text(),
    phaseLabel: str(60),
    deadline: dateOnly(),
    recipient: str(150),
    status: str(12, false),
    ...ts,
  },
};
