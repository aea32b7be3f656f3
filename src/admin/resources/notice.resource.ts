import type { Models } from '../../db/models/index.js';
import { NOTICE_KIND_LABELS, NOTICE_STATUS_LABELS } from '../../domain/notices/notice.rules.js';
import { NAV, scopedResource, type ResourceDeps } from '../resource-helpers.js';

/**
 * Notices to the ASN (BTS/TMS mails), read-only: what was told to whom and when. Filter
 * "Status: Tanpa alamat e-mail" lists the employees the OPD verifier must contact themselves.
 * Written only by the workflow (NoticeService.record) and the notices job.
 */
export const noticeResource = (models: Models, deps: ResourceDeps) =>
  scopedResource(models.Notice, deps, {
    navigation: NAV.workflow,
    titleProperty: 'categoryLabel',
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: ['employeeId', 'submissionId', 'kind', 'categoryLabel', 'recipient', 'status', 'createdAt'],
    filterProperties: ['status', 'kind', 'opdId', 'employeeId', 'submissionId', 'createdAt'],
    showProperties: [
      'employeeId',
      'submissionId',
      'opdId',
      'kind',
      'categoryLabel',
      'note',
      'documents',
      'phaseLabel',
      'deadline',
      'recipient',
      'status',
      'createdAt',
      'updatedAt',
    ],
    properties: {
      kind: { availableValues: Object.entries(NOTICE_KIND_LABELS).map(([value, label]) => ({ value, label })) },
      status: {
        availableValues: ['pending', 'sent', 'failed', 'no_address'].map((value) => ({ value, label: NOTICE_STATUS_LABELS[value] })),
      },
      note: { type: 'textarea' },
    },
  });
