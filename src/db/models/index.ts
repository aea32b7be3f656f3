import type { Sequelize } from 'sequelize';
import { associate } from './associations.js';
import { bindModel } from './columns.js';
import { AuditLog, auditLogSpec } from './audit-log.model.js';
import { AuthThrottle, authThrottleSpec } from './auth-throttle.model.js';
import { Campaign, campaignSpec } from './campaign.model.js';
import { Consultation, consultationSpec } from './consultation.model.js';
import { ConsultationMessage, consultationMessageSpec } from './consultation-message.model.js';
import { ConsultationNotice, consultationNoticeSpec } from './consultation-notice.model.js';
import { Document, documentSpec } from './document.model.js';
import { Employee, employeeSpec } from './employee.model.js';
import { Guide, guideSpec } from './guide.model.js';
import { EscalationNotice, escalationNoticeSpec } from './escalation-notice.model.js';
import { EmployeePlacement, employeePlacementSpec } from './employee-placement.model.js';
import { Import, importSpec } from './import.model.js';
import { ImportRowError, importRowErrorSpec } from './import-row-error.model.js';
import { SiasnUnitMap, siasnUnitMapSpec } from './siasn-unit-map.model.js';
import { HelpdeskTicket, helpdeskTicketSpec } from './helpdesk-ticket.model.js';
import { Notice, noticeSpec } from './notice.model.js';
import { NoticeMail, noticeMailSpec } from './notice-mail.model.js';
import { Opd, opdSpec } from './opd.model.js';
import { OpdReport, opdReportSpec } from './opd-report.model.js';
import { OpdReportFile, opdReportFileSpec } from './opd-report-file.model.js';
import { ReportDelivery, reportDeliverySpec } from './report-delivery.model.js';
import { ReportRun, reportRunSpec } from './report-run.model.js';
import { ReportSchedule, reportScheduleSpec } from './report-schedule.model.js';
import { Session, sessionSpec } from './session.model.js';
import { Submission, submissionSpec } from './submission.model.js';
import { SubmissionEvent, submissionEventSpec } from './submission-event.model.js';
import { User, userSpec } from './user.model.js';
import { DashboardSnapshot, dashboardSnapshotSpec } from './dashboard-snapshot.model.js';

/**
 * The models: class-based, camelCase attributes, snake_case columns, explicit table names; one
 * file per model, associations in associations.ts.
 */

export {
  AuditLog,
  AuthThrottle,
  Campaign,
  Consultation,
  ConsultationMessage,
  ConsultationNotice,
  Document,
  Employee,
  EmployeePlacement,
  Guide,
  EscalationNotice,
  HelpdeskTicket,
  Notice,
  NoticeMail,
  Import,
  ImportRowError,
  Opd,
  OpdReport,
  OpdReportFile,
  ReportDelivery,
  ReportRun,
  ReportSchedule,
  Session,
  SiasnUnitMap,
  Submission,
  SubmissionEvent,
  User,
  DashboardSnapshot,
};

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
  Notice,
  NoticeMail,
  OpdReport,
  OpdReportFile,
  Guide,
  Consultation,
  ConsultationMessage,
  ConsultationNotice,
  EscalationNotice,
  Import,
  ImportRowError,
  SiasnUnitMap,
  DashboardSnapshot,
};
export type Models = typeof models;

/** One connection's models: fresh subclasses bound to `sequelize` (see bindModel), associated. */
export function initModels(sequelize: Sequelize): Models {
  const M: Models = {
    Opd: bindModel(Opd, opdSpec, sequelize),
    Employee: bindModel(Employee, employeeSpec, sequelize),
    EmployeePlacement: bindModel(EmployeePlacement, employeePlacementSpec, sequelize),
    User: bindModel(User, userSpec, sequelize),
    Campaign: bindModel(Campaign, campaignSpec, sequelize),
    Submission: bindModel(Submission, submissionSpec, sequelize),
    SubmissionEvent: bindModel(SubmissionEvent, submissionEventSpec, sequelize),
    Document: bindModel(Document, documentSpec, sequelize),
    HelpdeskTicket: bindModel(HelpdeskTicket, helpdeskTicketSpec, sequelize),
    AuditLog: bindModel(AuditLog, auditLogSpec, sequelize),
    ReportSchedule: bindModel(ReportSchedule, reportScheduleSpec, sequelize),
    ReportRun: bindModel(ReportRun, reportRunSpec, sequelize),
    ReportDelivery: bindModel(ReportDelivery, reportDeliverySpec, sequelize),
    Session: bindModel(Session, sessionSpec, sequelize),
    AuthThrottle: bindModel(AuthThrottle, authThrottleSpec, sequelize),
    Notice: bindModel(Notice, noticeSpec, sequelize),
    NoticeMail: bindModel(NoticeMail, noticeMailSpec, sequelize),
    OpdReport: bindModel(OpdReport, opdReportSpec, sequelize),
    OpdReportFile: bindModel(OpdReportFile, opdReportFileSpec, sequelize),
    Guide: bindModel(Guide, guideSpec, sequelize),
    Consultation: bindModel(Consultation, consultationSpec, sequelize),
    ConsultationMessage: bindModel(ConsultationMessage, consultationMessageSpec, sequelize),
    ConsultationNotice: bindModel(ConsultationNotice, consultationNoticeSpec, sequelize),
    EscalationNotice: bindModel(EscalationNotice, escalationNoticeSpec, sequelize),
    Import: bindModel(Import, importSpec, sequelize),
    ImportRowError: bindModel(ImportRowError, importRowErrorSpec, sequelize),
    SiasnUnitMap: bindModel(SiasnUnitMap, siasnUnitMapSpec, sequelize),
    DashboardSnapshot: bindModel(DashboardSnapshot, dashboardSnapshotSpec, sequelize),
  };
  associate(M);
  return M;
}
