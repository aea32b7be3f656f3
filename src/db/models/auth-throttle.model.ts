import { DataTypes, Model, type CreationOptional } from 'sequelize';
import { ts, str, date, type Attrs, type CAttrs, type ModelSpec } from './columns.js';

/** An attempt counter of the login / current-password throttles (src/domain/users/login-throttle.service.ts). */
export class AuthThrottle extends Model<Attrs<AuthThrottle>, CAttrs<AuthThrottle>> {
  declare key: string;
  declare scope: string;
  declare subject: string | null;
  declare attempts: number;
  declare windowStart: Date;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const authThrottleSpec: ModelSpec<AuthThrottle> = {
  modelName: 'AuthThrottle',
  tableName: 'auth_throttles',
  attributes: {
    key: { type: DataTypes.STRING(64), primaryKey: true, field: 'throttle_key' },
    scope: str(30, false),
    subject: str(150),
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    windowStart: date(false),
    ...ts,
  },
};
