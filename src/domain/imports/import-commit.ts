import type { ImportProfileCode } from '../../../config/siasn-import.js';
import type { Import } from '../../db/models/index.js';
import type { ImportCounts } from '../../db/models/import.model.js';
import type { Actor } from '../shared/actor.js';
import { ConflictError, ValidationError } from '../shared/errors.js';
import type { ImportProfiles } from './import-file.reader.js';
import { DbImportLookups } from './import-lookups.js';
import type { ImportProgress } from './import-progress.js';
import { BATCH, errorSink, openPlan, type AnyOutcome } from './import-run.js';
import type { CommitOptions, ImportServiceDeps } from './import.types.js';
import { ImportWriter, type WriteTally } from './import-writer.js';
import { openSheetFile } from './sheet.reader.js';

/**
 * Phase 2 of an import: re-plans the kept original (the database may have changed since the
 * preview, a unit may have been mapped) and writes in ONE transaction, in batches of 500 — all or
 * nothing by default, or the valid rows only on explicit request (the skipped rows recorded).
 */

export interface CommitContext {
  deps: ImportServiceDeps;
  profiles: ImportProfiles;
  now: () => Date;
  profileLabel: (profile: ImportProfileCode) => string;
  onProgress: (p: ImportProgress) => void;
}

const emptyCounts = (): ImportCounts => ({ rows: 0, new: 0, changed: 0, unchanged: 0, errors: 0, skipped: 0, missing: 0 });

/** Commits the preview `row` (loaded and checked by the service); `row` holds the committed import after. */
export async function commitImport(ctx: CommitContext, actor: Actor, row: Import, opts: CommitOptions): Promise<{ counts: ImportCounts }> {
  const profile = row.profile as ImportProfileCode;
  const skipInvalid = !!opts.skipInvalid;
  const deactivateMissing = profile === 'asn' && !!opts.deactivateMissing;
  if (opts.deactivateMissing && profile !== 'asn') {
    throw new ValidationError('Penandaan pegawai nonaktif hanya untuk impor Data ASN');
  }
  const { models, sequelize, storage } = ctx.deps;
  const at = ctx.now();
  const source = { importId: row.id, fileName: row.fileName };
  const counts = emptyCounts();
  let refusedRows = 0;

  await sequelize.transaction(async (t) => {
    // Locks the import row: a second commit of the same preview waits, then finds it committed.
    const locked = await models.Import.findByPk(row.id, { transaction: t, lock: t.LOCK.UPDATE });
    if (!locked || locked.status !== 'preview') throw new ConflictError('Impor ini sudah diproses; unggah berkasnya lagi bila perlu');
    const lookups = await DbImportLookups.create(models, t);
    const sheet = await openSheetFile(storage.pathOf(row.storageKey!), { maxBytes: ctx.deps.maxBytes });
    const plan = await openPlan(ctx.profiles, profile, sheet, lookups, ctx.now());
    const writer = new ImportWriter({
      models,
      audit: ctx.deps.audit,
      workflow: ctx.deps.workflow,
      transaction: t,
      actor,
      at,
      source,
      opdName: new Map(lookups.opds.map((o) => [o.id, o.name])),
    });
    const sink = errorSink(models, row.id, t);
    await models.ImportRowError.destroy({ where: { importId: row.id }, transaction: t });
    const tally: WriteTally = { missingIds: [] };
    let batch: AnyOutcome[] = [];
    const flush = async () => {
      if (!refusedRows) await writer.write(profile, batch, tally);
      batch = [];
    };
    let done = 0;
    for await (const o of sink.tap(plan.outcomes)) {
      if (o.kind === 'missing') counts.missing++;
      else {
        counts.rows++;
        done++;
        if (done % 1000 === 0) ctx.onProgress({ phase: 'commit', rows: done });
      }
      if (o.kind === 'error') {
        counts.errors++;
        if (!skipInvalid) refusedRows++;
        continue;
      }
      if (o.kind === 'new') counts.new++;
      else if (o.kind === 'changed') counts.changed++;
      else if (o.kind === 'unchanged') counts.unchanged++;
      if (o.kind === 'missing') tally.missingIds.push(o.targetId);
      else if (o.kind !== 'unchanged') {
        batch.push(o);
        if (batch.length >= BATCH) await flush();
      }
    }
    await flush();
    ctx.onProgress({ phase: 'commit', rows: done });
    if (refusedRows) {
      throw new ValidationError(
        `Tidak ada yang diimpor: ${refusedRows} baris bermasalah. Perbaiki berkasnya, atau pilih "hanya baris yang valid" untuk mengimpor baris lainnya`,
      );
    }
    counts.skipped = counts.errors;
    if (deactivateMissing) counts.deactivated = await writer.deactivate(tally.missingIds);
    const message = commitMessage(profile, counts);
    await locked.update(
      { status: 'committed', mode: skipInvalid ? 'skip-invalid' : 'all-or-nothing', counts, committedAt: at, message },
      { transaction: t },
    );
    await ctx.deps.audit.record(
      actor,
      {
        action: 'import_commit',
        resource: 'imports',
        recordId: row.id,
        after: { profile, fileName: row.fileName, sha256: row.sha256, mode: locked.mode, counts },
        message: `Impor ${ctx.profileLabel(profile)} (${row.fileName}): ${message}`,
      },
      t,
    );
    row.set(locked.get());
  });
  return { counts };
}

function commitMessage(profile: ImportProfileCode, c: ImportCounts): string {
  if (c.new === 0 && c.changed === 0 && !c.deactivated) {
    return `Tidak ada perubahan: ${c.rows} baris sama dengan data tersimpan${c.skipped ? `, ${c.skipped} baris bermasalah dilewati` : ''}`;
  }
  const parts = [`${c.new} baru`, `${c.changed} diperbarui`, `${c.unchanged} tidak berubah`];
  if (c.skipped) parts.push(`${c.skipped} baris bermasalah dilewati`);
  if (profile === 'asn')
    parts.push(c.deactivated ? `${c.deactivated} pegawai dinonaktifkan` : `${c.missing} pegawai aktif tidak ada di berkas (tidak diubah)`);
  return `${c.rows} baris diimpor: ${parts.join(', ')}`;
}
