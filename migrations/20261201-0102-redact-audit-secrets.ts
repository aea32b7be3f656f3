import { QueryTypes, type QueryInterface } from 'sequelize';

/**
 * Audit rows written before the one redaction list (src/domain/access/access-policy.ts REDACTION)
 * carried users' session versions in their before/after data (every role, OPD or password change
 * bumps it). This removes those fields, and any other field of the list, from the rows already
 * written. The list is frozen here on purpose: a migration must do the same thing whenever it runs.
 * Nothing else of a row changes; `down` cannot bring the values back and does nothing.
 */
const FIELDS = ['passwordHash', 'sessionVersion', 'storageKey', 'workbookPath', 'password', 'currentPassword', 'newPassword'];
const norm = (k: string) => k.replace(/_/g, '').toLowerCase();
const REDACTED = new Set(FIELDS.map(norm));
const redacted = (key: string) => key.split('.').some((segment) => REDACTED.has(norm(segment)));

function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([k]) => !redacted(k))
      .map(([k, v]) => [k, scrub(v)]),
  );
}

function scrubText(text: string | null): string | null {
  if (text === null || text === '') return text;
  try {
    const before = JSON.parse(text) as unknown;
    const after = JSON.stringify(scrub(before));
    return after === JSON.stringify(before) ? text : after;
  } catch {
    return text; // not JSON: left as it is
  }
}

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const sequelize = qi.sequelize;
  // Candidates only (LIKE is case-insensitive on both dialects for ASCII); the JSON decides.
  const patterns = FIELDS.flatMap((f) => [f, f.replace(/[A-Z]/g, (c) => `_${c}`)]).map((p) => `%${p}%`);
  const like = (column: string) => patterns.map((_, i) => `${column} LIKE :p${i}`).join(' OR ');
  const replacements = Object.fromEntries(patterns.map((p, i) => [`p${i}`, p]));
  let last = 0;
  for (;;) {
    const rows = await sequelize.query<{ id: number | string; before_data: string | null; after_data: string | null }>(
      `SELECT id, before_data, after_data FROM audit_logs WHERE id > :last AND (${like('before_data')} OR ${like('after_data')}) ORDER BY id LIMIT 500`,
      { type: QueryTypes.SELECT, replacements: { ...replacements, last } },
    );
    if (!rows.length) break;
    for (const row of rows) {
      const before = scrubText(row.before_data);
      const after = scrubText(row.after_data);
      if (before !== row.before_data || after !== row.after_data) {
        await sequelize.query('UPDATE audit_logs SET before_data = :before, after_data = :after WHERE id = :id', {
          replacements: { before, after, id: row.id },
        });
      }
    }
    last = Number(rows[rows.length - 1].id);
  }
}

export async function down(): Promise<void> {
  // The removed values are not kept anywhere: nothing to restore.
}
