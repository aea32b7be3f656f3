import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { ValidationError } from '../shared/errors.js';
import { ImportFileError, formatBytes } from './import-errors.js';

/**
 * Where the original of every imported file is kept (like documents, src/domain/documents/
 * document-storage.ts): content-addressed, `<sha256[0..2]>/<sha256>.<csv|xlsx>` under
 * `<UPLOAD_DIR>/imports`, written to a temp file in the target directory and renamed. The file
 * is copied as a stream (hashing as it goes, the size limit enforced on the bytes read), never
 * held in memory; the commit re-reads it from here.
 */

export interface StagedImportFile {
  /** Where the copy is while it is checked (inside the store's directory). */
  tempPath: string;
  sha256: string;
  size: number;
}

export interface KeptImportFile {
  storageKey: string;
  sha256: string;
  size: number;
}

const KEY = /^([0-9a-f]{2})\/([0-9a-f]{64})\.(csv|xlsx)$/;

export class ImportFileStorage {
  readonly root: string;

  constructor(uploadDir: string) {
    this.root = path.resolve(uploadDir, 'imports');
  }

  pathOf(storageKey: string): string {
    const m = typeof storageKey === 'string' ? KEY.exec(storageKey) : null;
    if (!m || !m[2].startsWith(m[1])) throw new ValidationError('Kunci penyimpanan berkas impor tidak valid');
    const full = path.resolve(this.root, m[1], `${m[2]}.${m[3]}`);
    if (!full.startsWith(this.root + path.sep)) throw new ValidationError('Kunci penyimpanan berkas impor tidak valid');
    return full;
  }

  /** Copies `source` into a temp file of the store, hashing it; refuses it beyond `maxBytes`. */
  async stage(source: Readable, maxBytes: number): Promise<StagedImportFile> {
    await fsp.mkdir(this.root, { recursive: true });
    const tempPath = path.join(this.root, `.upload.${process.pid}.${crypto.randomBytes(8).toString('hex')}.tmp`);
    const hash = crypto.createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new ImportFileError('too_large', `Berkas terlalu besar: lebih dari ${formatBytes(maxBytes)}`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, fs.createWriteStream(tempPath, { flags: 'wx', mode: 0o640 }));
    } catch (e) {
      await fsp.rm(tempPath, { force: true });
      throw e;
    }
    return { tempPath, sha256: hash.digest('hex'), size };
  }

  /** Moves a staged file to its content address (an identical file already kept is reused). */
  async keep(staged: StagedImportFile, kind: 'csv' | 'xlsx'): Promise<KeptImportFile> {
    const storageKey = `${staged.sha256.slice(0, 2)}/${staged.sha256}.${kind}`;
    const full = this.pathOf(storageKey);
    await fsp.mkdir(path.dirname(full), { recursive: true });
    const existing = await this.stat(storageKey);
    if (existing === staged.size) await fsp.rm(staged.tempPath, { force: true });
    else await fsp.rename(staged.tempPath, full);
    return { storageKey, sha256: staged.sha256, size: staged.size };
  }

  async discard(staged: StagedImportFile): Promise<void> {
    await fsp.rm(staged.tempPath, { force: true });
  }

  createReadStream(storageKey: string): Readable {
    return fs.createReadStream(this.pathOf(storageKey), { highWaterMark: 64 * 1024 });
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
}
