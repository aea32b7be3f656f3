import type { ActionContext, ActionRequest, ActionResponse } from 'adminjs';
import type { Models } from '../../db/models/index.js';
import { DomainError } from '../../domain/shared/errors.js';
import { actorFrom } from '../current-admin.js';
import { NAV, allowed, scopedResource, type ResourceDeps } from '../resource-helpers.js';

export const reportRunResource = (models: Models, deps: ResourceDeps) =>
  scopedResource(models.ReportRun, deps, {
    navigation: NAV.reports,
    sort: { sortBy: 'startedAt', direction: 'desc' },
    listProperties: ['id', 'scheduleId', 'reportKind', 'periodKey', 'trigger', 'status', 'startedAt', 'finishedAt'],
    filterProperties: ['scheduleId', 'reportKind', 'status', 'trigger', 'startedAt'],
    properties: { runKey: { isVisible: { list: false, show: true, edit: false, filter: false } } },
    actions: {
      // "Kirim ulang yang gagal": only the recipients whose delivery failed (ReportRunService.resendFailed).
      resendFailed: {
        actionType: 'record',
        icon: 'Repeat',
        component: deps.components.ConfirmAction,
        isAccessible: allowed('report_runs', 'resendFailed'),
        isVisible: ({ record }: ActionContext) => ['partial', 'failed'].includes(String(record?.params?.status ?? '')),
        custom: {
          description:
            'Kirim ulang laporan hanya kepada penerima yang gagal pada pengiriman ini. Penerima yang sudah menerima tidak dikirimi lagi.',
        },
        handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
          const { record, currentAdmin } = context;
          if (!record) throw new Error('record missing');
          if (request.method !== 'post') return { record: record.toJSON(currentAdmin) };
          try {
            const o = await deps.reports.runService.resendFailed(Number(record.id()), actorFrom(currentAdmin).id);
            const text = `${o.counts.sent} dari ${o.counts.total} e-mail terkirim${o.counts.pending ? `, ${o.counts.pending} menunggu dicoba ulang` : ''}${o.counts.failed ? `, ${o.counts.failed} gagal` : ''}`;
            return {
              record: record.toJSON(currentAdmin),
              notice: { message: text, type: o.counts.failed ? 'info' : 'success' },
              result: [text],
            };
          } catch (e) {
            if (e instanceof DomainError) return { record: record.toJSON(currentAdmin), notice: { message: e.message, type: 'error' } };
            throw e;
          }
        },
      },
    },
  });
