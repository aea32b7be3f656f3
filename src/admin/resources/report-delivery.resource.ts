import type { Models } from '../../db/models/index.js';
import { NAV, allowed, readOnly, scopedResource, type ResourceDeps } from '../resource-helpers.js';

export const reportDeliveryResource = (models: Models, deps: ResourceDeps) =>
  scopedResource(models.ReportDelivery, deps, {
    navigation: NAV.reports,
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: ['runId', 'opdId', 'recipient', 'status', 'attempts', 'sentAt', 'lastError'],
    // Not runId: a reference filter searches report_runs, which the OPD's roles may not read.
    filterProperties: ['opdId', 'recipient', 'status'],
    properties: {
      summary: { isVisible: { list: false, show: true, edit: false, filter: false }, type: 'textarea' },
      workbookPath: { isVisible: false },
    },
    actions: {
      download: {
        actionType: 'record',
        icon: 'Download',
        component: deps.components.DownloadLink,
        isAccessible: allowed('report_deliveries', 'download'),
        custom: { title: 'Berkas laporan yang dikirim', href: '/admin/reports/deliveries/{id}/workbook', button: 'Unduh berkas Excel' },
        handler: readOnly(async (_request, _response, context) => ({ record: context.record!.toJSON(context.currentAdmin) })),
      },
    },
  });
