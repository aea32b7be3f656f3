import type { Actor } from '../shared/actor.js';

/**
 * How far a running preview or commit is, for the panel to poll while its request runs. The
 * page picks a random token, sends it with the upload / commit, and asks for the progress of
 * that token; a token is only readable by the user who started it. Kept in memory (the import
 * runs in this process; its commit holds the imports row locked, so the row cannot carry it),
 * forgotten 15 minutes after the last report.
 */

export type ImportProgress = { phase: 'copy' | 'validate' | 'commit'; rows: number };

export interface ProgressSnapshot extends ImportProgress {
  /** The rows of the file when known (commit: the preview's count), else null. */
  total: number | null;
  /** "Memeriksa baris: 12.000", "Mengimpor baris: 12.000 dari 100.000". */
  message: string;
}

const TOKEN = /^[A-Za-z0-9_-]{8,64}$/;
const TTL_MS = 15 * 60 * 1000;

const id = (n: number) => n.toLocaleString('id-ID');

export function progressMessage(p: ImportProgress, total: number | null): string {
  if (p.phase === 'copy') return 'Mengunggah dan menyalin berkas…';
  const what = p.phase === 'validate' ? 'Memeriksa baris' : 'Mengimpor baris';
  return `${what}: ${id(p.rows)}${total !== null ? ` dari ${id(total)}` : ''}`;
}

export class ImportProgressBoard {
  private readonly entries = new Map<string, { snapshot: ProgressSnapshot; at: number }>();

  constructor(private readonly clock: () => number = Date.now) {}

  static isToken(token: unknown): token is string {
    return typeof token === 'string' && TOKEN.test(token);
  }

  private key(actor: Actor, token: string) {
    return `${actor.id ?? actor.email}:${token}`;
  }

  /**
   * The onProgress of one preview or commit: records under the token (when there is a valid
   * one) and passes every report on to `forward` (the CLI's progress line).
   */
  reporter(actor: Actor, token: unknown, total: number | null, forward?: (p: ImportProgress) => void): (p: ImportProgress) => void {
    if (!ImportProgressBoard.isToken(token)) return (p) => forward?.(p);
    const key = this.key(actor, token);
    return (p) => {
      const now = this.clock();
      for (const [k, e] of this.entries) if (now - e.at > TTL_MS) this.entries.delete(k);
      this.entries.set(key, { snapshot: { ...p, total, message: progressMessage(p, total) }, at: now });
      forward?.(p);
    };
  }

  /** The last report under the actor's token, or null (unknown, expired, or another user's). */
  read(actor: Actor, token: unknown): ProgressSnapshot | null {
    if (!ImportProgressBoard.isToken(token)) return null;
    const e = this.entries.get(this.key(actor, token));
    return e && this.clock() - e.at <= TTL_MS ? e.snapshot : null;
  }
}
