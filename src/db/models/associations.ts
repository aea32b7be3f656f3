import type { Campaign } from './campaign.model.js';
import type { Consultation } from './consultation.model.js';
import type { ConsultationMessage } from './consultation-message.model.js';
import type { Document } from './document.model.js';
import type { Employee } from './employee.model.js';
import type { EmployeePlacement } from './employee-placement.model.js';
import type { Import } from './import.model.js';
import type { ImportRowError } from './import-row-error.model.js';
import type { SiasnUnitMap } from './siasn-unit-map.model.js';
import type { HelpdeskTicket } from './helpdesk-ticket.model.js';
import type { Notice } from './notice.model.js';
import type { NoticeMail } from './notice-mail.model.js';
import type { Guide } from './guide.model.js';
import type { Opd } from './opd.model.js';
import type { OpdReport } from './opd-report.model.js';
import type { OpdReportFile } from './opd-report-file.model.js';
import type { ReportDelivery } from './report-delivery.model.js';
import type { ReportRun } from './report-run.model.js';
import type { ReportSchedule } from './report-schedule.model.js';
import type { Submission } from './submission.model.js';
import type { SubmissionEvent } from './submission-event.model.js';
import type { User } from './user.model.js';

/** One connection's models that take part in associations (initModels passes its own). */
export interface AssociatedModels {
  Campaign: typeof Campaign;
  Consultation: typeof Consultation;
  ConsultationMessage: typeof ConsultationMessage;
  Document: typeof Document;
  Employee: typeof Employee;
  EmployeePlacement: typeof EmployeePlacement;
  HelpdeskTicket: typeof HelpdeskTicket;
  Notice: typeof Notice;
  NoticeMail: typeof NoticeMail;
  Guide: typeof Guide;
  Import: typeof Import;
  ImportRowError: typeof ImportRowError;
  SiasnUnitMap: typeof SiasnUnitMap;
  Opd: typeof Opd;
  OpdReport: typeof OpdReport;
  OpdReportFile: typeof OpdReportFile;
  ReportDelivery: typeof ReportDelivery;
  ReportRun: typeof ReportRun;
  ReportSchedule: typeof ReportSchedule;
  Submission: typeof Submission;
  SubmissionEvent: typeof SubmissionEvent;
  User: typeof User;
}

/** Associations in one place, on one connection's models. */
export function associate(m: AssociatedModels): void {
  const {
    Opd,
    Employee,
    EmployeePlacement,
    User,
    Campaign,
    Submission,
    SubmissionEvent,
    Document,
    HelpdeskTicket,
    ReportSchedule,
    ReportRun,
    ReportDelivery,
    Notice,
    NoticeMail,
    OpdReport,
    OpdReportFile,
    Guide,
    Consultation,
    ConsultationMessage,
    Import,
    ImportRowError,
    SiasnUnitMap,
  } = m;
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
  HelpdeskTicket.belongsTo(Submission, { foreignKey: 'submissionId', as: 'submission' });
  HelpdeskTicket.belongsTo(Document, { foreignKey: 'documentId', as: 'document' });
  Submission.hasMany(Consultation, { foreignKey: 'submissionId', as: 'consultations' });
  Consultation.belongsTo(Submission, { foreignKey: 'submissionId', as: 'submission' });
  Consultation.hasMany(ConsultationMessage, { foreignKey: 'consultationId', as: 'messages' });
  ConsultationMessage.belongsTo(Consultation, { foreignKey: 'consultationId', as: 'consultation' });
  ConsultationMessage.belongsTo(User, { foreignKey: 'authorUserId', as: 'author' });
  ReportSchedule.belongsTo(Campaign, { foreignKey: 'campaignId', as: 'campaign' });
  ReportRun.belongsTo(ReportSchedule, { foreignKey: 'scheduleId', as: 'schedule' });
  ReportRun.hasMany(ReportDelivery, { foreignKey: 'runId', as: 'deliveries' });
  ReportDelivery.belongsTo(ReportRun, { foreignKey: 'runId', as: 'run' });
  ReportDelivery.belongsTo(Opd, { foreignKey: 'opdId', as: 'opd' });
  Notice.belongsTo(Submission, { foreignKey: 'submissionId', as: 'submission' });
  Notice.belongsTo(Employee, { foreignKey: 'employeeId', as: 'employee' });
  Notice.belongsTo(Opd, { foreignKey: 'opdId', as: 'opd' });
  // notices.mail_id → notice_mails is not associated: the panel would try to populate it (notice_mails is no panel resource).
  NoticeMail.belongsTo(Employee, { foreignKey: 'employeeId', as: 'employee' });
  OpdReport.belongsTo(Opd, { foreignKey: 'opdId', as: 'opd' });
  OpdReport.belongsTo(Campaign, { foreignKey: 'campaignId', as: 'campaign' });
  OpdReport.hasMany(OpdReportFile, { foreignKey: 'opdReportId', as: 'files' });
  OpdReportFile.belongsTo(OpdReport, { foreignKey: 'opdReportId', as: 'report' });
  Guide.belongsTo(Campaign, { foreignKey: 'campaignId', as: 'campaign' });
  Import.belongsTo(User, { foreignKey: 'createdBy', as: 'creator' });
  Import.hasMany(ImportRowError, { foreignKey: 'importId', as: 'rowErrors' });
  ImportRowError.belongsTo(Import, { foreignKey: 'importId', as: 'import' });
  SiasnUnitMap.belongsTo(Opd, { foreignKey: 'opdId', as: 'opd' });
  SiasnUnitMap.belongsTo(User, { foreignKey: 'setBy', as: 'setter' });
}
