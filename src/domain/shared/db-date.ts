import { text } from './text.js';
/**
 * A DATETIME as it comes back from a raw query: a Date (mysql2) or Sequelize's SQLite text
 * ('YYYY-MM-DD HH:MM:SS.SSS +00:00'); ISO strings are accepted too.
 */
export function parseDbDate(v: unknown): Date | null {
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return v;
  const s = text(v).trim();
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (m) {
    const tz = m[3] ? (m[3] === 'Z' ? 'Z' : m[3].includes(':') ? m[3] : `${m[3].slice(0, 3)}:${m[3].slice(3)}`) : 'Z';
    return new Date(`${m[1]}T${m[2]}${tz}`);
  }
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t);
}
