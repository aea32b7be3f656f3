import type { Models } from '../../db/models/index.js';
import { NAV, scopedResource, type ResourceDeps } from '../resource-helpers.js';

/** Append-only: no new, edit or delete, whoever asks. */
export const auditLogResource = (models: Models, deps: ResourceDeps) => {
  const r = scopedResource(models.AuditLog, deps, {
    navigation: NAV.settings,
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: ['createdAt', 'userEmail', 'role', 'action', 'resource', 'recordId', 'outcome', 'ip'],
    filterProperties: ['userEmail', 'role', 'action', 'resource', 'recordId', 'outcome', 'createdAt'],
    showProperties: [
      'createdAt',
      'userId',
      'userEmail',
      'role',
      'action',
      'resource',
      'recordId',
      'opdId',
      'outcome',
      'message',
      'beforeData',
      'afterData',
      'ip',
    ],
    properties: { beforeData: { type: 'textarea' }, afterData: { type: 'textarea' } },
  });
  return r;
};
