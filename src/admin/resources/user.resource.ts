import type { Models } from '../../db/models.js';
import { ROLES, ROLE_LABELS } from '../../domain/shared/constants.js';
import { NAV, scopedResource, type ResourceDeps } from '../resource-helpers.js';

export const userResource = (models: Models, deps: ResourceDeps) =>
  scopedResource(models.User, deps, {
    navigation: NAV.settings,
    titleProperty: 'email',
    sort: { sortBy: 'email', direction: 'asc' },
    listProperties: ['email', 'name', 'role', 'opdId', 'active', 'lastLoginAt'],
    filterProperties: ['email', 'name', 'role', 'opdId', 'active'],
    editProperties: ['email', 'name', 'role', 'opdId', 'active', 'locale', 'password'],
    showProperties: ['email', 'name', 'role', 'opdId', 'active', 'locale', 'lastLoginAt', 'passwordChangedAt', 'createdAt', 'updatedAt'],
    properties: {
      passwordHash: { isVisible: false },
      sessionVersion: { isVisible: false },
      password: { type: 'password', isVisible: { list: false, filter: false, show: false, edit: true } },
      role: { availableValues: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })) },
      locale: { availableValues: [{ value: 'id', label: 'Bahasa Indonesia' }, { value: 'en', label: 'English' }] },
    },
  });
