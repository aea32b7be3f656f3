import type { ActionContext, ActionRequest, ActionResponse } from 'adminjs';
import type { WorkflowAction } from '../../domain/submissions/rules.js';
import { allowed, type ResourceDeps } from '../resource-helpers.js';
import { actorFrom } from '../current-admin.js';

/**
 * The workflow's buttons on a submission: one record action per transition (Verifikasi, Kembalikan,
 * Tolak, Validasi BKN, Setujui, Ajukan ulang), shown only when the workflow allows it, and the bulk
 * Verifikasi/Setujui terpilih. Each handler is one call into the WorkflowService; a refusal is the
 * action's notice (scopedResource answers it), and GET only shows the form.
 */

const SUCCESS: Record<WorkflowAction, string> = {
  verify: 'Usul terverifikasi',
  returnForFix: 'Usul dikembalikan untuk perbaikan (BTS)',
  reject: 'Usul ditolak (TMS)',
  validate: 'Usul tervalidasi BKN',
  approve: 'Usul disetujui',
  resubmit: 'Usul diajukan ulang',
};

/** The note, the admin's override reason and the version the page showed, from a JSON or form body. */
function transitionInput(request: ActionRequest) {
  const body = (request.payload ?? {}) as { note?: string; overrideReason?: string; version?: string };
  return {
    note: body.note ?? null,
    override: body.overrideReason ? { reason: body.overrideReason } : null,
    expectedVersion: body.version !== undefined && body.version !== '' ? Number(body.version) : undefined,
  };
}

export function transitionAction(name: WorkflowAction, deps: ResourceDeps) {
  return {
    actionType: 'record' as const,
    icon: name === 'reject' ? 'XCircle' : name === 'returnForFix' ? 'CornerUpLeft' : 'CheckCircle',
    component: deps.components.WorkflowAction,
    isAccessible: allowed('submissions', name),
    isVisible: ({ currentAdmin, record }: ActionContext) => {
      if (!record) return false;
      try {
        const p = record.params as { status: string; category: string; opdId: number };
        const shown = { id: Number(record.id()), status: p.status, category: p.category, opdId: Number(p.opdId), version: 0 };
        return deps.workflow.allowedActions(actorFrom(currentAdmin), shown as never).includes(name);
      } catch {
        return false;
      }
    },
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
      const { record, currentAdmin, resource, h } = context;
      if (!record) throw new Error('record missing');
      await deps.workflow.transition(actorFrom(currentAdmin, request), Number(record.id()), name, transitionInput(request));
      const fresh = await resource.findOne(String(record.id()), context);
      return {
        record: (fresh ?? record).toJSON(currentAdmin),
        redirectUrl: h.recordActionUrl({ resourceId: resource.id(), recordId: String(record.id()), actionName: 'show' }),
        notice: { message: SUCCESS[name], type: 'success' },
      };
    },
  };
}

/** Verifies or approves a selection, each submission on its own; the answer says per submission what happened. */
export function bulkTransitionAction(name: 'verify' | 'approve', deps: ResourceDeps) {
  return {
    actionType: 'bulk' as const,
    icon: 'CheckSquare',
    component: deps.components.BulkWorkflow,
    isAccessible: allowed('submissions', name === 'verify' ? 'bulkVerify' : 'bulkApprove'),
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
      const { records = [], currentAdmin } = context;
      const results = await deps.workflow.bulkTransition(
        actorFrom(currentAdmin, request),
        records.map((r) => Number(r.id())),
        name,
        {},
      );
      const ok = results.filter((r) => r.ok).length;
      return {
        records: records.map((r) => r.toJSON(currentAdmin)),
        results,
        notice: { message: `${ok} dari ${results.length} usul berhasil diproses`, type: ok === results.length ? 'success' : 'info' },
      };
    },
  };
}
