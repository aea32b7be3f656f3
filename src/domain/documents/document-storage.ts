import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ValidationError } from '../shared/errors.js';

/**
 * Where document bytes live. Content-addressed: the key is `<sha256[0..2]>/<sha256>.pdf`, so the
 * same content is stored once however many rows point at it. The disk implementation writes a
 * temp file in the target directory and renames it (atomic on POSIX), so a reader never sees a
 * half-written file. An S3-compatible store can implement the same interface later.
 */
export interface StoredObject {
  storageKey: string;
  sha256: string;
  size: number;
  /** True when this call wrote the file; false when identical content was already stored. */
  created: boolean;
}

export interface DocumentStorage {
  put(content: Buffer): Promise<StoredObject>;
  read(storageKey: string): Promise<Buffer>;
  createReadStream(storageKey: string): Readable;
  /** Size in bytes, or null when the object does not exist. */
  stat(storageKey: string): Promise<number | null>;
  /** True when something was removed. */
  remove(storageKey: string): Promise<boolean>;
}

const KEY = /^([0-9a-f]{2})\/([0-9a-f]{64})\.pdf$/;

export function sha256Hex(content: Buffer): string {
  return crypto.createHash('sha256').update(content).digest('hex');
}

export function storageKeyFor(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new ValidationError('SHA-256 tidak valid');
  return `${sha256.slice(0, 2)}/${sha256}.pdf`;
}

export class DiskDocumentStorage implements DocumentStorage {
  readonly root: string;

  constructor(uploadDir: string) {
    this.root = path.resolve(uploadDir);
  }

  /**
   * The absolute path of a key. Only keys of the form `ab/<sha256>.pdf` (with `ab` the first two
   * hex digits of the hash) are accepted, and the result must stay inside the upload directory:
   * `../`, absolute paths, backslashes and NUL bytes never reach the file system.
   */
  pathOf(storageKey: string): string {
    const m = typeof storageKey === 'string' ? KEY.exec(storageKey) : null;
    if (!m || !m[2].startsWith(m[1])) throw new ValidationError('Kunci penyimpanan dokumen tidak valid');
    const full = path.resolve(this.root, m[1], `${m[2]}.pdf`);
    if (!full.startsWith(this.root + path.sep)) throw new ValidationError('Kunci penyimpanan dokumen tidak valid');
    return full;
  }

  async put(content: Buffer): Promise<StoredObject> {
    const sha256 = sha256Hex(content);
    const storageKey = storageKeyFor(sha256);
    const full = this.pathOf(storageKey);
    const existing = await this.stat(storageKey);
    if (existing === content.length) return { storageKey, sha256, size: content.length, created: false };

    const dir = path.dirname(full);
    await fsp.mkdir(dir, { recursive: true });
    const tmp = path.join(dir, `.${sha256}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
    let handle: fsp.FileHandle | null = null;
    try {
      handle = await fsp.open(tmp, 'wx', 0o640);
      await handle.writeFile(content);
      await handle.sync();
      await handle.close();
      handle = null;
      await fsp.rename(tmp, full);
    } catch (e) {
      if (handle) await handle.close().catch(() => undefined);
      await fsp.rm(tmp, { force: true }).catch(() => undefined);
      throw e;
    }
    return { storageKey, sha256, size: content.length, created: true };
  }

  async read(storageKey: string): Promise<Buffer> {
    return fsp.readFile(this.pathOf(storageKey));
  }

  createReadStream(storageKey: string): Readable {
    return fs.createReadStream(this.pathOf(storageKey));
  }

  async stat(storageKey: string): Promise<number | null> {
    try {
      const st = await fsp.stat(this.pathOf(storageKey));
      return st.isFile() ? st.size : null;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async remove(storageKey: string): Promise<boolean> {
    const full = this.pathOf(storageKey);
    try {
      await fsp.unlink(full);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
    // The two-character directory stays (at most 256 of them): removing it could race a concurrent put.
    return true;
  }
}
