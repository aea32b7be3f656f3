import { OPD_KIND_LABELS } from '../locale/enum-labels.js';
import type { Models } from '../../db/models/index.js';
import { OPD_KINDS } from '../../domain/shared/constants.js';
import { OPD_WRITABLE_FIELDS } from '../../domain/opds/opd.rules.js';
import { NAV, allowed, readOnly, scopedResource, type ResourceDeps } from '../resource-helpers.js';

export const opdResource = (models: Models, deps: ResourceDeps) =>
  scopedResource(models.Opd, deps, {
    navigation: NAV.data,
    titleProperty: 'name',
    sort: { sortBy: 'code', direction: 'asc' },
    listProperties: ['code', 'name', 'kind', 'headName', 'headEmail'],
    filterProperties: ['code', 'name', 'kind', 'active'],
    // The form offers exactly what the OPD rules accept.
    editProperties: [...OPD_WRITABLE_FIELDS],
    showProperties: [
      'code',
      'name',
      'kind',
      'address',
      'headName',
      'headEmail',
      'secretaryName',
      'secretaryEmail',
      'active',
      'createdAt',
      'updatedAt',
    ],
    properties: {
      kind: { availableValues: OPD_KINDS.map((k) => ({ value: k, label: OPD_KIND_LABELS[k] })) },
    },
    actions: {
      // The OPD's completion report as of now, for every role that may see this OPD.
      report: {
        actionType: 'record',
        icon: 'FileText',
        component: deps.components.DownloadLink,
        isAccessible: allowed('opds', 'report'),
        custom: {
          title: 'Laporan penyelesaian PDM',
          description:
            'Laporan Excel OPD ini dengan keadaan saat ini (ringkasan, usul per kategori, kinerja verifikator, ASN yang perlu ditindaklanjuti).',
          href: '/admin/reports/opds/{id}/preview',
          button: 'Unduh laporan (Excel)',
        },
        handler: readOnly(async (_request, _response, context) => ({ record: context.record!.toJSON(context.currentAdmin) })),
      },
    },
  });
