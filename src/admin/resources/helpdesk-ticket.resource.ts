import type { Models } from '../../db/models/index.js';
import { TICKET_KINDS, TICKET_KIND_LABELS, TICKET_STATUSES } from '../../domain/shared/constants.js';
import type { ActionResponse } from 'adminjs';
import { NAV, scopedResource, type ResourceDeps } from '../resource-helpers.js';
import { ticketHandlerNames } from '../../domain/helpdesk/ticket-view.js';

type Rec = { params: Record<string, unknown> };
/** The handler by name (helpdesk staff cannot read users: a reference would show the id). */
const withHandlerNames = (models: Models) => async (response: ActionResponse) => {
  const records = [...((response.records ?? []) as Rec[]), ...(response.record ? [response.record as Rec] : [])];
  const names = await ticketHandlerNames(
    models,
    records.map((r) => r.params.handlerUserId),
  );
  for (const r of records) r.params.handlerName = names.get(Number(r.params.handlerUserId)) ?? '—';
  return response;
};

const STATUS_LABELS: Record<string, string> = { open: 'Baru', in_progress: 'Ditangani', resolved: 'Selesai', closed: 'Ditutup' };

export const helpdeskTicketResource = (models: Models, deps: ResourceDeps) =>
  scopedResource(models.HelpdeskTicket, deps, {
    navigation: NAV.helpdesk,
    titleProperty: 'reporterName',
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: ['id', 'nip', 'reporterName', 'employeeId', 'kind', 'status', 'handlerName', 'createdAt'],
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
      'handlerName',
      'resolution',
      'resolvedAt',
      'createdAt',
    ],
    properties: {
      kind: { availableValues: TICKET_KINDS.map((k) => ({ value: k, label: TICKET_KIND_LABELS[k] })) },
      status: { availableValues: TICKET_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })) },
      description: { type: 'textarea' },
      handlerName: { type: 'string', isSortable: false, isVisible: { list: true, show: true, edit: false, filter: false } },
      nip: { description: 'Terisi dari pegawai yang dipilih' },
      reporterName: { description: 'Kosongkan untuk memakai nama pegawai yang dipilih' },
      resolution: { type: 'textarea' },
    },
    actions: {
      list: { after: withHandlerNames(models) },
      show: { after: withHandlerNames(models) },
    },
  });
