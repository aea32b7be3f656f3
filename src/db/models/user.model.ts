import { DataTypes, Model, type CreationOptional } from 'sequelize';
import { pk, ts, str, date, int, bool, type Attrs, type CAttrs, type ModelSpec } from './columns.js';
import type { Role } from '../../domain/shared/constants.js';

export class User extends Model<Attrs<User>, CAttrs<User>> {
  declare id: CreationOptional<number>;
  declare email: string;
  declare name: string;
  declare passwordHash: string;
  declare role: Role;
  declare opdId: number | null;
  declare active: CreationOptional<boolean>;
  declare locale: CreationOptional<string>;
  declare lastLoginAt: Date | null;
  declare passwordChangedAt: Date | null;
  declare sessionVersion: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const userSpec: ModelSpec<User> = {
  modelName: 'User',
  tableName: 'users',
  attributes: {
    id: pk,
    email: str(150, false),
    name: str(150, false),
    passwordHash: str(100, false),
    role: str(20, false),
    opdId: int(),
    active: bool(true),
    locale: { type: DataTypes.STRING(5), allowNull: false, defaultValue: 'id' },
    lastLoginAt: date(),
    passwordChangedAt: date(),
    sessionVersion: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
    ...ts,
  },
};
