import type { Readable } from 'node:stream';
import type { Sequelize } from 'sequelize';
import type { ImportProfileCode, SiasnImportConfig } from '../../../config/siasn-import.js';
import type { ReferenceData } from '../../../config/reference-data.js';
import type { Import, Models } from '../../db/models/index.js';
import type { ImportCounts, ImportMode } from '../../db/models/import.model.js';
import type { AuditService } from '../audit/audit.service.js';
import type { WorkflowService } from '../submissions/workflow.service.js';
import type { RowError } from './import-errors.js';
import type { FieldChange, UnknownUnit } from './import-plan.js';
import type { ImportProgress } from './import-progress.js';
import type { ImportFileStorage } from './import-storage.js';
import type { OpdRef } from './unit-opd.suggester.js';

/** What ImportService takes and gives (re-exported by import.service.ts for its callers). */

/** What a preview, recheck or commit may report its progress to. */
export interface ProgressOptions {
  /** Called every 1,000 rows (the CLI's progress line). */
  onProgress?: (p: ImportProgress) => void;
  /** The panel's token: progressOf(actor, token) then returns how far this step is. */
  progressToken?: string;
}

export interface ImportFileInput {
  /** The file on disk (the CLI's argument)… */
  path?: string;
  /** …or the upload's body, as a stream (never buffered whole). */
  stream?: Readable;
  /** The name shown in the history (the user's file name). */
  name: string;
}

export interface ImportInfo {
  id: number;
  profile: ImportProfileCode;
  profileLabel: string;
  fileName: string;
  sha256: string | null;
  size: number;
  status: Import['status'];
  mode: ImportMode | null;
  createdAt: Date;
  committedAt: Date | null;
  createdByEmail: string;
}

export interface SampleChange {
  kind: 'new' | 'changed';
  row: number;
  ref: string;
  changes: FieldChange[];
}

export interface SampleMissing {
  ref: string;
  name: string;
  opdId: number;
  opdName: string | null;
}

export interface ImportPreview {
  import: ImportInfo;
  counts: ImportCounts;
  /** "500 baris: 3 baru, …" */
  message: string;
  nothingToChange: boolean;
  /** The first MAX_PREVIEW_ERRORS row errors, in file order. */
  errors: RowError[];
  errorCount: number;
  unknownUnits: UnknownUnit[];
  samples: { new: SampleChange[]; changed: SampleChange[]; missing: SampleMissing[] };
  fieldCounts: Record<string, number>;
  /** The OPDs to map unknown units to (id, name). */
  opds: OpdRef[];
}

export interface CommitOptions extends ProgressOptions {
  /** Import the valid rows only; the others are recorded as skipped. Default: all or nothing. */
  skipInvalid?: boolean;
  /** ASN export: mark active employees the file no longer lists as inactive (never deleted). */
  deactivateMissing?: boolean;
}

export interface CommitResult {
  import: ImportInfo;
  counts: ImportCounts;
  message: string;
  nothingChanged: boolean;
}

export interface UnitMapping {
  unitId: string | null;
  unitName: string;
  opdId: number;
}

export interface ImportServiceDeps {
  models: Models;
  sequelize: Sequelize;
  audit: AuditService;
  workflow: WorkflowService;
  storage: ImportFileStorage;
  siasn: SiasnImportConfig;
  reference: ReferenceData;
  maxBytes: number;
  now?: () => Date;
}

export const MAX_PREVIEW_ERRORS = 200;
