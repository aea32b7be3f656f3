import type { ActionContext, ActionRequest, ActionResponse } from 'adminjs';
import type { Models } from '../../db/models/index.js';
import { NAV, allowed, scopedResource, type ResourceDeps } from '../resource-helpers.js';
import { actorFrom } from '../current-admin.js';
import { cronInWords } from '../../domain/reports/cron-words.js';
import { withListExtras } from '../../domain/records/list-extras.js';

const outcomeText = (o: {
  claimed: boolean;
  status: string | null;
  counts: { total: number; sent: number; failed: number; pending: number; skipped?: number };
  reason?: string | null;
}) =>
  o.claimed
    ? `${o.counts.sent} dari ${o.counts.total} e-mail terkirim${o.counts.pending ? `, ${o.counts.pending} menunggu dicoba ulang` : ''}${o.counts.failed ? `, ${o.counts.failed} gagal` : ''}${o.counts.skipped ? `, ${o.counts.skipped} dilewati karena angkanya tidak berubah` : ''}`
    : (o.reason ?? 'Tidak ada yang dikirim');

/** The OPD chosen in the form: its id, or null when none was chosen (a non-number is passed on for the service to refuse). */
const chosenOpd = (v: unknown): number | null => (v === undefined || v === null || v === '' ? null : Number(v));

/**
 * Schedules: cron on the regency's calendar (TZ), checked on save, with the next five run times on the page;
 * "Kirim sekarang" and "Kirim uji ke saya" run through the same ReportRunService as the scheduler.
 */
export const reportScheduleResource = (models: Models, deps: ResourceDeps) => {
  const sendAction = (name: 'sendNow' | 'sendTest', description: string) => ({
    actionType: 'record' as const,
    icon: name === 'sendNow' ? 'Send' : 'Mail',
    component: deps.components.ConfirmAction,
    isAccessible: allowed('report_schedules', name),
    custom: name === 'sendTest' ? { description, choice: 'OPD yang laporannya dikirim sebagai contoh' } : { description },
    // "Kirim uji ke saya" of an OPD schedule asks which OPD's report to send: the form (GET) gets the choices.
    after: async (response: ActionResponse, request: ActionRequest, context: ActionContext): Promise<ActionResponse> =>
      name === 'sendTest' && request.method === 'get' && context.record
        ? { ...response, choices: await deps.reports.runService.testOpdChoices(Number(context.record.id())) }
        : response,
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
      const { record, currentAdmin } = context;
      if (!record) throw new Error('record missing');
      if (request.method !== 'post') return { record: record.toJSON(currentAdmin) };
      const actor = actorFrom(currentAdmin);
      const opdId = chosenOpd(request.payload?.opdId);
      const outcome =
        name === 'sendNow'
          ? await deps.reports.runService.sendCurrentPeriod(Number(record.id()), new Date(), { trigger: 'manual', requestedBy: actor.id })
          : await deps.reports.runService.sendTest(Number(record.id()), actor.email, actor.id, { opdId });
      const message = outcomeText(outcome);
      return {
        record: record.toJSON(currentAdmin),
        notice: { message, type: outcome.claimed && outcome.counts.failed === 0 ? 'success' : 'info' },
        result: [message, ...(outcome.runId ? [`Riwayat pengiriman #${outcome.runId}`] : [])],
        runId: outcome.runId,
      };
    },
  });

  return scopedResource(models.ReportSchedule, deps, {
    navigation: NAV.reports,
    titleProperty: 'name',
    listProperties: ['name', 'reportKind', 'cron', 'cronText', 'activeFrom', 'activeUntil', 'enabled'],
    editProperties: [
      'name',
      'reportKind',
      'cron',
      'campaignId',
      'activeFrom',
      'activeUntil',
      'ccSecretary',
      'extraRecipients',
      'skipUnchanged',
      'enabled',
    ],
    showProperties: [
      'name',
      'reportKind',
      'cron',
      'cronText',
      'nextRuns',
      'campaignId',
      'activeFrom',
      'activeUntil',
      'ccSecretary',
      'extraRecipients',
      'skipUnchanged',
      'enabled',
      'updatedAt',
    ],
    properties: {
      reportKind: {
        availableValues: [
          { value: 'opd', label: 'Laporan per OPD' },
          { value: 'regency', label: 'Laporan kabupaten (Bupati)' },
        ],
      },
      extraRecipients: { type: 'textarea', description: 'Alamat e-mail tambahan (tembusan), dipisah koma' },
      skipUnchanged: {
        description:
          'Bila angka OPD sama dengan laporan terakhir yang terkirim ke penerima itu, pengiriman dicatat "dilewati" dan tidak dikirim',
      },
      cron: {
        description: 'Menit Jam Tanggal Bulan Hari, waktu WIB. Contoh: "0 7 * * *" setiap hari 07.00; "0 7 * * 1" setiap Senin 07.00',
      },
      cronText: { type: 'string', isSortable: false, isVisible: { list: true, filter: false, edit: false, show: true } },
      nextRuns: { type: 'textarea', isVisible: { list: false, filter: false, edit: false, show: true } },
    },
    actions: {
      list: {
        // "cronText" comes from the one table of computed list columns (as in the xlsx export).
        after: async (response: ActionResponse, request: ActionRequest, context: ActionContext) => {
          const rows = (response.records ?? []) as Array<{ params: Record<string, unknown> }>;
          const actor = actorFrom(context.currentAdmin, request);
          const shown = await withListExtras(
            { records: deps.records, models },
            actor,
            'report_schedules',
            rows.map((r) => r.params),
          );
          rows.forEach((r, i) => Object.assign(r.params, shown[i]));
          return response;
        },
      },
      show: {
        after: (response: ActionResponse) => {
          const params = (response as { record?: { params: Record<string, unknown> } }).record?.params;
          const cron = params?.cron;
          if (params && typeof cron === 'string') {
            params.cronText = cronInWords(cron);
            try {
              params.nextRuns = deps.reports.scheduleService.nextRuns(cron, 5).formatted.join('\n');
            } catch (e) {
              params.nextRuns = (e as Error).message;
            }
          }
          return Promise.resolve(response);
        },
      },
      sendNow: sendAction(
        'sendNow',
        'Kirim laporan periode saat ini sekarang kepada semua penerima jadwal ini. Periode yang sudah terkirim tidak dikirim dua kali.',
      ),
      sendTest: sendAction('sendTest', 'Kirim satu contoh laporan jadwal ini hanya ke alamat e-mail Anda.'),
    },
  });
};
