import type { Models } from '../../db/models/index.js';
import { canSeeRegencyReport } from '../access/access-policy.js';
import type { RecordService } from '../records/record.service.js';
import type { Actor } from '../shared/actor.js';
import { NotFoundError } from '../shared/errors.js';
import type { WorkbookStore } from './delivery/workbook-store.js';
import { opdReportFile, regencyReportFile, type ReportFile } from './workbooks/report-file.js';

/**
 * The report files the panel hands out, each behind the access policy and the record scope (never
 * a static file path): the workbook a delivery sent, and an OPD's or the regency's report as of
 * now, named as the e-mail names them. A file outside the actor's rights is "not found", like a
 * row outside their scope.
 */
export class ReportFileService {
  constructor(
    private readonly deps: { models: Models; records: RecordService; store: WorkbookStore; regencyName: string; now?: () => Date },
  ) {}

  /** The workbook a delivery sent (OPD-bound roles: their own OPD's deliveries only). */
  async delivered(actor: Actor, deliveryId: number): Promise<ReportFile> {
    const { records, models, store } = this.deps;
    if (!records.can(actor, 'report_deliveries', 'download')) throw notFound();
    // The scoped read decides; the file path itself is never sent to the browser, so read it raw.
    const visible = await records.find(actor, 'report_deliveries', deliveryId, 'download');
    const row = visible ? await models.ReportDelivery.findByPk(Number(visible.id)) : null;
    if (!row?.workbookPath) throw notFound();
    return { name: row.workbookPath.split('/').pop()!, content: await store.read(row.workbookPath) };
  }

  /** An OPD's report as of now ('report' on the OPD's row). */
  async opdReport(actor: Actor, opdId: number): Promise<ReportFile> {
    const { records, models, regencyName } = this.deps;
    if (!records.can(actor, 'opds', 'report')) throw notFound();
    const opd = await records.find(actor, 'opds', opdId, 'report');
    if (!opd) throw notFound();
    return (await opdReportFile(models, Number(opd.id), this.now(), { regencyName })).file;
  }

  /** The regency report as of now (canSeeRegencyReport). */
  async regencyReport(actor: Actor): Promise<ReportFile> {
    if (!canSeeRegencyReport(actor)) throw notFound();
    return (await regencyReportFile(this.deps.models, this.now(), { regencyName: this.deps.regencyName })).file;
  }

  private now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }
}

const notFound = () => new NotFoundError('Laporan tidak ditemukan atau di luar wewenang Anda');
