import type { ActionResponse } from 'adminjs';
import type { Models } from '../../db/models/index.js';
import { ROLES, ROLE_LABELS } from '../../domain/shared/constants.js';
import { NAV, scopedResource, type ResourceDeps } from '../resource-helpers.js';

/** A typed password is never sent back, not even to the administrator who typed it. */
const dropPassword = async (response: ActionResponse): Promise<ActionResponse> => {
  const params = (response?.record as { params?: Record<string, unknown> } | undefined)?.params;
  if (params) delete params.password;
  return response;
};

/**
 * Users: administrators only (access policy). Rules in src/domain/users/user.service.ts
 * (userRules): OPD required exactly for verifier/secretary/opd_head, password policy, and
 * deactivation or a change of role, OPD, e-mail or password ends the user's sessions.
 */
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
      password: {
        type: 'password',
        isVisible: { list: false, filter: false, show: false, edit: true },
        description: 'Minimal 10 karakter, huruf dan angka. Kosongkan bila tidak diganti.',
      },
      role: { availableValues: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })) },
      opdId: { description: 'Wajib untuk Verifikator, Sekretaris dan Kepala OPD; kosong untuk peran lain.' },
      locale: {
        availableValues: [
          { value: 'id', label: 'Bahasa Indonesia' },
          { value: 'en', label: 'English' },
        ],
      },
    },
    actions: {
      new: { after: dropPassword },
      edit: { after: dropPassword },
    },
  });
