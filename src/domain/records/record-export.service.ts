import type { Writable } from 'node:stream';
import { once } from 'node:events';
import type { WhereOptions } from 'sequelize';
import type ExcelJS from 'exceljs';
import type { AuditService } from '../audit/audit.service.js';
import { isRedactedKey } from '../access/redaction.js';
import type { Actor } from '../shared/actor.js';
import { formatListDate, jakartaDate, startOfJakartaDay } from '../shared/time.js';
import { addSheet, drainSheet, putRow, S, streamWorkbook, type Style } from '../reports/workbooks/common.workbook.js';
import { fileSlug, XLSX_MIME } from '../reports/workbooks/report-file.js';
import type { Order } from './query-guard.js';
import type { RecordService } from './record.service.js';
import type { Row } from './resource-rules.js';
import type { Models } from '../../db/models/index.js';
import { withListExtras } from './list-extras.js';

/**
 * A panel list as an xlsx file: the rows the list shows — the same WHERE (built by the panel the
 * way its list builds it), the same scope, query allow-list, order and masking, because every page
 * is read through RecordService.list — with the list's columns and their labels, values as the
 * list shows them (enum labels, reference titles, dates on the regency's calendar). Pages of
 * `batchSize` rows are written to a streaming workbook as they come, so memory stays flat however
 * long the list. One audit row per export: who, which list, the filters and sort, how many rows.
 */

export const EXPORT_MIME = XLSX_MIME;

/** How a column's value is shown. */
export type ExportColumnKind = 'text' | 'number' | 'boolean' | 'date' | 'datetime' | 'enum' | 'reference';

export interface ExportColumn {
  /** The row's field (a column of the resource). */
  field: string;
  /** The header: the list's label of the field. */
  label: string;
  kind: ExportColumnKind;
  /** An enum's labels by value. */
  values?: Readonly<Record<string, string>>;
  /** A reference: the resource it points at, the field shown for it (its title), and that field's labels. */
  reference?: { resource: string; title: string; values?: Readonly<Record<string, string>> };
}

export interface ExportQuery {
  /** The list's filter as a WHERE (without the scope: RecordService adds it). */
  where?: WhereOptions;
  /** The list's sort (checked against the sort allow-list; the key is appended, as in the list). */
  order?: Order;
  /** The filters and sort as asked, for the audit row. */
  asked?: Record<string, unknown>;
}

export interface ExportSheet {
  /** The list's name ("Pegawai (ASN)"): sheet name and file name. */
  title: string;
  columns: readonly ExportColumn[];
}

const ABORTED = 'unduhan dihentikan oleh peramban';

export class RecordExportService {
  private readonly batchSize: number;
  constructor(
    private readonly deps: { records: RecordService; models: Models; audit: AuditService; batchSize?: number; now?: () => Date },
  ) {
    this.batchSize = Math.max(1, Math.min(deps.batchSize ?? 1000, 1000));
  }

  /** A role that may not list (export) the resource is refused, audited (ForbiddenError). */
  async assertCanExport(actor: Actor, resource: string): Promise<void> {
    this.deps.records.model(resource);
    await this.deps.records.assertCan(actor, resource, 'list');
    await this.deps.records.assertCan(actor, resource, 'export');
  }

  /** "pegawai-asn-2026-12-02.xlsx": the list's name and the calendar day. */
  fileName(title: string): string {
    return `${fileSlug(title).toLowerCase()}-${jakartaDate(this.now())}.xlsx`;
  }

  /**
   * Writes the list as xlsx to the stream `open()` returns; `open` is called once the first page
   * is read, so a refusal (access, a filter or sort outside the allow-list) comes before any byte.
   * The writer ends the stream. Returns the number of rows written.
   */
  async writeXlsx(actor: Actor, resource: string, query: ExportQuery, sheet: ExportSheet, open: () => Writable): Promise<number> {
    await this.assertCanExport(actor, resource);
    const columns = sheet.columns.filter((c) => !isRedactedKey(c.field));
    const page = async (offset: number) =>
      withListExtras(
        this.deps,
        actor,
        resource,
        await this.deps.records.list(actor, resource, {
          where: query.where,
          order: query.order,
          limit: this.batchSize,
          offset,
          action: 'export',
        }),
      );
    let rows = await page(0);
    const out = open();
    let written = 0;
    let failure: unknown = null;
    try {
      await streamWorkbook(async (wb) => {
        const ws = addSheet(wb, sheetName(sheet.title), 1, sheet.title, columns.map(widthOf));
        putRow(
          ws,
          1,
          columns.map((c) => c.label),
          S.header,
        );
        const styles = columns.map(styleOf);
        for (let offset = 0; rows.length;) {
          const titles = await this.referenceTitles(actor, columns, rows);
          for (const row of rows) putRow(ws, ++written + 1, valuesOf(columns, row, titles), styles);
          await drainSheet(ws);
          if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), once(out, 'close')]);
          if (out.destroyed) throw new Error(ABORTED);
          if (rows.length < this.batchSize) break;
          offset += rows.length;
          rows = await page(offset);
        }
        ws.commit();
      }, out);
      if (!out.writableFinished && !out.destroyed) await Promise.race([once(out, 'finish'), once(out, 'close')]);
    } catch (e) {
      failure = e;
      throw e;
    } finally {
      await this.deps.audit.record(actor, {
        action: 'export',
        resource,
        outcome: failure ? 'failed' : 'ok',
        message: failure ? `Unduh xlsx gagal setelah ${written} baris: ${(failure as Error).message}` : `Unduh xlsx: ${written} baris`,
        after: { format: 'xlsx', rows: written, ...(query.asked ?? {}) },
      });
    }
    return written;
  }

  /**
   * The titles of the rows a page references, as the list populates them: only what the actor
   * may see of the other resource (RecordService.findMany, mode 'reference', quietly).
   */
  private async referenceTitles(actor: Actor, columns: readonly ExportColumn[], rows: Row[]): Promise<Map<string, Map<string, unknown>>> {
    const out = new Map<string, Map<string, unknown>>();
    for (const c of columns) {
      if (c.kind !== 'reference' || !c.reference) continue;
      const ids = [...new Set(rows.map((r) => r[c.field]).filter((v) => v !== null && v !== undefined && v !== ''))];
      const found = ids.length ? await this.deps.records.findMany(actor, c.reference.resource, ids, 'show', 'reference') : [];
      const pk = this.deps.records.model(c.reference.resource).primaryKeyAttribute;
      out.set(c.field, new Map(found.map((r) => [String(r[pk]), r[c.reference!.title]])));
    }
    return out;
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

/** A cell as the list shows the field. */
export function shownValue(c: ExportColumn, value: unknown, title?: unknown): ExcelJS.CellValue {
  if (value === null || value === undefined || value === '') return null;
  const raw = textOf(value);
  switch (c.kind) {
    case 'number': {
      const n = Number(value);
      return Number.isFinite(n) ? n : raw;
    }
    case 'boolean':
      return value === true || value === 'true' || value === 1 || value === '1' ? 'Ya' : 'Tidak';
    case 'datetime': {
      const d = value instanceof Date ? value : new Date(raw);
      return Number.isNaN(d.getTime()) ? raw : formatListDate(d);
    }
    case 'date': {
      // A DATEONLY column is a calendar day ('YYYY-MM-DD'); anything else an instant.
      const d = value instanceof Date ? value : /^\d{4}-\d{2}-\d{2}$/.test(raw) ? startOfJakartaDay(raw) : new Date(raw);
      return Number.isNaN(d.getTime()) ? raw : formatListDate(d, false);
    }
    case 'enum':
      return c.values?.[raw] ?? raw;
    case 'reference': {
      // As the list: the referenced row's title (its label when the title is an enum), else the key.
      if (title === null || title === undefined || title === '') return raw;
      return c.reference?.values?.[textOf(title)] ?? textOf(title);
    }
    default:
      return raw;
  }
}

/** A stored value as text (dates as ISO, objects as JSON). */
function textOf(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return typeof value === 'string' ? value : String(value);
}

function valuesOf(columns: readonly ExportColumn[], row: Row, titles: Map<string, Map<string, unknown>>): ExcelJS.CellValue[] {
  return columns.map((c) => shownValue(c, row[c.field], titles.get(c.field)?.get(String(row[c.field]))));
}

const NUMBER_STYLE: Style = { ...S.text, numFmt: '0' };
function styleOf(c: ExportColumn): Style {
  // Text stays text: an 18-digit NIP must not turn into 1.97E+17.
  return c.kind === 'number' ? NUMBER_STYLE : S.nip;
}

function widthOf(c: ExportColumn): number {
  if (c.kind === 'datetime') return 22;
  if (c.kind === 'number' || c.kind === 'boolean') return Math.max(10, c.label.length + 2);
  return Math.min(40, Math.max(14, c.label.length + 4));
}

/** Excel's sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(title: string): string {
  return title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Data';
}
