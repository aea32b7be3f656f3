import type { ActionContext, ActionRequest, ActionResponse, RecordJSON, ResourceWithOptions } from 'adminjs';
import { withListExtras } from '../../domain/records/list-extras.js';

type ListResponse = { records?: RecordJSON[] };
import type { Models } from '../../db/models/index.js';
import { referenceData } from '../../../config/reference-data.js';
import { SUBMISSION_STATUSES, SUBMISSION_STATUS_LABELS } from '../../domain/shared/constants.js';
import { WORKFLOW_ACTIONS } from '../../domain/submissions/rules.js';
import { submissionDetail } from '../../domain/submissions/submission-detail.js';
import { NAV, allowed, readOnly, scopedResource, type ResourceDeps } from '../resource-helpers.js';
import { actorFrom } from '../current-admin.js';
import { bulkTransitionAction, transitionAction } from '../features/workflow-actions.js';
import { proposalAsJsonText } from '../features/proposal-form.js';
import { consultationAction } from '../features/consultation-actions.js';

/** The submission's fields the detail needs, from the record's flattened params. */
function submissionOf(params: Record<string, unknown>) {
  const proposedValues: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) if (k.startsWith('proposedValues.')) proposedValues[k.slice('proposedValues.'.length)] = v;
  return {
    id: Number(params.id),
    category: String(params.category),
    opdId: Number(params.opdId),
    employeeId: Number(params.employeeId),
    proposedValues,
  };
}

/**
 * Submissions: created by WorkflowService.create (employee, category and proposal; the OPD,
 * campaign and status come from the service), edited only in their proposal, moved along by the
 * workflow's buttons; the show page adds the detail (history, buttons, scans) from the domain.
 */
export const submissionResource = (models: Models, deps: ResourceDeps): ResourceWithOptions =>
  scopedResource(
    models.Submission,
    deps,
    {
      navigation: NAV.workflow,
      titleProperty: 'category',
      sort: { sortBy: 'submittedAt', direction: 'asc' },
      listProperties: [
        'id',
        'employeeId',
        'opdId',
        'category',
        'status',
        'hasDocument',
        'daysWaiting',
        'awaitingBkpsdm',
        'submittedAt',
        'lastNote',
      ],
      filterProperties: ['status', 'category', 'opdId', 'employeeId', 'submittedAt', 'source', 'awaitingBkpsdm', 'inbox'],
      editProperties: ['employeeId', 'category', 'proposedValues', 'overrideReason'],
      showProperties: [
        'id',
        'employeeId',
        'opdId',
        'campaignId',
        'category',
        'status',
        'proposedValues',
        'submittedAt',
        'verifiedAt',
        'validatedAt',
        'decidedAt',
        'lastNote',
        'source',
        'version',
      ],
      properties: {
        status: {
          availableValues: SUBMISSION_STATUSES.map((s) => ({ value: s, label: SUBMISSION_STATUS_LABELS[s] })),
          isVisible: { edit: false, list: true, show: true, filter: true },
        },
        category: { availableValues: referenceData().categories.map((c) => ({ value: c.code, label: c.label })) },
        proposedValues: {
          type: 'textarea',
          description: 'Isian bernama dalam JSON, mis. {"jabatan": "Guru Ahli Muda", "tmtJabatan": "2021-01-01"}',
        },
        // Input only (not a column): an administrator acting outside the phase window says why (audited).
        overrideReason: {
          type: 'string',
          isVisible: { list: false, show: false, filter: false, edit: true },
          description: 'Hanya untuk administrator, bila dilakukan di luar jadwal tahap (dicatat di jejak audit)',
        },
        version: { isVisible: { list: false, filter: false, show: true, edit: false } },
        // "menunggu jawaban BKPSDM" in the inbox while a question is open (kept by the consultation service).
        awaitingBkpsdm: {
          type: 'boolean',
          isVisible: { list: true, show: false, edit: false, filter: true },
          components: { list: deps.components.AwaitingBkpsdm },
        },
        // Shown in lists only, computed per page (list-columns.ts): a document there, days at this step.
        hasDocument: { type: 'boolean', isSortable: false, isVisible: { list: true, show: false, edit: false, filter: false } },
        daysWaiting: { type: 'number', isSortable: false, isVisible: { list: true, show: false, edit: false, filter: false } },
        // "What waits for me": a virtual filter the scoped resource turns into the workflow's inbox query.
        inbox: { type: 'boolean', isVisible: { list: false, show: false, edit: false, filter: true } },
      },
      actions: {
        list: {
          after: async (response: ActionResponse, request: ActionRequest, { currentAdmin }: ActionContext) => {
            const rows = (response as ListResponse).records ?? [];
            const shown = await withListExtras(
              { records: deps.records, models },
              actorFrom(currentAdmin, request),
              'submissions',
              rows.map((r) => r.params),
            );
            rows.forEach((r, i) => Object.assign(r.params, shown[i]));
            return response;
          },
        },
        show: { component: deps.components.SubmissionShow },
        // Edit shows only the proposal: nothing else of a submission changes through the form.
        edit: { layout: ['proposedValues', 'overrideReason'], after: proposalAsJsonText },
        // The show page loads it with GET: reads only.
        detail: {
          actionType: 'record',
          isVisible: false,
          isAccessible: allowed('submissions', 'show'),
          handler: readOnly(async (request, _response, { record, currentAdmin }) => ({
            record: record!.toJSON(currentAdmin),
            ...(await submissionDetail(deps, actorFrom(currentAdmin, request), submissionOf(record!.params))),
          })),
        },
        ...Object.fromEntries(WORKFLOW_ACTIONS.map((a) => [a, transitionAction(a, deps)])),
        bulkVerify: bulkTransitionAction('verify', deps),
        bulkApprove: bulkTransitionAction('approve', deps),
        ...(deps.consultations
          ? {
              consultAsk: consultationAction('consultAsk', deps.consultations),
              consultAnswer: consultationAction('consultAnswer', deps.consultations),
              consultClose: consultationAction('consultClose', deps.consultations),
            }
          : {}),
      },
    },
    { inbox: (actor) => deps.workflow.inbox(actor) },
  );
