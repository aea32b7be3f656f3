import os from 'node:os';
import path from 'node:path';
import { redactedFieldNames } from './field-policy.js';

/**
 * Applies THE redaction list (REDACTION in field-policy.ts) to a value of any shape: an audit
 * row's before/after data, a panel response. Used by the audit writer and by the panel's response
 * filter alike, so what one hides the other hides too.
 * - a key naming a listed field is dropped at any depth, also as a segment of a flattened key
 *   (`afterData.sessionVersion`, AdminJS's `params`), in any case or snake_case (`session_version`)
 *   — except the keys of an `errors` object, which name the field a message is about
 *   (`errors.password: "Kata sandi minimal 10 karakter"`), not its value;
 * - a string naming a path inside a private directory (the OS temp dir, where uploads land, and
 *   the storage directories the caller adds) has that path replaced.
 */
export interface RedactOptions {
  /** Directories whose paths never leave the server, besides the OS temp dir. */
  privateDirs?: readonly string[];
}

export const PATH_PLACEHOLDER = '[berkas server]';

const norm = (name: string) => name.replace(/_/g, '').toLowerCase();
const NAMES = new Set(redactedFieldNames().map(norm));

/** Is this key (or one segment of a flattened key) on the redaction list? */
export function isRedactedKey(key: string): boolean {
  return key.split('.').some((segment) => NAMES.has(norm(segment)));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function pathPattern(dirs: readonly string[]): RegExp | null {
  const roots = [...new Set([os.tmpdir(), ...dirs].map((d) => path.resolve(d)).filter((d) => d.length > 3 && d !== path.parse(d).root))];
  if (!roots.length) return null;
  // The directory itself, or anything under it, up to a quote or white space.
  return new RegExp(`(?:${roots.map(escape).join('|')})(?=$|[\\\\/\\s'"])(?:[\\\\/][^\\s'"]*)?`, 'g');
}

export function redactSecrets<T>(value: T, opts: RedactOptions = {}): T {
  const paths = pathPattern(opts.privateDirs ?? []);
  const seen = new WeakSet<object>();
  const walk = (v: unknown, depth: number, messagesByField = false): unknown => {
    if (typeof v === 'string') return paths ? v.replace(paths, PATH_PLACEHOLDER) : v;
    if (v === null || typeof v !== 'object') return v;
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
    if (Buffer.isBuffer(v) || depth > 40 || seen.has(v)) return v;
    seen.add(v);
    try {
      const toJSON = (v as { toJSON?: () => unknown }).toJSON;
      if (typeof toJSON === 'function') return walk(toJSON.call(v), depth + 1);
      if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (!messagesByField && isRedactedKey(k)) continue;
        out[k] = walk(x, depth + 1, k === 'errors');
      }
      return out;
    } finally {
      seen.delete(v);
    }
  };
  return walk(value, 0) as T;
}
