import type { Transaction } from 'sequelize';
import type { ImportProfileCode } from '../../../config/siasn-import.js';
import type { Models } from '../../db/models/index.js';
import { planAktivasiImport } from './aktivasi.planner.js';
import { planAsnImport } from './asn.planner.js';
import type { RowError } from './import-errors.js';
import { openImport, type ImportProfiles } from './import-file.reader.js';
import type { DbImportLookups } from './import-lookups.js';
import type { ImportPlan, PlanOutcome } from './import-plan.js';
import type { openSheetFile } from './sheet.reader.js';
import { planUsulImport } from './usul.planner.js';

/** What the preview and the commit share: the plan of a stored file, and its row errors written as they come. */

export type AnyOutcome = PlanOutcome<unknown, unknown>;
export type OpenedSheet = Awaited<ReturnType<typeof openSheetFile>>;

/** Rows per write (and per INSERT of row errors). */
export const BATCH = 500;

export async function openPlan(
  profiles: ImportProfiles,
  profile: ImportProfileCode,
  sheet: OpenedSheet,
  lookups: DbImportLookups,
  now: Date,
): Promise<ImportPlan<AnyOutcome>> {
  switch (profile) {
    case 'asn': {
      const opened = await openImport(profiles.asn, sheet, { now });
      return planAsnImport(opened.rows, lookups, { header: opened.binding.header });
    }
    case 'aktivasi': {
      const opened = await openImport(profiles.aktivasi, sheet, { now });
      return planAktivasiImport(opened.rows, lookups, { header: opened.binding.header });
    }
    case 'usul': {
      const opened = await openImport(profiles.usul, sheet, { now });
      return planUsulImport(opened.rows, lookups, { header: opened.binding.header });
    }
  }
}

/** Writes every row error of the outcomes into import_row_errors, 500 per INSERT. */
export function errorSink(models: Models, importId: number, t: Transaction | null) {
  return {
    async *tap(outcomes: AsyncIterable<AnyOutcome>): AsyncGenerator<AnyOutcome> {
      let buf: RowError[] = [];
      const flush = async () => {
        if (!buf.length) return;
        await models.ImportRowError.bulkCreate(
          buf.map((e) => ({
            importId,
            row: e.row,
            column: e.column.slice(0, 100),
            value: e.value === undefined ? null : e.value.slice(0, 255),
            message: e.message,
          })),
          { transaction: t ?? undefined },
        );
        buf = [];
      };
      for await (const o of outcomes) {
        if (o.kind === 'error') {
          buf.push(...o.errors);
          if (buf.length >= BATCH) await flush();
        }
        yield o;
      }
      await flush();
    },
  };
}
