import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

/**
 * Sends one e-mail. Two transports behind one interface:
 * - SMTP (SMTP_URL set): nodemailer's pooled transport; explicit timeouts so a hung server
 *   cannot hold a delivery in 'sending' longer than the outbox's sending lease.
 * - Outbox (no SMTP_URL, the embedded quick start): the RFC 822 message nodemailer builds,
 *   written atomically to <outboxDir>/<timestamp>-<message-id>.eml.
 * nodemailer itself never retries: the report outbox (report-run.service.ts) does.
 */

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface MailMessage {
  to: string | string[];
  cc?: string | string[] | null;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
  /** Message-ID to use ("<...@domain>"). The outbox passes a stable one per delivery. */
  messageId?: string;
  headers?: Record<string, string>;
}

export interface MailerConfig {
  smtpUrl: string | null;
  outboxDir: string;
  from: string;
  replyTo: string;
  /** SMTP timeouts (ms); defaults keep one send under two minutes. */
  timeouts?: { connection?: number; greeting?: number; socket?: number };
}

export interface SendResult {
  messageId: string;
  /** For the outbox transport: the .eml file written. */
  file?: string;
}

export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  send(msg: MailMessage): Promise<SendResult>;
  /**
   * Whether a message with this Message-ID is known to have been delivered to the transport.
   * The outbox can tell (the file exists); SMTP cannot (undefined = unknown).
   */
  wasDelivered(messageId: string): Promise<boolean | undefined>;
  /** A Message-ID in the From domain; with a seed it is stable for that seed. */
  makeMessageId(seed?: string): string;
  close(): Promise<void>;
}

/** The domain part of the From address ("BKPSDM <bkpsdm@x.go.id>" → "x.go.id"). */
export function fromDomain(from: string): string {
  const m = /@([^>\s]+)>?\s*$/.exec(from.trim());
  return m ? m[1].toLowerCase() : 'pdm.localhost';
}

/** A Message-ID; with a seed it is stable (the same delivery always gets the same id). */
export function makeMessageId(from: string, seed?: string): string {
  const local = seed
    ? `pdm.${seed.replace(/[^A-Za-z0-9.-]/g, '-')}`
    : `pdm.${Date.now().toString(36)}.${crypto.randomBytes(6).toString('hex')}`;
  return `<${local}@${fromDomain(from)}>`;
}

/** A Message-ID as a safe file-name fragment. */
export function messageIdFileKey(messageId: string): string {
  return messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._@-]/g, '_');
}

function list(v: string | string[] | null | undefined): string[] {
  if (!v) return [];
  return (Array.isArray(v) ? v : [v]).map((a) => a.trim()).filter(Boolean);
}

function timestampForFile(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace('.', '');
}

/** Errors the SMTP server gave a permanent (5xx) answer to: retrying cannot help. */
export function isPermanentMailError(err: unknown): boolean {
  const code = (err as { responseCode?: number } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

export function createMailer(config: MailerConfig): Mailer {
  const base = (msg: MailMessage) => ({
    from: config.from,
    replyTo: config.replyTo,
    to: list(msg.to),
    cc: list(msg.cc),
    subject: msg.subject,
    text: msg.text,
    html: msg.html,
    messageId: msg.messageId ?? makeMessageId(config.from),
    headers: msg.headers,
    attachments: (msg.attachments ?? []).map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
  });

  if (config.smtpUrl) {
    const t = config.timeouts ?? {};
    const transport = nodemailer.createTransport({
      url: config.smtpUrl,
      pool: true,
      maxConnections: 3,
      connectionTimeout: t.connection ?? 30_000,
      greetingTimeout: t.greeting ?? 30_000,
      socketTimeout: t.socket ?? 60_000,
    } as never);
    return {
      kind: 'smtp',
      makeMessageId: (seed?: string) => makeMessageId(config.from, seed),
      async send(msg) {
        const m = base(msg);
        const info = (await transport.sendMail(m)) as { messageId?: string };
        return { messageId: info.messageId ?? m.messageId };
      },
      async wasDelivered() {
        return undefined;
      },
      async close() {
        transport.close();
      },
    };
  }

  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' } as never);
  return {
    kind: 'outbox',
    makeMessageId: (seed?: string) => makeMessageId(config.from, seed),
    async send(msg) {
      const m = base(msg);
      const info = (await stream.sendMail(m)) as { messageId?: string; message: Buffer };
      const messageId = info.messageId ?? m.messageId;
      await fs.mkdir(config.outboxDir, { recursive: true });
      const file = path.join(config.outboxDir, `${timestampForFile(new Date())}-${messageIdFileKey(messageId)}.eml`);
      // Atomic: a reader (or a crash) never sees half a message.
      const tmp = path.join(config.outboxDir, `.${crypto.randomBytes(6).toString('hex')}.tmp`);
      await fs.writeFile(tmp, info.message);
      await fs.rename(tmp, file);
      return { messageId, file };
    },
    async wasDelivered(messageId) {
      const suffix = `-${messageIdFileKey(messageId)}.eml`;
      try {
        return (await fs.readdir(config.outboxDir)).some((f) => f.endsWith(suffix));
      } catch {
        return false;
      }
    },
    async close() {
      /* nothing to release */
    },
  };
}
