import type { Models } from '../../db/models.js';
import { NAV, scopedResource, type ResourceDeps } from '../resource-helpers.js';

export const reportScheduleResource = (models: Models, deps: ResourceDeps) =>
  scopedResource(models.ReportSchedule, deps, {
    navigation: NAV.reports,
    titleProperty: 'name',
    listProperties: ['name', 'reportKind', 'cron', 'activeFrom', 'activeUntil', 'enabled'],
    editProperties: ['name', 'reportKind', 'cron', 'campaignId', 'activeFrom', 'activeUntil', 'ccSecretary', 'extraRecipients', 'enabled'],
    properties: {
      reportKind: { availableValues: [{ value: 'opd', label: 'Laporan per OPD' }, { value: 'regency', label: 'Laporan kabupaten (Bupati)' }] },
      extraRecipients: { type: 'textarea', description: 'Alamat e-mail tambahan (tembusan), dipisah koma' },
      cron: { description: 'Contoh: 0 7 * * * = setiap hari pukul 07.00 WIB; 0 7 * * 1 = setiap Senin 07.00 WIB' },
    },
  });
