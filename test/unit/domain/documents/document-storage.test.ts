import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DiskDocumentStorage, sha256Hex, storageKeyFor } from '../../../../src/domain/documents/document-storage.js';
import { ValidationError } from '../../../../src/domain/shared/errors.js';
import { readPdfFixture } from '../../../helpers/pdf-fixtures.js';

let dir: string;
let storage: DiskDocumentStorage;
const files = () => {
  const out: string[] = [];
  const walk = (d: string) =>
    fs
      .readdirSync(d, { withFileTypes: true })
      .forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : out.push(path.relative(dir, path.join(d, e.name)))));
  walk(dir);
  return out.sort();
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-store-'));
  storage = new DiskDocumentStorage(dir);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('DiskDocumentStorage', () => {
  it('stores by content hash at <sha[0..2]>/<sha>.pdf, once', async () => {
    const buf = readPdfFixture('scan-ktp.pdf');
    const sha = sha256Hex(buf);
    const a = await storage.put(buf);
    expect(a).toEqual({ storageKey: `${sha.slice(0, 2)}/${sha}.pdf`, sha256: sha, size: buf.length, created: true });
    const b = await storage.put(Buffer.from(buf));
    expect(b.created).toBe(false);
    expect(files()).toEqual([`${sha.slice(0, 2)}/${sha}.pdf`]);
    expect((await storage.read(a.storageKey)).equals(buf)).toBe(true);
    expect(await storage.stat(a.storageKey)).toBe(buf.length);
  });

  it('writes atomically: concurrent puts of the same content leave one complete file and no temp files', async () => {
    const buf = readPdfFixture('scan-ktp.pdf');
    await Promise.all(Array.from({ length: 8 }, () => storage.put(buf)));
    const list = files();
    expect(list).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, list[0])).equals(buf)).toBe(true);
  });

  it('repairs a stored file of the wrong size (a crash mid-copy by another tool)', async () => {
    const buf = readPdfFixture('small-ijazah.pdf');
    const key = storageKeyFor(sha256Hex(buf));
    fs.mkdirSync(path.join(dir, key.slice(0, 2)), { recursive: true });
    fs.writeFileSync(path.join(dir, key), buf.subarray(0, 10));
    expect((await storage.put(buf)).created).toBe(true);
    expect((await storage.read(key)).equals(buf)).toBe(true);
  });

  it('removes, and reports a missing object', async () => {
    const { storageKey } = await storage.put(readPdfFixture('small-ijazah.pdf'));
    expect(await storage.remove(storageKey)).toBe(true);
    expect(await storage.remove(storageKey)).toBe(false);
    expect(await storage.stat(storageKey)).toBeNull();
    await expect(storage.read(storageKey)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.each([
    '../etc/passwd',
    '../../etc/passwd.pdf',
    '/etc/passwd',
    'ab/../../secret.pdf',
    `ab/${'a'.repeat(64)}.pdf`, // directory does not match the hash
    `${'0'.repeat(2)}/${'0'.repeat(63)}.pdf`,
    `00\\${'0'.repeat(64)}.pdf`,
    `00/${'0'.repeat(64)}.pdf\u0000.txt`,
    `00/${'0'.repeat(64)}.PDF`,
    '',
  ])('refuses the key %j (path traversal guard)', async (key) => {
    await expect(storage.read(key)).rejects.toBeInstanceOf(ValidationError);
    await expect(storage.remove(key)).rejects.toBeInstanceOf(ValidationError);
    expect(() => storage.createReadStream(key)).toThrow(ValidationError);
  });
});
