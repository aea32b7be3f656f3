import type { Models } from '../../db/models.js';
import { NAV, scopedResource, type ResourceDeps } from '../resource-helpers.js';

export const reportDeliveryResource = (models: Models, deps: ResourceDeps) =>
  scopedResource(models.ReportDelivery, deps, {
    navigation: NAV.reports,
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: ['runId', 'opdId', 'recipient', 'status', 'attempts', 'sentAt', 'lastError'],
    filterProperties: ['runId', 'opdId', 'recipient', 'status'],
    properties: { summary: { isVisible: { list: false, show: true, edit: false, filter: false }, type: 'textarea' }, workbookPath: { isVisible: false } },
  });
