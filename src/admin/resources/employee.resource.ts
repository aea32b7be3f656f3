import type { Models } from '../../db/models.js';
import { EMPLOYEE_TYPES } from '../../domain/shared/constants.js';
import { NAV, scopedResource, type ResourceDeps } from '../resource-helpers.js';

export const employeeResource = (models: Models, deps: ResourceDeps) =>
  scopedResource(models.Employee, deps, {
    navigation: NAV.data,
    titleProperty: 'name',
    sort: { sortBy: 'name', direction: 'asc' },
    listProperties: ['nip', 'name', 'employeeType', 'opdId', 'nik', 'mysapkActivatedAt', 'passwordChangedAt', 'serviceBlocked'],
    filterProperties: ['nip', 'name', 'employeeType', 'opdId', 'serviceBlocked'],
    editProperties: ['nip', 'nik', 'name', 'employeeType', 'opdId', 'unit', 'position', 'rankGrade', 'email', 'phone', 'mysapkActivatedAt', 'passwordChangedAt', 'active'],
    showProperties: [
      'nip', 'nik', 'name', 'employeeType', 'opdId', 'unit', 'position', 'rankGrade', 'birthDate', 'sex', 'email', 'phone',
      'mysapkActivatedAt', 'passwordChangedAt', 'serviceBlocked', 'serviceBlockedAt', 'active', 'createdAt', 'updatedAt',
    ],
    properties: {
      employeeType: { availableValues: EMPLOYEE_TYPES.map((t) => ({ value: t, label: t })) },
      sex: { availableValues: [{ value: 'L', label: 'Laki-laki' }, { value: 'P', label: 'Perempuan' }] },
      nip: { isTitle: false },
    },
  });
