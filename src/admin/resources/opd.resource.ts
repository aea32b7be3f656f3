import type { Models } from '../../db/models.js';
import { OPD_KINDS } from '../../domain/shared/constants.js';
import { NAV, scopedResource, type ResourceDeps } from '../resource-helpers.js';

export const opdResource = (models: Models, deps: ResourceDeps) =>
  scopedResource(models.Opd, deps, {
    navigation: NAV.data,
    titleProperty: 'name',
    sort: { sortBy: 'code', direction: 'asc' },
    listProperties: ['code', 'name', 'kind', 'headName', 'headEmail'],
    filterProperties: ['code', 'name', 'kind', 'active'],
    editProperties: ['code', 'name', 'kind', 'address', 'headName', 'headEmail', 'secretaryName', 'secretaryEmail', 'active'],
    showProperties: ['code', 'name', 'kind', 'address', 'headName', 'headEmail', 'secretaryName', 'secretaryEmail', 'active', 'createdAt', 'updatedAt'],
    properties: {
      kind: { availableValues: OPD_KINDS.map((k) => ({ value: k, label: k })) },
    },
  });
