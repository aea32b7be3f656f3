import { Model, type CreationOptional, type ForeignKey } from 'sequelize';
import { pk, ts, str, date, dateOnly, int, bool, type Attrs, type CAttrs, type ModelSpec } from './columns.js';
import type { EmployeeType } from '../../domain/shared/constants.js';

export class Employee extends Model<Attrs<Employee>, CAttrs<Employee>> {
  declare id: CreationOptional<number>;
  declare nip: string;
  declare nik: string | null;
  declare name: string;
  declare employeeType: EmployeeType;
  declare opdId: ForeignKey<number>;
  declare unit: string | null;
  declare position: string | null;
  declare rankGrade: string | null;
  declare birthDate: string | null;
  declare sex: 'L' | 'P' | null;
  declare email: string | null;
  declare phone: string | null;
  declare mysapkActivatedAt: Date | null;
  declare passwordChangedAt: Date | null;
  declare serviceBlocked: CreationOptional<boolean>;
  declare serviceBlockedAt: Date | null;
  declare active: CreationOptional<boolean>;
  /** SIASN's PNS ID (kept by the ASN import as the SIASN key). */
  declare siasnPnsId: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const employeeSpec: ModelSpec<Employee> = {
  modelName: 'Employee',
  tableName: 'employees',
  attributes: {
    id: pk,
    nip: str(18, false),
    nik: str(16),
    name: str(150, false),
    employeeType: str(8, false),
    opdId: int(false),
    unit: str(200),
    position: str(200),
    rankGrade: str(40),
    birthDate: dateOnly(),
    sex: str(1),
    email: str(150),
    phone: str(30),
    mysapkActivatedAt: date(),
    passwordChangedAt: date(),
    serviceBlocked: bool(false),
    serviceBlockedAt: date(),
    active: bool(true),
    siasnPnsId: str(64),
    ...ts,
  },
};
