import { DataTypes, Model, type CreationOptional } from 'sequelize';
import { ts, date, int, text, type Attrs, type CAttrs, type ModelSpec } from './columns.js';

export class Session extends Model<Attrs<Session>, CAttrs<Session>> {
  declare sid: string;
  declare userId: number | null;
  declare expires: Date | null;
  declare data: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const sessionSpec: ModelSpec<Session> = {
  modelName: 'Session',
  tableName: 'sessions',
  attributes: {
    sid: { type: DataTypes.STRING(64), primaryKey: true },
    userId: int(),
    expires: date(),
    data: text(),
    ...ts,
  },
};
