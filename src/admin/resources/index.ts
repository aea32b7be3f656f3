import type { ResourceWithOptions } from 'adminjs';
import type { Models } from '../../db/models/index.js';
import type { ResourceDeps } from '../resource-helpers.js';
import { opdResource } from './opd.resource.js';
import { employeeResource } from './employee.resource.js';
import { userResource } from './user.resource.js';
import { campaignResource } from './campaign.resource.js';
import { submissionResource } from './submission.resource.js';
import { submissionEventResource } from './submission-event.resource.js';
import { documentResource } from './document.resource.js';
import { helpdeskTicketResource } from './helpdesk-ticket.resource.js';
import { auditLogResource } from './audit-log.resource.js';
import { reportScheduleResource } from './report-schedule.resource.js';
import { reportRunResource } from './report-run.resource.js';
import { reportDeliveryResource } from './report-delivery.resource.js';
import { noticeResource } from './notice.resource.js';
import { opdReportResource } from './opd-report.resource.js';
import { guideResource } from './guide.resource.js';
import { importResource, siasnUnitMapResource } from './import.resource.js';

/** The explicit list of panel resources (never the whole database). */
export function buildResources(models: Models, deps: ResourceDeps): ResourceWithOptions[] {
  return [
    employeeResource(models, deps),
    opdResource(models, deps),
    submissionResource(models, deps),
    submissionEventResource(models, deps),
    noticeResource(models, deps),
    documentResource(models, deps),
    helpdeskTicketResource(models, deps),
    reportScheduleResource(models, deps),
    reportRunResource(models, deps),
    reportDeliveryResource(models, deps),
    opdReportResource(models, deps),
    guideResource(models, deps),
    campaignResource(models, deps),
    userResource(models, deps),
    auditLogResource(models, deps),
    importResource(models, deps),
    siasnUnitMapResource(models, deps),
  ];
}
