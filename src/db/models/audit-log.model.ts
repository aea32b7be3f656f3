import { DataTypes, Model, type CreationOptional } from 'sequelize';
import { str, int, text, type Attrs, type CAttrs, type ModelSpec } from './columns.js';
import { jsonColumn } from '../json-column.js';

export class AuditLog extends Model<Attrs<AuditLog>, CAttrs<AuditLog>> {
  declare id: CreationOptional<number>;
  declare userId: number | null;
  declare userEmail: string | null;
  declare role: string | null;
  declare action: string;
  declare resource: string | null;
  declare recordId: string | null;
  declare opdId: number | null;
  declare outcome: CreationOptional<string>;
  declare beforeData: unknown;
  declare afterData: unknown;
  declare message: string | null;
  declare ip: string | null;
  declare createdAt: CreationOptional<Date>;
}

export const auditLogSpec: ModelSpec<AuditLog> = {
  modelName: 'AuditLog',
  tableName: 'audit_logs',
  attributes: {
    id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
    userId: int(),
    userEmail: str(150),
    role: str(20),
    action: str(60, false),
    resource: str(60),
    recordId: str(60),
    opdId: int(),
    outcome: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'ok' },
    beforeData: jsonColumn('beforeData'),
    afterData: jsonColumn('afterData'),
    message: text(),
    ip: str(64),
    createdAt: DataTypes.DATE,
  },
  options: { updatedAt: false },
};
