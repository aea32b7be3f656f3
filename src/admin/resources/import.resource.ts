import type { Models } from '../../db/models/index.js';
import { NAV, scopedResource, type ResourceDeps } from '../resource-helpers.js';

/**
 * The import history: read-only (written by ImportService only). Who, when, which file (name,
 * SHA-256), which profile, what it counted. The error report and the kept original are served
 * by src/admin/routes/import.route.ts (the original for the administrator only).
 */
export const importResource = (models: Models, deps: ResourceDeps) =>
  scopedResource(models.Import, deps, {
    navigation: NAV.settings,
    titleProperty: 'fileName',
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: ['createdAt', 'createdByEmail', 'profile', 'fileName', 'status', 'size', 'committedAt'],
    filterProperties: ['profile', 'fileName', 'sha256', 'status', 'createdByEmail', 'createdAt'],
    showProperties: [
      'createdAt',
      'createdByEmail',
      'profile',
      'fileName',
      'sha256',
      'size',
      'status',
      'mode',
      'message',
      'counts',
      'committedAt',
    ],
    properties: {
      counts: { type: 'textarea' },
      profile: {
        availableValues: [
          { value: 'asn', label: 'Data ASN' },
          { value: 'aktivasi', label: 'Aktivasi MySAPK' },
          { value: 'usul', label: 'Monitoring usulan' },
        ],
      },
      status: {
        availableValues: [
          { value: 'preview', label: 'Pratinjau' },
          { value: 'committed', label: 'Diimpor' },
          { value: 'refused', label: 'Ditolak' },
        ],
      },
    },
  });

/** SIASN unit → OPD (read here; entries are saved from the "Impor SIASN" page, admin only). */
export const siasnUnitMapResource = (models: Models, deps: ResourceDeps) =>
  scopedResource(models.SiasnUnitMap, deps, {
    navigation: NAV.settings,
    titleProperty: 'unorNama',
    sort: { sortBy: 'unorNama', direction: 'asc' },
    listProperties: ['unorId', 'unorNama', 'opdId', 'updatedAt'],
    filterProperties: ['unorId', 'unorNama', 'opdId'],
    showProperties: ['unorId', 'unorNama', 'opdId', 'setBy', 'createdAt', 'updatedAt'],
  });
