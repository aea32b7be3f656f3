import type { ActionContext, ActionRequest, ActionResponse } from 'adminjs';
import type { Models } from '../../db/models/index.js';
import type { OpdReportService } from '../../domain/opd-reports/opd-report.service.js';
import { OPD_REPORT_STATUS_LABELS, OPD_REPORT_STATUSES } from '../../domain/opd-reports/opd-report-status.js';
import { NAV, allowed, scopedResource, type ResourceDeps } from '../resource-helpers.js';
import { actorFrom } from '../current-admin.js';
import { refusedAction } from '../error-edge.js';
import { readUpload, removeUploads, uploadPath, type UploadedFile } from '../uploads.js';

/**
 * The OPD head's report to the Bupati (issue 13). Every rule is in OpdReportService; these are the
 * panel's buttons: "Kirim laporan" (the head: statement and proof PDFs), "Terima" and "Kembalikan"
 * (the approver, on a report waiting for them). Proof files are served by /admin/opd-reports/files/:id.
 */

/** The uploaded proof files of the form (file0, file1, …), in order. */
function uploadsOf(payload: Record<string, unknown>): UploadedFile[] {
  return Object.keys(payload)
    .filter((k) => /^file\d+$/.test(k))
    .sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)))
    .map((k) => payload[k] as UploadedFile)
    .filter((f) => Boolean(uploadPath(f)));
}

const service = (deps: ResourceDeps): OpdReportService => {
  if (!deps.opdReports) throw new Error('OpdReportService missing from the resource deps');
  return deps.opdReports;
};

export const opdReportResource = (models: Models, deps: ResourceDeps) => {
  const decision = (name: 'acknowledge' | 'returnReport') => ({
    actionType: 'record' as const,
    icon: name === 'acknowledge' ? 'CheckCircle' : 'CornerUpLeft',
    component: deps.components.ConfirmAction,
    isAccessible: allowed('opd_reports', name),
    isVisible: ({ record }: ActionContext) => record?.params?.status === 'submitted',
    custom: {
      description:
        name === 'acknowledge'
          ? 'Terima laporan hasil PDM Kepala OPD ini. Catatan boleh dikosongkan.'
          : 'Kembalikan laporan ini kepada Kepala OPD untuk diperbaiki; Kepala OPD dapat mengirim versi baru.',
      reason: name === 'acknowledge' ? 'Catatan (boleh kosong)' : 'Catatan pengembalian (wajib)',
    },
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
      const { record, currentAdmin, resource, h } = context;
      if (!record) throw new Error('record missing');
      const note = String((request.payload as { reason?: string } | undefined)?.reason ?? '').trim();
      const actor = actorFrom(currentAdmin, request);
      if (name === 'acknowledge') await service(deps).acknowledge(actor, Number(record.id()), note || null);
      else await service(deps).returnReport(actor, Number(record.id()), note);
      const fresh = await resource.findOne(String(record.id()), context);
      const message = name === 'acknowledge' ? 'Laporan OPD diterima' : 'Laporan OPD dikembalikan kepada Kepala OPD';
      return {
        record: (fresh ?? record).toJSON(currentAdmin),
        redirectUrl: h.recordActionUrl({ resourceId: resource.id(), recordId: String(record.id()), actionName: 'show' }),
        notice: { message, type: 'success' },
        result: [message],
      };
    },
  });

  return scopedResource(models.OpdReport, deps, {
    navigation: NAV.reports,
    titleProperty: 'status',
    sort: { sortBy: 'submittedAt', direction: 'desc' },
    listProperties: ['opdId', 'campaignId', 'version', 'status', 'submittedAt', 'decidedAt'],
    filterProperties: ['opdId', 'campaignId', 'status', 'submittedAt'],
    showProperties: [
      'opdId',
      'campaignId',
      'version',
      'status',
      'stateText',
      'statement',
      'figuresText',
      'proofFiles',
      'submittedByName',
      'decidedByName',
      'decisionNote',
    ],
    properties: {
      status: { availableValues: OPD_REPORT_STATUSES.map((s) => ({ value: s, label: OPD_REPORT_STATUS_LABELS[s] })) },
      statement: { type: 'textarea' },
      decisionNote: { type: 'textarea' },
      figures: { isVisible: false },
      figuresAsOf: { isVisible: false },
      figuresText: { type: 'textarea', isVisible: { list: false, filter: false, edit: false, show: true } },
      stateText: { type: 'string', isVisible: { list: false, filter: false, edit: false, show: true } },
      submittedByName: { type: 'string', isVisible: { list: false, filter: false, edit: false, show: true } },
      decidedByName: { type: 'string', isVisible: { list: false, filter: false, edit: false, show: true } },
      proofFiles: {
        type: 'string',
        components: { show: deps.components.OpdReportFiles },
        isVisible: { list: false, filter: false, edit: false, show: true },
      },
    },
    actions: {
      show: {
        after: async (response: ActionResponse, request: ActionRequest, context: ActionContext) => {
          const params = (response.record as { params?: Record<string, unknown> } | undefined)?.params;
          if (params?.id !== undefined) {
            const detail = await service(deps).detail(actorFrom(context.currentAdmin, request), Number(params.id));
            params.figuresText = detail.figuresText;
            params.proofFiles = JSON.stringify(detail.files);
            params.stateText = detail.stateText;
            params.submittedByName = detail.submittedByName;
            params.decidedByName = detail.decidedByName;
          }
          return response;
        },
      },
      submitReport: {
        actionType: 'resource',
        icon: 'Send',
        component: deps.components.OpdReportSubmit,
        isAccessible: allowed('opd_reports', 'submitReport'),
        handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
          const { currentAdmin, h } = context;
          const payload = (request.payload ?? {}) as Record<string, unknown>;
          const uploads = uploadsOf(payload);
          try {
            const files = await Promise.all(uploads.map((f) => readUpload(f, 'bukti.pdf')));
            const row = await service(deps).submit(actorFrom(currentAdmin, request), {
              statement: typeof payload.statement === 'string' ? payload.statement : '',
              files,
            });
            return {
              redirectUrl: h.recordActionUrl({ resourceId: 'opd_reports', recordId: String(row.id), actionName: 'show' }),
              notice: { message: `Laporan OPD versi ${row.version} terkirim kepada BKPSDM`, type: 'success' },
              reportId: row.id,
            };
          } catch (e) {
            return refusedAction(e, context, { params: { statement: payload.statement ?? '' }, field: 'files' });
          } finally {
            await removeUploads(uploads);
          }
        },
      },
      acknowledge: decision('acknowledge'),
      returnReport: decision('returnReport'),
    },
  });
};
