import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { IMPORT_PROFILE_CODES, type ImportProfileCode } from '../../../config/siasn-import.js';
import type { Import } from '../../db/models/index.js';
import type { ImportCounts } from '../../db/models/import.model.js';
import { can, canImport } from '../access/access-policy.js';
import type { Actor } from '../shared/actor.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import { commitImport } from './import-commit.js';
import { errorReportStream } from './import-downloads.js';
import { DbImportLookups, loadOpdRefs } from './import-lookups.js';
import { ImportFileError } from './import-errors.js';
import { createImportProfiles, type ImportProfiles } from './import-file.reader.js';
import { describeCounts, summarisePlan, type ImportPlan } from './import-plan.js';
import { ImportProgressBoard, type ImportProgress, type ProgressSnapshot } from './import-progress.js';
import { errorSink, openPlan, type AnyOutcome, type OpenedSheet } from './import-run.js';
import type { StagedImportFile } from './import-storage.js';
import {
  MAX_PREVIEW_ERRORS,
  type CommitOptions,
  type CommitResult,
  type ImportFileInput,
  type ImportInfo,
  type ImportPreview,
  type ImportServiceDeps,
  type ProgressOptions,
  type SampleChange,
  type UnitMapping,
} from './import.types.js';
import { openSheetFile } from './sheet.reader.js';
import { unitKey } from './unit.map.js';

/**
 * The SIASN imports, one service for the panel, the CLI and the tests:
 *
 * - preview(): the file is copied into the import store as a stream (hashed, size-checked), then
 *   parsed and validated row by row and planned against the database (new / changed /
 *   unchanged / error / missing) — nothing but the import's own rows (imports,
 *   import_row_errors) is written. A file that is not what it claims is refused as a whole
 *   (ImportFileError): the refusal is recorded in the history, the copy discarded.
 * - commit(): re-plans from the kept original (the database may have changed since the preview,
 *   a unit may have been mapped) and writes in ONE transaction, in batches of 500: all or
 *   nothing by default, or the valid rows only on explicit request (the skipped rows are
 *   recorded). Employees by NIP (SIASN's PNS ID kept), OPD moves through the placement history,
 *   usul and their statuses through WorkflowService as history events of "import (SIASN)".
 * - the unit → OPD map (siasn_unit_map) and the downloads of the history (error report as .xlsx,
 *   the original file).
 *
 * Who may do what is the access policy's (canImport, resources 'imports' and 'siasn_unit_map').
 */

export type { ImportProgress, ProgressSnapshot } from './import-progress.js';
export * from './import.types.js';

const SAMPLE_SIZE = 20;

const isProfile = (p: unknown): p is ImportProfileCode => typeof p === 'string' && (IMPORT_PROFILE_CODES as readonly string[]).includes(p);

/** The file name as the history shows it: no directories, no control characters, at most 255. */
function cleanName(name: string): string {
  const base = String(name ?? '')
    .split(/[\\/]/)
    .pop()!
    .replace(/\p{Cc}/gu, '')
    .trim();
  return (base || 'berkas').slice(0, 255);
}

export class ImportService {
  private readonly profiles: ImportProfiles;
  private readonly now: () => Date;
  private readonly progress = new ImportProgressBoard();

  constructor(private readonly deps: ImportServiceDeps) {
    this.profiles = createImportProfiles(deps.siasn, deps.reference);
    this.now = deps.now ?? (() => new Date());
  }

  get maxBytes(): number {
    return this.deps.maxBytes;
  }

  profileLabel(profile: ImportProfileCode): string {
    return this.deps.siasn.profiles[profile].label;
  }

  /** May the actor import this profile? (the panel shows only these). */
  canImport(actor: Actor, profile: ImportProfileCode): boolean {
    return canImport(actor, profile);
  }

  /** How far the actor's running preview or commit with this token is (null: none known). */
  progressOf(actor: Actor, token: unknown): ProgressSnapshot | null {
    return this.progress.read(actor, token);
  }

  // -------------------------------------------------------------------------------------------
  // Preview

  async preview(actor: Actor, profile: unknown, file: ImportFileInput, opts: ProgressOptions = {}): Promise<ImportPreview> {
    const code = await this.assertProfile(actor, profile);
    const onProgress = this.progress.reporter(actor, opts.progressToken, null, opts.onProgress);
    const fileName = cleanName(file.name);
    const { models, storage } = this.deps;
    let staged: StagedImportFile | null = null;
    let row: Import | null = null;
    try {
      let source: Readable;
      if (file.stream) source = file.stream;
      else {
        const st = file.path ? await fs.promises.stat(file.path).catch(() => null) : null;
        if (!st || !st.isFile()) throw new ImportFileError('wrong_kind', 'Berkas tidak ditemukan atau bukan berkas');
        if (st.size === 0) throw new ImportFileError('empty', 'Berkas kosong (0 byte)');
        source = fs.createReadStream(file.path!, { highWaterMark: 64 * 1024 });
      }
      onProgress({ phase: 'copy', rows: 0 });
      staged = await storage.stage(source, this.deps.maxBytes);
      if (staged.size === 0) throw new ImportFileError('empty', 'Berkas kosong (0 byte)');
      const sheet = await openSheetFile(staged.tempPath, { maxBytes: this.deps.maxBytes });
      row = await models.Import.create({
        profile: code,
        fileName,
        sha256: staged.sha256,
        size: staged.size,
        storageKey: null,
        status: 'preview',
        mode: null,
        counts: null,
        message: null,
        createdBy: actor.id,
        createdByEmail: actor.email.slice(0, 150),
        createdAt: this.now(),
        committedAt: null,
      });
      const preview = await this.planPreview(row, sheet, onProgress);
      const kept = await storage.keep(staged, sheet.kind);
      staged = null;
      await row.update({ storageKey: kept.storageKey, counts: preview.counts, message: preview.message });
      await this.deps.audit.record(actor, {
        action: 'import_preview',
        resource: 'imports',
        recordId: row.id,
        after: { profile: code, fileName, sha256: kept.sha256, size: kept.size, counts: preview.counts },
        message: `Pratinjau impor ${this.profileLabel(code)}: ${preview.message}`,
      });
      return { ...preview, import: this.info(row) };
    } catch (e) {
      if (staged) await storage.discard(staged).catch(() => undefined);
      if (e instanceof ImportFileError) await this.recordRefusal(actor, code, fileName, row, e);
      throw e;
    }
  }

  /** Plans the stored file again (after units were mapped) and updates the import's counts. */
  async recheck(actor: Actor, importId: number, opts: ProgressOptions = {}): Promise<ImportPreview> {
    const row = await this.loadPending(actor, importId);
    const onProgress = this.progress.reporter(actor, opts.progressToken, row.counts?.rows ?? null, opts.onProgress);
    const sheet = await openSheetFile(this.deps.storage.pathOf(row.storageKey!), { maxBytes: this.deps.maxBytes });
    const preview = await this.planPreview(row, sheet, onProgress);
    await row.update({ counts: preview.counts, message: preview.message });
    return { ...preview, import: this.info(row) };
  }

  private async planPreview(
    row: Import,
    sheet: OpenedSheet,
    onProgress?: (p: ImportProgress) => void,
  ): Promise<Omit<ImportPreview, 'import'> & { import?: ImportInfo }> {
    const { models } = this.deps;
    const profile = row.profile as ImportProfileCode;
    const lookups = await DbImportLookups.create(models);
    await models.ImportRowError.destroy({ where: { importId: row.id } });
    const plan = await openPlan(this.profiles, profile, sheet, lookups, this.now());
    const sink = errorSink(models, row.id, null);
    const tapped: ImportPlan<AnyOutcome> = { ...plan, outcomes: sink.tap(plan.outcomes) };
    const summary = await summarisePlan(tapped, {
      sampleSize: SAMPLE_SIZE,
      maxErrors: MAX_PREVIEW_ERRORS,
      onProgress: onProgress ? (rows) => onProgress({ phase: 'validate', rows }) : undefined,
    });
    const opdName = new Map(lookups.opds.map((o) => [o.id, o.name]));
    const counts: ImportCounts = {
      rows: summary.rows,
      new: summary.counts.new,
      changed: summary.counts.changed,
      unchanged: summary.counts.unchanged,
      errors: summary.counts.error,
      skipped: 0,
      missing: summary.counts.missing,
    };
    const change = (o: AnyOutcome): SampleChange =>
      o.kind === 'new' || o.kind === 'changed' ? { kind: o.kind, row: o.row, ref: o.ref, changes: o.changes } : (null as never);
    return {
      counts,
      message: describeCounts(summary),
      nothingToChange: summary.nothingToChange,
      errors: summary.errors,
      errorCount: summary.errorCount,
      unknownUnits: summary.unknownUnits,
      samples: {
        new: summary.samples.new.map(change),
        changed: summary.samples.changed.map(change),
        missing: summary.samples.missing.flatMap((o) =>
          o.kind === 'missing' ? [{ ref: o.ref, name: o.name, opdId: o.opdId, opdName: opdName.get(o.opdId) ?? null }] : [],
        ),
      },
      fieldCounts: summary.fieldCounts,
      opds: lookups.opds,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Commit (import-commit.ts)

  async commit(actor: Actor, importId: number, opts: CommitOptions = {}): Promise<CommitResult> {
    const row = await this.loadPending(actor, importId);
    const onProgress = this.progress.reporter(actor, opts.progressToken, row.counts?.rows ?? null, opts.onProgress);
    const { counts } = await commitImport(
      { deps: this.deps, profiles: this.profiles, now: this.now, profileLabel: (p) => this.profileLabel(p), onProgress },
      actor,
      row,
      opts,
    );
    return {
      import: this.info(row),
      counts,
      message: row.message ?? '',
      nothingChanged: counts.new + counts.changed + (counts.deactivated ?? 0) === 0,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Unit map

  /** Saves unit → OPD entries (by UNOR ID, else by the unit's name); admin only. */
  async mapUnits(actor: Actor, mappings: readonly UnitMapping[]): Promise<number> {
    if (!can(actor, 'siasn_unit_map', 'map')) {
      await this.deps.audit.record(actor, {
        action: 'map_units',
        resource: 'siasn_unit_map',
        outcome: 'denied',
        message: 'Pemetaan unit SIASN ditolak',
      });
      throw new ForbiddenError('Hanya administrator yang dapat memetakan unit SIASN ke OPD');
    }
    const { models, sequelize } = this.deps;
    const opds = new Set((await loadOpdRefs(models)).map((o) => o.id));
    const clean = mappings.map((m, i) => {
      const unitName = String(m.unitName ?? '')
        .trim()
        .slice(0, 200);
      const unitId = m.unitId ? String(m.unitId).trim().toUpperCase().slice(0, 200) : null;
      const opdId = Number(m.opdId);
      if (!unitName && !unitId) throw new ValidationError(`Unit ke-${i + 1}: UNOR ID atau UNOR NAMA wajib diisi`);
      if (!Number.isInteger(opdId) || !opds.has(opdId))
        throw new ValidationError(`Unit ${unitName || unitId}: OPD tidak dikenal`, { opdId: 'OPD tidak dikenal' });
      const key = unitKey({ id: unitId, name: unitName });
      return { unorId: key.startsWith('id:') ? key.slice(3) : key, unorNama: unitName || null, opdId };
    });
    await sequelize.transaction(async (t) => {
      for (const m of clean) {
        const existing = await models.SiasnUnitMap.findOne({ where: { unorId: m.unorId }, transaction: t, lock: t.LOCK.UPDATE });
        if (existing) {
          if (existing.opdId === m.opdId && existing.unorNama === m.unorNama) continue;
          const before = { opdId: existing.opdId, unorNama: existing.unorNama };
          await existing.update({ opdId: m.opdId, unorNama: m.unorNama, setBy: actor.id }, { transaction: t });
          await this.deps.audit.record(actor, { action: 'update', resource: 'siasn_unit_map', recordId: existing.id, before, after: m }, t);
        } else {
          const created = await models.SiasnUnitMap.create({ ...m, setBy: actor.id }, { transaction: t });
          await this.deps.audit.record(actor, { action: 'create', resource: 'siasn_unit_map', recordId: created.id, after: m }, t);
        }
      }
    });
    return clean.length;
  }

  // -------------------------------------------------------------------------------------------
  // History

  async get(actor: Actor, importId: number): Promise<ImportInfo & { counts: ImportCounts | null; message: string | null }> {
    const row = await this.load(actor, importId, 'show');
    return { ...this.info(row), counts: row.counts, message: row.message };
  }

  /** The error report of an import as an .xlsx stream (row, column, value, message). */
  async errorReport(actor: Actor, importId: number): Promise<{ stream: Readable; name: string }> {
    const row = await this.load(actor, importId, 'downloadErrors');
    const out = errorReportStream(this.deps.models, row.id);
    await this.deps.audit.record(actor, { action: 'download_errors', resource: 'imports', recordId: row.id });
    return { stream: out, name: `kesalahan-impor-${row.id}.xlsx` };
  }

  /** The kept original file (admin only: it holds every NIK of the file). */
  async original(actor: Actor, importId: number): Promise<{ stream: Readable; name: string; size: number; mime: string }> {
    const row = await this.load(actor, importId, 'download');
    if (!row.storageKey) throw new NotFoundError('Berkas asli impor ini tidak disimpan (berkas ditolak)');
    const size = await this.deps.storage.stat(row.storageKey);
    if (size === null) throw new NotFoundError('Berkas asli impor ini tidak ditemukan di penyimpanan');
    await this.deps.audit.record(actor, { action: 'download', resource: 'imports', recordId: row.id });
    const xlsx = row.storageKey.endsWith('.xlsx');
    return {
      stream: this.deps.storage.createReadStream(row.storageKey),
      name: row.fileName,
      size,
      mime: xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
    };
  }

  // -------------------------------------------------------------------------------------------

  private async assertProfile(actor: Actor, profile: unknown): Promise<ImportProfileCode> {
    if (!isProfile(profile))
      throw new ValidationError(`Jenis impor tidak dikenal: ${String(profile)} (pilih asn, aktivasi atau usul)`, {
        profile: 'Jenis impor tidak dikenal',
      });
    if (!canImport(actor, profile)) {
      await this.deps.audit.record(actor, {
        action: 'import_preview',
        resource: 'imports',
        outcome: 'denied',
        message: `Impor ${this.profileLabel(profile)} ditolak untuk peran ${actor.role}`,
      });
      throw new ForbiddenError(`Peran Anda tidak berwenang mengimpor ${this.profileLabel(profile)}`);
    }
    return profile;
  }

  private async load(actor: Actor, importId: number, action: string): Promise<Import> {
    const id = Number(importId);
    const row = Number.isInteger(id) && id > 0 ? await this.deps.models.Import.findByPk(id) : null;
    // A row the actor may not see is "not found" (no probing of ids).
    if (!row || !can(actor, 'imports', action)) throw new NotFoundError(`Impor #${importId} tidak ditemukan`);
    return row;
  }

  /** A preview the actor may commit or recheck. */
  private async loadPending(actor: Actor, importId: number): Promise<Import> {
    const row = await this.load(actor, importId, 'show');
    if (!canImport(actor, row.profile)) throw new NotFoundError(`Impor #${importId} tidak ditemukan`);
    if (row.status !== 'preview' || !row.storageKey) throw new ConflictError('Impor ini sudah diproses; unggah berkasnya lagi bila perlu');
    return row;
  }

  private async recordRefusal(actor: Actor, profile: ImportProfileCode, fileName: string, row: Import | null, e: ImportFileError) {
    const { models } = this.deps;
    try {
      if (row) {
        await models.ImportRowError.destroy({ where: { importId: row.id } });
        await row.update({ status: 'refused', message: e.message, counts: null, storageKey: null });
      } else {
        row = await models.Import.create({
          profile,
          fileName,
          sha256: null,
          size: 0,
          storageKey: null,
          status: 'refused',
          mode: null,
          counts: null,
          message: e.message,
          createdBy: actor.id,
          createdByEmail: actor.email.slice(0, 150),
          committedAt: null,
        });
      }
      await this.deps.audit.record(actor, {
        action: 'import_refused',
        resource: 'imports',
        recordId: row.id,
        outcome: 'failed',
        message: `${fileName}: ${e.message}`,
      });
    } catch {
      // The refusal reaches the user whatever happens to its history row.
    }
  }

  private info(row: Import): ImportInfo {
    const profile = row.profile as ImportProfileCode;
    return {
      id: row.id,
      profile,
      profileLabel: this.profileLabel(profile),
      fileName: row.fileName,
      sha256: row.sha256,
      size: row.size,
      status: row.status,
      mode: row.mode,
      createdAt: row.createdAt,
      committedAt: row.committedAt,
      createdByEmail: row.createdByEmail,
    };
  }
}
