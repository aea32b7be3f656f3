import fs from 'node:fs/promises';
import path from 'node:path';
import type { Models } from '../db/models/index.js';
import type { RunOutcome } from '../domain/reports/delivery/run.types.js';
import type { ReportRunService } from '../domain/reports/report-run.service.js';
import type { ReportScheduleService } from '../domain/reports/report-schedule.service.js';
import { NotFoundError, ValidationError } from '../domain/shared/errors.js';
import { formatJakartaDateTime, parseJakartaMinute } from '../domain/shared/time.js';

/**
 * `report:send` — the command of the report outbox (src/cli/report-send.ts hands it the rest of
 * argv and the container's report services). Same service as the scheduler and the panel's "Kirim sekarang":
 *
 *   report:send --schedule <id|name|all> [--at "2026-11-26 07:00"] [--resend] [--opd DINKES]
 *               [--dry-run [--out dir]] [--test me@x.go.id] [--as admin@x.go.id]
 *
 * --at is on the regency's calendar (TZ; or an ISO instant with an offset); default now. The period is the schedule's latest
 * fire time up to --at; the numbers are taken at --at (dry runs included). Without --resend a
 * period that was already sent is not sent again (exit code 3). --resend sends the period again
 * to everyone except recipients whose delivery is still pending or being sent (they get that one,
 * never two). --dry-run builds the workbooks, prints who would receive what, and sends nothing
 * (--out writes the workbooks to a folder).
 *
 * After a real send the command also retries the schedule's deliveries that are due (failed
 * attempts waiting for their backoff), with the same conditional claim as the scheduler, so a
 * running instance and this command never both send one; what is not due yet is reported with
 * the time of its next attempt and who will make it.
 */

export const REPORT_SEND_USAGE = `Penggunaan: report:send --schedule <id|nama|all> [--at "YYYY-MM-DD HH:MM"] [--resend] [--opd KODE] [--dry-run [--out folder]] [--test email] [--as email]
  --schedule  id atau nama jadwal laporan; all = semua jadwal yang aktif
  --at        waktu laporan (WIB), bawaan: sekarang
  --resend    kirim ulang periode yang sudah terkirim (dicatat sebagai pengiriman ulang)
  --opd       hanya untuk satu OPD (laporan per OPD)
  --dry-run   buat laporan dan tampilkan penerima tanpa mengirim
  --out       folder untuk menyimpan berkas Excel hasil --dry-run
  --test      kirim uji ke satu alamat email saja
  --as        email pengguna yang meminta (dicatat di audit)`;

export interface ReportSendArgs {
  schedule: string;
  at?: string;
  resend: boolean;
  opd?: string;
  dryRun: boolean;
  out?: string;
  test?: string;
  as?: string;
}

export function parseReportSendArgs(argv: string[]): ReportSendArgs {
  const args: Partial<ReportSendArgs> & { resend: boolean; dryRun: boolean } = { resend: false, dryRun: false };
  const valueOf = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new ValidationError(`${flag} memerlukan nilai\n${REPORT_SEND_USAGE}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const take = () => (inline !== undefined ? inline : valueOf(i++, flag));
    switch (flag) {
      case '--schedule':
        args.schedule = take();
        break;
      case '--at':
        args.at = take();
        break;
      case '--opd':
        args.opd = take();
        break;
      case '--out':
        args.out = take();
        break;
      case '--test':
        args.test = take();
        break;
      case '--as':
        args.as = take();
        break;
      case '--resend':
        args.resend = true;
        break;
      case '--dry-run':
        args.dryRun = true;
        break;
      default:
        throw new ValidationError(`Opsi tidak dikenal: ${a}\n${REPORT_SEND_USAGE}`);
    }
  }
  if (!args.schedule) throw new ValidationError(`--schedule wajib diisi\n${REPORT_SEND_USAGE}`);
  return args as ReportSendArgs;
}

/** "2026-11-26 07:00" (on the calendar) or an ISO instant → Date. */
export function parseAt(s: string): Date {
  const t = parseJakartaMinute(s)?.getTime() ?? Date.parse(s);
  if (Number.isNaN(t)) throw new ValidationError(`Waktu tidak valid: "${s}" (contoh: "2026-11-26 07:00", WIB)`);
  return new Date(t);
}

export interface ReportSendDeps {
  models: Models;
  runService: Pick<ReportRunService, 'sendCurrentPeriod' | 'sendTest' | 'retryDue' | 'outstanding'>;
  scheduleService: ReportScheduleService;
  print?: (line: string) => void;
  now?: () => Date;
}

/**
 * Exit codes: 0 sent (or dry run), 1 failed/partial, 3 period already sent; a refused input throws
 * its DomainError, which the CLI's error edge (src/cli/error-edge.ts) prints and turns into exit 2.
 */
export async function runReportSend(deps: ReportSendDeps, argv: string[] | ReportSendArgs): Promise<number> {
  const print = deps.print ?? ((l: string) => process.stdout.write(`${l}\n`));
  {
    const args = Array.isArray(argv) ? parseReportSendArgs(argv) : argv;
    if (args.schedule === 'all') {
      const all = await deps.scheduleService.enabledSchedules();
      if (all.length === 0) throw new NotFoundError('Tidak ada jadwal laporan yang aktif');
      let worst = 0;
      for (const s of all) worst = Math.max(worst, await runReportSend(deps, { ...args, schedule: String(s.id) }));
      return worst;
    }
    const schedule = await deps.scheduleService.byIdOrName(args.schedule);
    let requestedBy: number | null = null;
    if (args.as) {
      const u = await deps.models.User.findOne({ where: { email: args.as } });
      if (!u) throw new NotFoundError(`Pengguna "${args.as}" tidak ditemukan`);
      requestedBy = u.id;
    }
    if (args.test) {
      const r = await deps.runService.sendTest(schedule.id, args.test, requestedBy);
      printOutcome(print, r);
      return r.status === 'done' ? 0 : 1;
    }
    const at = args.at ? parseAt(args.at) : (deps.now ?? (() => new Date()))();
    const r = await deps.runService.sendCurrentPeriod(schedule.id, at, {
      trigger: 'cli',
      resend: args.resend,
      opdCode: args.opd ?? null,
      dryRun: args.dryRun,
      requestedBy,
    });
    print(
      `Jadwal #${schedule.id} "${schedule.name}" — periode ${formatJakartaDateTime(r.fireTime, 'weekday')}, keadaan per ${formatJakartaDateTime(r.asOf, 'weekday')}`,
    );
    if (r.dryRun) {
      for (const p of r.planned ?? []) {
        print(
          `- ${p.opdCode ?? 'Kabupaten'}: kepada ${p.to.join(', ')}${p.cc.length ? `; tembusan ${p.cc.join(', ')}` : ''} — "${p.subject}" (${p.attachment.filename}, ${p.attachment.size} byte)`,
        );
        if (args.out) {
          await fs.mkdir(args.out, { recursive: true });
          await fs.writeFile(path.join(args.out, p.attachment.filename), p.attachment.content);
        }
      }
      for (const s of r.skipped ?? []) print(`- dilewati ${s.opdCode ?? 'Kabupaten'}: ${s.reason}`);
      print(`Uji coba: ${r.planned?.length ?? 0} e-mail akan dikirim; tidak ada yang dikirim.`);
      return 0;
    }
    if (!r.claimed) {
      print(
        `Tidak dikirim: ${r.reason ?? 'periode ini sudah diproses'} (run #${r.runId ?? '-'}, status ${r.status ?? '-'}). Gunakan --resend untuk mengirim ulang.`,
      );
      await retryAndReport(deps, print, schedule.id);
      return 3;
    }
    printOutcome(print, r);
    await retryAndReport(deps, print, schedule.id);
    return r.status === 'done' ? 0 : 1;
  }
}

/**
 * Retries the schedule's due deliveries (all runs no live instance is working on) and says what
 * is still outstanding and who will send it. Returns the number of deliveries still to be made.
 */
async function retryAndReport(deps: ReportSendDeps, print: (l: string) => void, scheduleId: number): Promise<number> {
  const retry = await deps.runService.retryDue({ scheduleIds: [scheduleId] });
  if (retry.attempted || retry.interrupted) {
    print(
      `Percobaan ulang pengiriman yang jatuh tempo: ${retry.sent} terkirim, ${retry.failed} gagal permanen, ${retry.attempted - retry.sent - retry.failed} dijadwalkan ulang${retry.interrupted ? `; ${retry.interrupted} pengiriman terputus dipulihkan` : ''}.`,
    );
  }
  const o = await deps.runService.outstanding([scheduleId]);
  const left = o.pending + o.sending;
  if (left === 0) return 0;
  const who = o.runningRuns.length
    ? `sedang dikerjakan oleh instance ${o.runningRuns.map((r) => `${r.owner ?? '-'} (run #${r.id})`).join(', ')}, yang akan mengirimnya`
    : 'instance aplikasi yang berjalan dengan penjadwal aktif (JOBS_ENABLED) mengirimnya otomatis; tanpa instance itu, jalankan perintah ini lagi setelah waktu tersebut';
  print(
    `Masih ${left} pengiriman belum selesai (${o.pending} menunggu percobaan ulang${o.nextAttemptAt ? `, paling cepat ${formatJakartaDateTime(o.nextAttemptAt, 'weekday')}` : ''}; ${o.sending} sedang dikirim): ${who}.`,
  );
  return left;
}

function printOutcome(print: (l: string) => void, r: RunOutcome): void {
  const c = r.counts;
  print(
    `Run #${r.runId} (${r.runKey}): ${r.status} — ${c.sent} terkirim, ${c.pending + c.sending} menunggu, ${c.failed} gagal${c.skipped ? `, ${c.skipped} dilewati (angka tidak berubah)` : ''} dari ${c.total}`,
  );
  if (r.reason) print(r.reason);
}
