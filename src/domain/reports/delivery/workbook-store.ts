import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { NotFoundError, ValidationError } from '../../shared/errors.js';

/**
 * Generated report files under <varDir>/reports/<runId>/<file>. Paths stored in the database
 * (report_deliveries.workbook_path) are relative to varDir, e.g. "reports/12/laporan-DINKES.xlsx",
 * so the var directory can move. Writes are atomic (temp file + rename).
 */
export interface WorkbookStore {
  readonly varDir: string;
  /** Saves `<file>` (an .xlsx name) for the run; returns the relative path. */
  save(runId: number, fileName: string, content: Buffer): Promise<string>;
  /** Saves any companion file of a run (e.g. the rendered mail as JSON). */
  put(runId: number, fileName: string, content: Buffer | string): Promise<string>;
  read(relPath: string): Promise<Buffer>;
  exists(relPath: string): Promise<boolean>;
  absolutePath(relPath: string): string;
}

/** File names are built from OPD codes and periods: keep them portable. */
export function safeFileName(name: string): string {
  const cleaned = name
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-.]+/, '');
  return cleaned.slice(0, 150) || 'laporan';
}

export function createWorkbookStore(varDir: string): WorkbookStore {
  const root = path.resolve(varDir);
  const reportsRoot = path.join(root, 'reports');

  const resolve = (relPath: string): string => {
    const abs = path.resolve(root, relPath);
    if (!abs.startsWith(reportsRoot + path.sep)) throw new ValidationError('Lokasi berkas laporan tidak valid');
    return abs;
  };

  const put = async (runId: number, fileName: string, content: Buffer | string): Promise<string> => {
    if (!Number.isInteger(runId) || runId <= 0) throw new ValidationError('Nomor run laporan tidak valid');
    const rel = path.posix.join('reports', String(runId), safeFileName(fileName));
    const abs = resolve(rel);
    await fs.mkdir(path.dirname(abs), { recursive: true });
    const tmp = `${abs}.${crypto.randomBytes(6).toString('hex')}.tmp`;
    await fs.writeFile(tmp, content);
    await fs.rename(tmp, abs);
    return rel;
  };

  return {
    varDir: root,
    put,
    save(runId, fileName, content) {
      return put(runId, /\.xlsx$/i.test(fileName) ? fileName : `${fileName}.xlsx`, content);
    },
    async read(relPath) {
      try {
        return await fs.readFile(resolve(relPath));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError('Berkas laporan tidak ditemukan');
        throw err;
      }
    },
    async exists(relPath) {
      try {
        await fs.access(resolve(relPath));
        return true;
      } catch {
        return false;
      }
    },
    absolutePath: resolve,
  };
}
