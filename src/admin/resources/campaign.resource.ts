import type { Models } from '../../db/models/index.js';
import { NAV, scopedResource, type ResourceDeps } from '../resource-helpers.js';

export const campaignResource = (models: Models, deps: ResourceDeps) =>
  scopedResource(models.Campaign, deps, {
    navigation: NAV.settings,
    titleProperty: 'name',
    sort: { sortBy: 'year', direction: 'desc' },
    listProperties: ['name', 'year', 'selfUpdateStart', 'verificationStart', 'approvalEnd', 'active'],
    editProperties: [
      'name',
      'year',
      'helpdeskStart',
      'selfUpdateStart',
      'selfUpdateEnd',
      'verificationStart',
      'verificationEnd',
      'approvalStart',
      'approvalEnd',
      'active',
      'notes',
      'holidays',
    ],
    // One "YYYY-MM-DD Nama" per line; empty = the national holidays (src/domain/campaign/working-days.ts).
    properties: { holidays: { type: 'textarea' } },
  });
