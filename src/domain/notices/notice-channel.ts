import crypto from 'node:crypto';
import type { Mailer } from '../reports/delivery/mailer.js';
import { formatJakartaDate } from '../shared/time.js';
import { NOTICE_KIND_LABELS, type NoticeKind } from './notice.rules.js';

/**
 * How a notice reaches the employee. One implementation today (e-mail, through the report
 * outbox's mailer: one SMTP transport per process); a messaging gateway is another NoticeChannel.
 * A channel renders the message itself (a gateway would send a short text).
 */

export interface NoticeItem {
  kind: NoticeKind;
  categoryLabel: string;
  note: string | null;
  documents: string | null;
  phaseLabel: string | null;
  /** YYYY-MM-DD, the last day of the phase the decision was made in. */
  deadline: string | null;
  submissionId: number;
}

/** One message to one employee, carrying one or more notices. */
export interface OutgoingNotice {
  /** The outbox row (notice_mails.id). */
  id: number;
  /** A stable seed per outbox row: a retry carries the same message id. */
  seed: string;
  to: string;
  employee: { name: string; nip: string };
  opdName: string | null;
  items: NoticeItem[];
}

export interface NoticeChannel {
  readonly name: string;
  send(notice: OutgoingNotice): Promise<{ messageId: string }>;
  /** Whether the message of this seed is known to have been handed over (undefined = cannot tell). */
  wasDelivered(notice: Pick<OutgoingNotice, 'seed'>): Promise<boolean | undefined>;
}

export interface NoticeMailText {
  subject: string;
  text: string;
}

/** The Indonesian e-mail of a notice (one or more items). */
export function noticeMailText(n: OutgoingNotice, regencyName: string): NoticeMailText {
  const one = n.items.length === 1 ? n.items[0] : null;
  const subject = one
    ? `PDM ASN: usul ${one.categoryLabel} ${one.kind === 'bts' ? 'dikembalikan untuk perbaikan (BTS)' : 'ditolak (TMS)'}`
    : `PDM ASN: ${n.items.length} usul pemutakhiran data Anda perlu perhatian`;
  const lines: string[] = [
    `Yth. ${n.employee.name} (NIP ${n.employee.nip}),`,
    '',
    n.items.length === 1
      ? 'Usul pemutakhiran data (PDM) Anda berikut telah diperiksa dan perlu perhatian Anda:'
      : `${n.items.length} usul pemutakhiran data (PDM) Anda berikut telah diperiksa dan perlu perhatian Anda:`,
    '',
  ];
  n.items.forEach((it, i) => {
    lines.push(`${i + 1}. ${it.categoryLabel} — ${NOTICE_KIND_LABELS[it.kind]}`);
    lines.push(`   Catatan verifikator: ${it.note ?? '-'}`);
    if (it.documents)
      lines.push(`   ${it.kind === 'bts' ? 'Dokumen yang perlu diperbaiki/diunggah' : 'Dokumen kategori ini'}: ${it.documents}`);
    if (it.deadline)
      lines.push(`   Batas waktu: ${formatJakartaDate(it.deadline)}${it.phaseLabel ? ` (akhir tahap ${it.phaseLabel})` : ''}`);
    lines.push('');
  });
  const anyBts = n.items.some((i) => i.kind === 'bts');
  if (anyBts)
    lines.push(
      'Untuk usul yang dikembalikan (BTS): perbaiki data atau dokumennya dan sampaikan kepada verifikator OPD Anda' +
        `${n.opdName ? ` (${n.opdName})` : ''} atau helpdesk BKPSDM sebelum batas waktu, agar usul dapat diajukan ulang.`,
    );
  if (n.items.some((i) => i.kind === 'tms'))
    lines.push('Untuk usul yang ditolak (TMS): bila ada pertanyaan, hubungi verifikator OPD Anda atau helpdesk BKPSDM.');
  lines.push('', 'E-mail ini dikirim otomatis oleh PDM Monitor; mohon tidak membalas ke alamat ini.', `BKPSDM ${regencyName}`);
  return { subject, text: lines.join('\n') };
}

/** E-mail through the shared mailer (SMTP, or the .eml outbox of the embedded quick start). */
export class EmailNoticeChannel implements NoticeChannel {
  readonly name = 'email';

  constructor(
    private readonly mailer: Mailer,
    private readonly regencyName: string,
  ) {}

  messageIdFor(seed: string): string {
    return this.mailer.makeMessageId(seed);
  }

  async send(n: OutgoingNotice): Promise<{ messageId: string }> {
    const { subject, text } = noticeMailText(n, this.regencyName);
    const info = await this.mailer.send({
      to: n.to,
      subject,
      text,
      messageId: this.messageIdFor(n.seed),
      headers: { 'X-PDM-Notice': String(n.id) },
    });
    return { messageId: info.messageId };
  }

  wasDelivered(n: Pick<OutgoingNotice, 'seed'>): Promise<boolean | undefined> {
    return this.mailer.wasDelivered(this.messageIdFor(n.seed));
  }
}

/** The seed of an outbox row's message id: its id plus a salt, so two databases never share one. */
export function noticeSeed(mail: { id: number; createdAt: Date }): string {
  const salt = crypto.createHash('sha256').update(`notice|${mail.id}|${mail.createdAt.getTime()}`).digest('hex').slice(0, 12);
  return `notice.m${mail.id}.${salt}`;
}
