import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

/**
 * A real SMTP server on loopback for tests (smtp-server), with knobs to misbehave:
 * - refuse(n, code): answer the next n messages' DATA with an error (4xx temporary, 5xx permanent);
 * - stall(n): after n more accepted messages, hold every message after DATA without answering
 *   (a hung server) until release(); the returned promise resolves when the first one is held.
 * Accepted messages are kept raw and parsed with mailparser.
 */

export interface ReceivedMail {
  raw: Buffer;
  envelope: { from: string | null; to: string[] };
  parsed: ParsedMail;
}

export interface TestSmtp {
  port: number;
  url: string;
  messages: ReceivedMail[];
  /** Messages refused so far (envelope recipients). */
  refused: Array<{ to: string[]; code: number }>;
  refuse(n: number, code?: number, message?: string): void;
  /** Refuse (at DATA) every message addressed to this recipient until cleared (null: accept again). */
  refuseRecipient(address: string | null, code?: number): void;
  /** Hold messages after `afterAccepted` more were accepted; resolves when the first is held. */
  stall(afterAccepted?: number): Promise<void>;
  /** Ends the stall: the held messages are refused (default) or, with accept, accepted now. */
  release(opts?: { accept?: boolean }): void;
  /** Waits until `n` messages were accepted. */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Messages whose To or Cc contains the address. */
  to(address: string): ReceivedMail[];
  reset(): void;
  close(): Promise<void>;
}

function addrs(v: ParsedMail['to']): string[] {
  if (!v) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.flatMap((a) => a.value.map((x) => (x.address ?? '').toLowerCase()));
}

export function mailRecipients(m: ParsedMail): { to: string[]; cc: string[] } {
  return { to: addrs(m.to), cc: addrs(m.cc) };
}

export async function startSmtpServer(opts: { refuseFirst?: number; refuseCode?: number } = {}): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  const refused: TestSmtp['refused'] = [];
  let toRefuse = opts.refuseFirst ?? 0;
  let refuseCode = opts.refuseCode ?? 451;
  let refuseMessage = 'Coba lagi nanti (uji)';
  let refusedRecipient: { address: string; code: number } | null = null;
  let stalling = false;
  let stallAt = 0;
  let stallSignal: (() => void) | null = null;
  let stalledPromise: Promise<void> | null = null;
  const held: Array<(accept: boolean) => void> = [];
  const waiters: Array<() => void> = [];

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 200,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
        };
        if (refusedRecipient && envelope.to.includes(refusedRecipient.address)) {
          refused.push({ to: envelope.to, code: refusedRecipient.code });
          const err = new Error(`Penerima ${refusedRecipient.address} ditolak (uji)`) as Error & { responseCode: number };
          err.responseCode = refusedRecipient.code;
          callback(err);
          return;
        }
        if (toRefuse > 0) {
          toRefuse--;
          refused.push({ to: envelope.to, code: refuseCode });
          const err = new Error(refuseMessage) as Error & { responseCode: number };
          err.responseCode = refuseCode;
          callback(err);
          return;
        }
        const raw = Buffer.concat(chunks);
        const accept = () =>
          simpleParser(raw)
            .then((parsed) => {
              messages.push({ raw, envelope, parsed });
              callback(null, 'Diterima (uji)');
              for (const w of waiters.splice(0)) w();
            })
            .catch((err) => callback(err));
        if (stalling && messages.length >= stallAt) {
          stallSignal?.();
          // Never answered while stalling: the client waits; a killed client just goes away.
          held.push((ok) => (ok ? void accept() : callback(new Error('dilepas tanpa diterima'))));
          return;
        }
        void accept();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  const api: TestSmtp = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refused,
    refuse(n, code = 451, message = 'Coba lagi nanti (uji)') {
      toRefuse = n;
      refuseCode = code;
      refuseMessage = message;
    },
    refuseRecipient(address, code = 550) {
      refusedRecipient = address ? { address: address.toLowerCase(), code } : null;
    },
    stall(afterAccepted = 0) {
      stalling = true;
      stallAt = messages.length + afterAccepted;
      stalledPromise = new Promise<void>((resolve) => (stallSignal = resolve));
      return stalledPromise;
    },
    release(opts = {}) {
      stalling = false;
      for (const h of held.splice(0)) h(!!opts.accept);
    },
    async waitFor(n, timeoutMs = 20000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < n) {
        if (Date.now() > deadline) throw new Error(`SMTP uji: menunggu ${n} pesan, baru ${messages.length}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, 100);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      return messages;
    },
    to(address) {
      const a = address.toLowerCase();
      return messages.filter((m) => {
        const r = mailRecipients(m.parsed);
        return r.to.includes(a) || r.cc.includes(a);
      });
    },
    reset() {
      messages.splice(0);
      refused.splice(0);
      toRefuse = 0;
      refusedRecipient = null;
    },
    close() {
      api.release();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}
