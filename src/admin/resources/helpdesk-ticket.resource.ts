import type { Models } from '../../db/models/index.js';
import { TICKET_KINDS, TICKET_KIND_LABELS, TICKET_STATUSES } from '../../domain/shared/constants.js';
import { linkedSubmission } from '../../domain/helpdesk/linked-submission.js';
import { NAV, allowed, readOnly, scopedResource, type ResourceDeps } from '../resource-helpers.js';
import { actorFrom } from '../current-admin.js';
import type { ActionContext, ActionRequest, ActionResponse } from 'adminjs';
import { withListExtras } from '../../domain/records/list-extras.js';

type Rec = { params: Record<string, unknown> };
/** The handler by name (helpdesk staff cannot read users: a reference would show the id), as the export shows it. */
const withHandlerNames =
  (models: Models, deps: ResourceDeps) => async (response: ActionResponse, request: ActionRequest, context: ActionContext) => {
    const records = [...((response.records ?? []) as Rec[]), ...(response.record ? [response.record as Rec] : [])];
    const actor = actorFrom(context.currentAdmin, request);
    const shown = await withListExtras(
      { records: deps.records, models },
      actor,
      'helpdesk_tickets',
      records.map((r) => r.params),
    );
    records.forEach((r, i) => Object.assign(r.params, shown[i]));
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
    editProperties: [
      'employeeId',
      'submissionId',
      'documentId',
      'nip',
      'reporterName',
      'reporterPhone',
      'kind',
      'description',
      'status',
      'resolution',
    ],
    showProperties: [
      'id',
      'employeeId',
      'nip',
      'opdId',
      'submissionId',
      'documentId',
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
      // Choosing the employee fills NIP and name in the form; a new ticket starts as "Baru".
      employeeId: { components: { edit: deps.components.TicketEmployee } },
      nip: { description: 'Terisi dari pegawai yang dipilih' },
      reporterName: { description: 'Kosongkan untuk memakai nama pegawai yang dipilih' },
      resolution: { type: 'textarea' },
      // Opened from a submission page, the form arrives with ?submissionId= (and the employee is
      // taken from the submission); the show page adds the submission's status and history.
      submissionId: {
        type: 'number',
        description: 'Diisi otomatis bila tiket dibuat dari halaman usul; pegawai tiket harus pemilik usul ini',
        components: { edit: deps.components.TicketSubmission, show: deps.components.TicketSubmission },
      },
      documentId: {
        type: 'number',
        description: 'Opsional: dokumen usul yang dipermasalahkan',
        components: { edit: deps.components.TicketSubmission },
      },
    },
    actions: {
      // The ticket page loads it with GET: reads only (the submission through its own scoped reads).
      linkedSubmission: {
        actionType: 'record',
        isVisible: false,
        isAccessible: allowed('helpdesk_tickets', 'show'),
        handler: readOnly(async (request, _response, { record, currentAdmin }) => ({
          record: record!.toJSON(currentAdmin),
          linked: await linkedSubmission(deps, actorFrom(currentAdmin, request), record!.params.submissionId),
        })),
      },
      list: { after: withHandlerNames(models, deps) },
      show: { after: withHandlerNames(models, deps) },
    },
  });
