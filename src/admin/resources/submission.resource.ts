import type { ActionContext, ActionRequest, ActionResponse, ResourceWithOptions } from 'adminjs';
import type { Models } from '../../db/models/index.js';
import { referenceData } from '../../../config/reference-data.js';
import { ROLE_LABELS, SUBMISSION_STATUSES, SUBMISSION_STATUS_LABELS } from '../../domain/shared/constants.js';
import { WORKFLOW_ACTIONS, type WorkflowAction } from '../../domain/submissions/workflow.service.js';
import { DomainError } from '../../domain/shared/errors.js';
import { NAV, allowed, readOnly, scopedResource, type ResourceDeps } from '../resource-helpers.js';
import { actorFrom } from '../current-admin.js';

type SubmissionResourceDeps = ResourceDeps;

const SUCCESS: Record<WorkflowAction, string> = {
  verify: 'Usul terverifikasi',
  returnForFix: 'Usul dikembalikan untuk perbaikan (BTS)',
  reject: 'Usul ditolak (TMS)',
  validate: 'Usul tervalidasi BKN',
  approve: 'Usul disetujui',
  resubmit: 'Usul diajukan ulang',
};

const ipOf = (request: ActionRequest): string | null => ((request as unknown as { ip?: string }).ip ?? null);

/** Reads the note / override reason from a JSON or form body. */
function bodyOf(request: ActionRequest): { note?: string; overrideReason?: string; version?: string } {
  return (request.payload ?? {}) as { note?: string; overrideReason?: string; version?: string };
}

function errorNotice(e: unknown) {
  if (e instanceof DomainError) return { message: e.message, type: 'error' as const };
  throw e;
}

/** A record action for one workflow transition. GET shows the form; only POST changes state. */
function transitionAction(name: WorkflowAction, deps: SubmissionResourceDeps) {
  return {
    actionType: 'record' as const,
    icon: name === 'reject' ? 'XCircle' : name === 'returnForFix' ? 'CornerUpLeft' : 'CheckCircle',
    component: deps.components.WorkflowAction,
    isAccessible: allowed('submissions', name),
    isVisible: ({ currentAdmin, record }: ActionContext) => {
      if (!record) return false;
      try {
        const actor = actorFrom(currentAdmin);
        const p = record.params as { status: string; category: string; opdId: number };
        return deps.workflow.allowedActions(actor, { id: Number(record.id()), status: p.status as never, category: p.category, opdId: Number(p.opdId), version: 0 } as never).includes(name);
      } catch {
        return false;
      }
    },
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
      const { record, currentAdmin, resource, h } = context;
      if (!record) throw new Error('record missing');
      if (request.method !== 'post') return { record: record.toJSON(currentAdmin) };
      const body = bodyOf(request);
      try {
        await deps.workflow.transition(actorFrom(currentAdmin, ipOf(request)), Number(record.id()), name, {
          note: body.note ?? null,
          override: body.overrideReason ? { reason: body.overrideReason } : null,
          expectedVersion: body.version !== undefined && body.version !== '' ? Number(body.version) : undefined,
        });
      } catch (e) {
        return { record: record.toJSON(currentAdmin), notice: errorNotice(e) };
      }
      const fresh = await resource.findOne(String(record.id()), context);
      return {
        record: (fresh ?? record).toJSON(currentAdmin),
        redirectUrl: h.recordActionUrl({ resourceId: resource.id(), recordId: String(record.id()), actionName: 'show' }),
        notice: { message: SUCCESS[name], type: 'success' },
      };
    },
  };
}

function bulkAction(name: 'verify' | 'approve', deps: SubmissionResourceDeps) {
  const actionName = name === 'verify' ? 'bulkVerify' : 'bulkApprove';
  return {
    actionType: 'bulk' as const,
    icon: 'CheckSquare',
    component: deps.components.BulkWorkflow,
    isAccessible: allowed('submissions', actionName),
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
      const { records = [], currentAdmin } = context;
      if (request.method !== 'post') return { records: records.map((r) => r.toJSON(currentAdmin)) };
      const results = await deps.workflow.bulkTransition(
        actorFrom(currentAdmin, ipOf(request)),
        records.map((r) => Number(r.id())),
        name,
        {},
      );
      const ok = results.filter((r) => r.ok).length;
      return {
        records: records.map((r) => r.toJSON(currentAdmin)),
        results,
        notice: { message: `${ok} dari ${results.length} usul berhasil diproses`, type: ok === results.length ? 'success' : 'info' },
      } as ActionResponse;
    },
  };
}

/**
 * The edit form shows the proposal as JSON text in its textarea (AdminJS would show the flattened
 * keys as an empty field); the text posted back is parsed by RecordService (masked NIK kept).
 */
async function proposalAsJsonText(response: ActionResponse): Promise<ActionResponse> {
  const params = response.record?.params as Record<string, unknown> | undefined;
  if (!params || typeof params.proposedValues === 'string') return response;
  const proposal: Record<string, unknown> = {};
  for (const key of Object.keys(params)) {
    if (!key.startsWith('proposedValues.')) continue;
    proposal[key.slice('proposedValues.'.length)] = params[key];
    delete params[key];
  }
  params.proposedValues = Object.keys(proposal).length ? JSON.stringify(proposal, null, 2) : '';
  return response;
}

export const submissionResource = (models: Models, deps: SubmissionResourceDeps): ResourceWithOptions => {
  const transitions = Object.fromEntries(WORKFLOW_ACTIONS.map((a) => [a, transitionAction(a, deps)]));
  return scopedResource(models.Submission, deps, {
    navigation: NAV.workflow,
    titleProperty: 'category',
    sort: { sortBy: 'submittedAt', direction: 'asc' },
    listProperties: ['id', 'employeeId', 'opdId', 'category', 'status', 'submittedAt', 'lastNote'],
    filterProperties: ['status', 'category', 'opdId', 'employeeId', 'submittedAt', 'source', 'inbox'],
    // New: employee, category and proposal (WorkflowService.create takes the OPD, campaign and
    // status itself). Edit shows only the proposal (see actions.edit.layout): nothing else changes.
    editProperties: ['employeeId', 'category', 'proposedValues', 'overrideReason'],
    showProperties: ['id', 'employeeId', 'opdId', 'campaignId', 'category', 'status', 'proposedValues', 'submittedAt', 'verifiedAt', 'validatedAt', 'decidedAt', 'lastNote', 'source', 'version'],
    properties: {
      status: {
        availableValues: SUBMISSION_STATUSES.map((s) => ({ value: s, label: SUBMISSION_STATUS_LABELS[s] })),
        isVisible: { edit: false, list: true, show: true, filter: true },
      },
      category: { availableValues: referenceData().categories.map((c) => ({ value: c.code, label: c.label })) },
      proposedValues: { type: 'textarea', description: 'Isian bernama dalam JSON, mis. {"jabatan": "Guru Ahli Muda", "tmtJabatan": "2021-01-01"}' },
      // Input only (not a column): an administrator acting outside the phase window says why (audited).
      overrideReason: {
        type: 'string',
        isVisible: { list: false, show: false, filter: false, edit: true },
        description: 'Hanya untuk administrator, bila dilakukan di luar jadwal tahap (dicatat di jejak audit)',
      },
      version: { isVisible: { list: false, filter: false, show: true, edit: false } },
      // "What waits for me": a virtual filter the scoped resource turns into the workflow's inbox query.
      inbox: { type: 'boolean', isVisible: { list: false, show: false, edit: false, filter: true } },
    },
    actions: {
      show: { component: deps.components.SubmissionShow },
      edit: { layout: ['proposedValues', 'overrideReason'], after: proposalAsJsonText },
      detail: {
        actionType: 'record',
        isVisible: false,
        isAccessible: allowed('submissions', 'show'),
        // Reads only (the show page loads it with GET).
        handler: readOnly(async (_request: ActionRequest, _response: unknown, context: ActionContext) => {
          const { record, currentAdmin } = context;
          if (!record) throw new Error('record missing');
          const actor = actorFrom(currentAdmin);
          const id = Number(record.id());
          const sub = await models.Submission.findByPk(id);
          const [history, options, documents] = await Promise.all([
            deps.workflow.history(actor, id),
            sub ? deps.workflow.phaseFor(sub).then((phase) => deps.workflow.actionOptions(actor, sub, phase)) : [],
            deps.records.list(actor, 'documents', { where: { submissionId: id }, order: [['id', 'ASC']] }),
          ]);
          const category = referenceData().category(String(record.params.category));
          return {
            record: record.toJSON(currentAdmin),
            category: category ? { code: category.code, label: category.label, validatedByBkn: category.validatedByBkn, documentTypes: category.documentTypes.map((d) => ({ code: d, label: referenceData().documentType(d)?.label ?? d })) } : null,
            history: history.map((e) => ({ id: e.id, from: e.fromStatus, to: e.toStatus, fromLabel: e.fromStatus ? SUBMISSION_STATUS_LABELS[e.fromStatus] : null, toLabel: SUBMISSION_STATUS_LABELS[e.toStatus], role: e.actorRole, roleLabel: e.actorRole ? (ROLE_LABELS as Record<string, string>)[e.actorRole] ?? e.actorRole : null, actorUserId: e.actorUserId, note: e.note, overrideReason: e.overrideReason, at: e.createdAt })),
            actions: options,
            documents: documents.map((d) => ({ id: d.id, documentType: d.documentType, label: referenceData().documentType(String(d.documentType))?.label ?? d.documentType, originalName: d.originalName, size: d.size, url: `/admin/documents/${d.id}/file` })),
            canUpload: deps.records.can(actor, 'documents', 'new'),
          } as unknown as ActionResponse;
        }),
      },
      ...transitions,
      bulkVerify: bulkAction('verify', deps),
      bulkApprove: bulkAction('approve', deps),
    },
  }, { inbox: (actor) => deps.workflow.inbox(actor) as never });
};
