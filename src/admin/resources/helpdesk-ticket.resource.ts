import type { Models } from '../../db/models/index.js';
import { TICKET_KINDS, TICKET_KIND_LABELS, TICKET_STATUSES } from '../../domain/shared/constants.js';
import { NAV, scopedResource, type ResourceDeps } from '../resource-helpers.js';

const STATUS_LABELS: Record<string, string> = { open: 'Baru', in_progress: 'Ditangani', resolved: 'Selesai', closed: 'Ditutup' };

export const helpdeskTicketResource = (models: Models, deps: ResourceDeps) =>
  scopedResource(models.HelpdeskTicket, deps, {
    navigation: NAV.helpdesk,
    titleProperty: 'reporterName',
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: ['id', 'reporterName', 'nip', 'kind', 'status', 'handlerUserId', 'createdAt'],
    filterProperties: ['kind', 'status', 'opdId', 'nip', 'createdAt'],
    editProperties: ['employeeId', 'nip', 'reporterName', 'reporterPhone', 'kind', 'description', 'status', 'resolution'],
    showProperties: [
      'id',
      'employeeId',
      'nip',
      'opdId',
      'reporterName',
      'reporterPhone',
      'kind',
      'description',
      'status',
      'handlerUserId',
      'resolution',
      'resolvedAt',
      'createdAt',
    ],
    properties: {
      kind: { availableValues: TICKET_KINDS.map((k) => ({ value: k, label: TICKET_KIND_LABELS[k] })) },
      status: { availableValues: TICKET_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })) },
      description: { type: 'textarea' },
      resolution: { type: 'textarea' },
    },
  });
