import path from 'node:path';
import { parseArgs } from 'node:util';
import { IMPORT_PROFILE_CODES } from '../../config/siasn-import.js';
import type { ImportPreview, ImportProgress } from '../domain/imports/import.service.js';
import { SYSTEM_ACTOR, type Actor } from '../domain/shared/actor.js';
import type { CliCommand } from './command.js';
import { EXIT, UsageError } from './error-edge.js';

/**
 * `npm run cli -- import asn|aktivasi|usul FILE [--dry-run] [--skip-invalid] [--deactivate-missing] [--as EMAIL]`
 *
 * Prints the same preview as the panel (counts, errors with row/column/message, unknown units
 * with their suggestion, a sample of the changes), then commits unless --dry-run. Who acts: the
 * user given with --as (their role decides, as in the panel), else the system actor
 * "cli (SIASN)" — the operator of the server, like migrate and seed. Progress goes to stderr.
 * Exit: 0 done (or a clean dry run), 2 refused (file refused, rows in error without
 * --skip-invalid, units not mapped, role not allowed), 64 usage.
 */

const CLI_ACTOR: Actor = { ...SYSTEM_ACTOR, email: 'cli (SIASN)' };

/**
 * At most four lines a second; a line held back is written when the phase changes or the
 * step ends (flush), so each phase's final count always shows.
 */
export function importProgress(write: (s: string) => void) {
  let last = 0;
  let held: string | null = null;
  let lastPhase: ImportProgress['phase'] | null = null;
  const line = (p: ImportProgress) => {
    const what = p.phase === 'copy' ? 'menyalin berkas' : p.phase === 'validate' ? 'memeriksa' : 'mengimpor';
    return `\r${what}: ${p.rows.toLocaleString('id-ID')} baris   `;
  };
  const flush = () => {
    if (held !== null) write(held);
    held = null;
  };
  const report = (p: ImportProgress) => {
    const t = Date.now();
    if (p.phase !== lastPhase) flush();
    else if (t - last < 250) {
      held = line(p);
      return;
    }
    last = t;
    lastPhase = p.phase;
    held = null;
    write(line(p));
  };
  return { report, flush };
}

export function previewLines(p: ImportPreview): string[] {
  const lines = [`Impor #${p.import.id} — ${p.import.profileLabel}: ${p.import.fileName} (SHA-256 ${p.import.sha256 ?? '-'})`, p.message];
  if (p.errors.length) {
    lines.push('', `Baris bermasalah (${p.errorCount} kesalahan${p.errorCount > p.errors.length ? `, ${p.errors.length} pertama` : ''}):`);
    for (const e of p.errors) lines.push(`  baris ${e.row}${e.column ? `, ${e.column}` : ''}: ${e.message}`);
  }
  if (p.unknownUnits.length) {
    lines.push('', 'Unit kerja belum dipetakan ke OPD (petakan di panel: Impor SIASN, atau Peta unit SIASN):');
    for (const u of p.unknownUnits) {
      const s = u.suggestion ? ` → usulan: ${u.suggestion.opd.name} (${u.suggestion.reason})` : ' → tanpa usulan';
      lines.push(`  ${u.unit.name}${u.unit.id ? ` [UNOR ID ${u.unit.id}]` : ''}: ${u.rowCount} baris${s}`);
    }
  }
  const sample = [...p.samples.new, ...p.samples.changed].slice(0, 10);
  if (sample.length) {
    lines.push('', 'Contoh perubahan:');
    for (const s of sample) {
      const what = s.changes.map((c) => `${c.label}: ${c.before ?? '—'} → ${c.after ?? '—'}`).join('; ');
      lines.push(`  baris ${s.row} (${s.ref}) ${s.kind === 'new' ? 'baru' : 'berubah'}: ${what}`);
    }
  }
  if (p.samples.missing.length) {
    lines.push('', `Pegawai aktif yang tidak ada di berkas (${p.counts.missing}):`);
    for (const m of p.samples.missing.slice(0, 10)) lines.push(`  ${m.ref} ${m.name} (${m.opdName ?? '-'})`);
  }
  return lines;
}

export const importCommand: CliCommand = {
  name: 'import',
  usage: `import asn|aktivasi|usul BERKAS [--dry-run] [--skip-invalid] [--deactivate-missing] [--as EMAIL]
                                                  impor berkas SIASN (pratinjau, lalu impor kecuali --dry-run)`,
  async run(args, ctx) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean' },
        'skip-invalid': { type: 'boolean' },
        'deactivate-missing': { type: 'boolean' },
        as: { type: 'string' },
      },
    });
    const [profile, file, ...rest] = positionals;
    if (!profile || !file || rest.length) throw new UsageError(`Pemakaian: npm run cli -- ${importCommand.usage.split('\n')[0]}`);
    if (!(IMPORT_PROFILE_CODES as readonly string[]).includes(profile)) {
      throw new UsageError(`Jenis impor tidak dikenal: ${profile}. Pilihan: ${IMPORT_PROFILE_CODES.join(', ')}`);
    }
    const stderr = (s: string) => process.stderr.write(s);
    const { report: onProgress, flush } = importProgress(stderr);
    return ctx.withContainer(async (c) => {
      const actor = values.as ? await c.services.users.actorByEmail(values.as) : CLI_ACTOR;
      const preview = await c.services.imports.preview(actor, profile, { path: file, name: path.basename(file) }, { onProgress });
      flush();
      stderr('\n');
      for (const line of previewLines(preview)) ctx.print(line);
      const blocked = preview.counts.errors > 0 && !values['skip-invalid'];
      if (values['dry-run']) {
        ctx.print('');
        ctx.print('--dry-run: tidak ada yang diimpor.');
        return preview.counts.errors > 0 ? EXIT.refused : EXIT.ok;
      }
      if (blocked) {
        ctx.print('');
        ctx.print(
          `Tidak ada yang diimpor: ${preview.counts.errors} baris bermasalah. Perbaiki berkasnya, atau ulangi dengan --skip-invalid.`,
        );
        return EXIT.refused;
      }
      const result = await c.services.imports.commit(actor, preview.import.id, {
        skipInvalid: !!values['skip-invalid'],
        deactivateMissing: !!values['deactivate-missing'],
        onProgress,
      });
      flush();
      stderr('\n');
      ctx.print('');
      ctx.print(result.message);
      return EXIT.ok;
    });
  },
};
