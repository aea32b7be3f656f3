import {
  DataTypes,
  Model,
  type CreationOptional,
  type ForeignKey,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { jsonColumn } from './json-column.js';
import type { EmployeeType, Role, SubmissionStatus } from '../domain/shared/constants.js';

/**
 * Class-based models with explicit table names. The schema itself is owned by migrations/;
 * these definitions must match it (test/integration/db/schema.test.ts checks that).
 */

type Attrs<M extends Model> = InferAttributes<M>;
type CAttrs<M extends Model> = InferCreationAttributes<M>;

export class Opd extends Model<Attrs<Opd>, CAttrs<Opd>> {
  declare id: CreationOptional<number>;
  declare code: string;
  declare name: string;
  declare kind: string;
  declare address: string | null;
  declare headName: string | null;
  declare headEmail: string | null;
  declare secretaryName: string | null;
  declare secretaryEmail: string | null;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

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
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** Where an employee was, and whether active, from validFrom until validTo (null = now). */
export class EmployeePlacement extends Model<Attrs<EmployeePlacement>, CAttrs<EmployeePlacement>> {
  declare id: CreationOptional<number>;
  declare employeeId: number;
  declare opdId: number;
  declare active: boolean;
  declare validFrom: Date;
  declare validTo: Date | null;
  declare createdAt: CreationOptional<Date>;
}

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
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

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
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

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
  declare createdAt: CreationOptional<Date>;
}

export class Document extends Model<Attrs<Document>, CAttrs<Document>> {
  declare id: CreationOptional<number>;
  declare submissionId: number;
  declare opdId: number;
  declare documentType: string;
  declare originalName: string;
  declare size: number;
  declare sha256: string;
  declare storageKey: string;
  declare mimeType: CreationOptional<string>;
  declare uploadedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class HelpdeskTicket extends Model<Attrs<HelpdeskTicket>, CAttrs<HelpdeskTicket>> {
  declare id: CreationOptional<number>;
  declare employeeId: number | null;
  declare opdId: number | null;
  declare nip: string | null;
  declare reporterName: string;
  declare reporterPhone: string | null;
  declare kind: string;
  declare description: string;
  declare status: CreationOptional<string>;
  declare handlerUserId: number | null;
  declare resolution: string | null;
  declare resolvedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

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

export class ReportSchedule extends Model<Attrs<ReportSchedule>, CAttrs<ReportSchedule>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare reportKind: 'opd' | 'regency';
  declare cron: string;
  declare campaignId: number | null;
  declare activeFrom: string | null;
  declare activeUntil: string | null;
  declare ccSecretary: CreationOptional<boolean>;
  declare extraRecipients: string | null;
  declare enabled: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class ReportRun extends Model<Attrs<ReportRun>, CAttrs<ReportRun>> {
  declare id: CreationOptional<number>;
  declare scheduleId: number | null;
  declare reportKind: 'opd' | 'regency';
  declare runKey: string;
  declare periodKey: string;
  declare trigger: string;
  declare status: string;
  declare asOf: Date;
  declare owner: string | null;
  declare leaseUntil: Date | null;
  declare requestedBy: number | null;
  declare startedAt: Date;
  declare finishedAt: Date | null;
  declare error: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class ReportDelivery extends Model<Attrs<ReportDelivery>, CAttrs<ReportDelivery>> {
  declare id: CreationOptional<number>;
  declare runId: number;
  declare opdId: number | null;
  declare recipient: string;
  declare cc: string | null;
  declare status: CreationOptional<string>;
  declare attempts: CreationOptional<number>;
  declare nextAttemptAt: Date | null;
  declare lastError: string | null;
  declare messageId: string | null;
  declare workbookPath: string | null;
  /** Set while the delivery is still to be made (pending/sending), NULL after; unique (see migration 0302). */
  declare openKey: CreationOptional<string | null>;
  declare summary: unknown;
  declare sentAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Session extends Model<Attrs<Session>, CAttrs<Session>> {
  declare sid: string;
  declare userId: number | null;
  declare expires: Date | null;
  declare data: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

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

const pk = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true };
const ts = { createdAt: DataTypes.DATE, updatedAt: DataTypes.DATE };
const str = (n: number, allowNull = true) => ({ type: DataTypes.STRING(n), allowNull });
const date = (allowNull = true) => ({ type: DataTypes.DATE, allowNull });
const dateOnly = (allowNull = true) => ({ type: DataTypes.DATEONLY, allowNull });
const int = (allowNull = true) => ({ type: DataTypes.INTEGER, allowNull });
const bool = (defaultValue: boolean) => ({ type: DataTypes.BOOLEAN, allowNull: false, defaultValue });
const text = (allowNull = true) => ({ type: DataTypes.TEXT, allowNull });

export const models = {
  Opd,
  Employee,
  EmployeePlacement,
  User,
  Campaign,
  Submission,
  SubmissionEvent,
  Document,
  HelpdeskTicket,
  AuditLog,
  ReportSchedule,
  ReportRun,
  ReportDelivery,
  Session,
  AuthThrottle,
};
export type Models = typeof models;

export function initModels(sequelize: Sequelize): Models {
  // Fresh subclasses per connection: Model.init binds a class to one Sequelize instance, so
  // sharing the module-level classes would let a second connection (a test opening two
  // databases, a tool comparing two) silently take over the first one's models.
  const M: Models = {
    Opd: class extends Opd {},
    Employee: class extends Employee {},
    EmployeePlacement: class extends EmployeePlacement {},
    User: class extends User {},
    Campaign: class extends Campaign {},
    Submission: class extends Submission {},
    SubmissionEvent: class extends SubmissionEvent {},
    Document: class extends Document {},
    HelpdeskTicket: class extends HelpdeskTicket {},
    AuditLog: class extends AuditLog {},
    ReportSchedule: class extends ReportSchedule {},
    ReportRun: class extends ReportRun {},
    ReportDelivery: class extends ReportDelivery {},
    Session: class extends Session {},
    AuthThrottle: class extends AuthThrottle {},
  };
  const common = { sequelize, underscored: true };
  M.Opd.init(
    {
      id: pk,
      code: str(20, false),
      name: str(200, false),
      kind: str(20, false),
      address: str(255),
      headName: str(150),
      headEmail: str(150),
      secretaryName: str(150),
      secretaryEmail: str(150),
      active: bool(true),
      ...ts,
    },
    { ...common, tableName: 'opds', modelName: 'Opd' },
  );
  M.Employee.init(
    {
      id: pk,
      nip: str(18, false),
      nik: str(16),
      name: str(150, false),
      employeeType: str(8, false) as never,
      opdId: int(false),
      unit: str(200),
      position: str(200),
      rankGrade: str(40),
      birthDate: dateOnly(),
      sex: str(1) as never,
      email: str(150),
      phone: str(30),
      mysapkActivatedAt: date(),
      passwordChangedAt: date(),
      serviceBlocked: bool(false),
      serviceBlockedAt: date(),
      active: bool(true),
      ...ts,
    },
    { ...common, tableName: 'employees', modelName: 'Employee' },
  );
  M.EmployeePlacement.init(
    {
      id: pk,
      employeeId: int(false),
      opdId: int(false),
      active: { type: DataTypes.BOOLEAN, allowNull: false },
      validFrom: date(false),
      validTo: date(),
      createdAt: DataTypes.DATE,
    },
    { ...common, tableName: 'employee_placements', modelName: 'EmployeePlacement', updatedAt: false },
  );
  M.User.init(
    {
      id: pk,
      email: str(150, false),
      name: str(150, false),
      passwordHash: str(100, false),
      role: str(20, false) as never,
      opdId: int(),
      active: bool(true),
      locale: { type: DataTypes.STRING(5), allowNull: false, defaultValue: 'id' },
      lastLoginAt: date(),
      passwordChangedAt: date(),
      sessionVersion: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      ...ts,
    },
    { ...common, tableName: 'users', modelName: 'User' },
  );
  M.Campaign.init(
    {
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
      ...ts,
    },
    { ...common, tableName: 'campaigns', modelName: 'Campaign' },
  );
  M.Submission.init(
    {
      id: pk,
      employeeId: int(false),
      opdId: int(false),
      campaignId: int(),
      category: str(40, false),
      proposedValues: jsonColumn('proposedValues') as never,
      status: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'submitted' } as never,
      submittedAt: date(false),
      verifiedAt: date(),
      validatedAt: date(),
      decidedAt: date(),
      lastNote: text(),
      source: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'panel' },
      version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      ...ts,
    },
    { ...common, tableName: 'submissions', modelName: 'Submission' },
  );
  M.SubmissionEvent.init(
    {
      id: pk,
      submissionId: int(false),
      opdId: int(false),
      fromStatus: str(20) as never,
      toStatus: str(20, false) as never,
      actorUserId: int(),
      actorRole: str(20),
      note: text(),
      overrideReason: text(),
      createdAt: DataTypes.DATE,
    },
    { ...common, tableName: 'submission_events', modelName: 'SubmissionEvent', updatedAt: false },
  );
  M.Document.init(
    {
      id: pk,
      submissionId: int(false),
      opdId: int(false),
      documentType: str(40, false),
      originalName: str(255, false),
      size: int(false),
      sha256: str(64, false),
      storageKey: str(255, false),
      mimeType: { type: DataTypes.STRING(100), allowNull: false, defaultValue: 'application/pdf' },
      uploadedBy: int(),
      ...ts,
    },
    { ...common, tableName: 'documents', modelName: 'Document' },
  );
  M.HelpdeskTicket.init(
    {
      id: pk,
      employeeId: int(),
      opdId: int(),
      nip: str(18),
      reporterName: str(150, false),
      reporterPhone: str(30),
      kind: str(30, false),
      description: text(false),
      status: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'open' },
      handlerUserId: int(),
      resolution: text(),
      resolvedAt: date(),
      ...ts,
    },
    { ...common, tableName: 'helpdesk_tickets', modelName: 'HelpdeskTicket' },
  );
  M.AuditLog.init(
    {
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
    { ...common, tableName: 'audit_logs', modelName: 'AuditLog', updatedAt: false },
  );
  M.ReportSchedule.init(
    {
      id: pk,
      name: str(150, false),
      reportKind: str(10, false) as never,
      cron: str(100, false),
      campaignId: int(),
      activeFrom: dateOnly(),
      activeUntil: dateOnly(),
      ccSecretary: bool(true),
      extraRecipients: text(),
      enabled: bool(true),
      ...ts,
    },
    { ...common, tableName: 'report_schedules', modelName: 'ReportSchedule' },
  );
  M.ReportRun.init(
    {
      id: pk,
      scheduleId: int(),
      reportKind: str(10, false) as never,
      runKey: str(120, false),
      periodKey: str(40, false),
      trigger: str(12, false),
      status: str(12, false),
      asOf: date(false),
      owner: str(100),
      leaseUntil: date(),
      requestedBy: int(),
      startedAt: date(false),
      finishedAt: date(),
      error: text(),
      ...ts,
    },
    { ...common, tableName: 'report_runs', modelName: 'ReportRun' },
  );
  M.ReportDelivery.init(
    {
      id: pk,
      runId: int(false),
      opdId: int(),
      recipient: str(150, false),
      cc: text(),
      status: { type: DataTypes.STRING(12), allowNull: false, defaultValue: 'pending' },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      nextAttemptAt: date(),
      lastError: text(),
      messageId: str(255),
      workbookPath: str(255),
      openKey: str(255),
      summary: jsonColumn('summary'),
      sentAt: date(),
      ...ts,
    },
    { ...common, tableName: 'report_deliveries', modelName: 'ReportDelivery' },
  );
  M.Session.init(
    {
      sid: { type: DataTypes.STRING(64), primaryKey: true },
      userId: int(),
      expires: date(),
      data: text(),
      ...ts,
    },
    { ...common, tableName: 'sessions', modelName: 'Session' },
  );
  M.AuthThrottle.init(
    {
      key: { type: DataTypes.STRING(64), primaryKey: true, field: 'throttle_key' },
      scope: str(30, false),
      subject: str(150),
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      windowStart: date(false),
      ...ts,
    },
    { ...common, tableName: 'auth_throttles', modelName: 'AuthThrottle' },
  );
  associate(M);
  return M;
}

/** Associations in one place. */
function associate(m: Models): void {
  const { Opd, Employee, EmployeePlacement, User, Campaign, Submission, SubmissionEvent, Document, HelpdeskTicket, AuditLog, ReportSchedule, ReportRun, ReportDelivery, Session } = m;
  Opd.hasMany(Employee, { foreignKey: 'opdId', as: 'employees' });
  Employee.belongsTo(Opd, { foreignKey: 'opdId', as: 'opd' });
  Employee.hasMany(EmployeePlacement, { foreignKey: 'employeeId', as: 'placements' });
  EmployeePlacement.belongsTo(Employee, { foreignKey: 'employeeId', as: 'employee' });
  EmployeePlacement.belongsTo(Opd, { foreignKey: 'opdId', as: 'opd' });
  User.belongsTo(Opd, { foreignKey: 'opdId', as: 'opd' });
  Employee.hasMany(Submission, { foreignKey: 'employeeId', as: 'submissions' });
  Submission.belongsTo(Employee, { foreignKey: 'employeeId', as: 'employee' });
  Submission.belongsTo(Opd, { foreignKey: 'opdId', as: 'opd' });
  Submission.belongsTo(Campaign, { foreignKey: 'campaignId', as: 'campaign' });
  Submission.hasMany(SubmissionEvent, { foreignKey: 'submissionId', as: 'events' });
  SubmissionEvent.belongsTo(Submission, { foreignKey: 'submissionId', as: 'submission' });
  SubmissionEvent.belongsTo(User, { foreignKey: 'actorUserId', as: 'actor' });
  Submission.hasMany(Document, { foreignKey: 'submissionId', as: 'documents' });
  Document.belongsTo(Submission, { foreignKey: 'submissionId', as: 'submission' });
  Document.belongsTo(Opd, { foreignKey: 'opdId', as: 'opd' });
  HelpdeskTicket.belongsTo(Employee, { foreignKey: 'employeeId', as: 'employee' });
  HelpdeskTicket.belongsTo(Opd, { foreignKey: 'opdId', as: 'opd' });
  HelpdeskTicket.belongsTo(User, { foreignKey: 'handlerUserId', as: 'handler' });
  ReportSchedule.belongsTo(Campaign, { foreignKey: 'campaignId', as: 'campaign' });
  ReportRun.belongsTo(ReportSchedule, { foreignKey: 'scheduleId', as: 'schedule' });
  ReportRun.hasMany(ReportDelivery, { foreignKey: 'runId', as: 'deliveries' });
  ReportDelivery.belongsTo(ReportRun, { foreignKey: 'runId', as: 'run' });
  ReportDelivery.belongsTo(Opd, { foreignKey: 'opdId', as: 'opd' });
}
