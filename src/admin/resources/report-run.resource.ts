import type { Models } from '../../db/models/index.js';
import { NAV, scopedResource, type ResourceDeps } from '../resource-helpers.js';

export const reportRunResource = (models: Models, deps: ResourceDeps) =>
  scopedResource(models.ReportRun, deps, {
    navigation: NAV.reports,
    sort: { sortBy: 'startedAt', direction: 'desc' },
    listProperties: ['id', 'scheduleId', 'reportKind', 'periodKey', 'trigger', 'status', 'startedAt', 'finishedAt'],
    filterProperties: ['scheduleId', 'reportKind', 'status', 'trigger', 'startedAt'],
    properties: { runKey: { isVisible: { list: false, show: true, edit: false, filter: false } } },
  });
