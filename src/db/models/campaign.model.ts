import { Model, type CreationOptional } from 'sequelize';
import { pk, ts, str, dateOnly, int, bool, text, type Attrs, type CAttrs, type ModelSpec } from './columns.js';

export class Campaign extends Model<Attrs<Campaign>, CAttrs<Campaign>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare year: number;
  declare helpdeskStart: string;
  declare selfUpdateStart: string;
  declare selfUpdateEnd: string;
  declare verificationStart: string;
  declare verificationEnd: string;
  declare approvalStart: string;
  declare approvalEnd: string;
  declare active: CreationOptional<boolean>;
  declare notes: string | null;
  /** One "YYYY-MM-DD Nama" per line; empty = the national holidays (src/domain/campaign/working-days.ts). */
  declare holidays: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const campaignSpec: ModelSpec<Campaign> = {
  modelName: 'Campaign',
  tableName: 'campaigns',
  attributes: {
    id: pk,
    name: str(150, false),
    year: int(false),
    helpdeskStart: dateOnly(false),
    selfUpdateStart: dateOnly(false),
    selfUpdateEnd: dateOnly(false),
    verificationStart: dateOnly(false),
    verificationEnd: dateOnly(false),
    approvalStart: dateOnly(false),
    approvalEnd: dateOnly(false),
    active: bool(false),
    notes: text(),
    holidays: text(),
    ...ts,
  },
};
