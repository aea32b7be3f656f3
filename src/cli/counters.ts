import { parseArgs } from 'node:util';
import type { CliCommand } from './command.js';
import { EXIT, UsageError } from './error-edge.js';

/**
 * `counters check [--fix]`: the dashboard-consistency job's check (DashboardSnapshots.check) on
 * demand — every precomputed dashboard figure recomputed from the facts. Exit 0: no drift;
 * 1: drift found (listed; with --fix rebuilt). Audited either way.
 */
export const countersCommand: CliCommand = {
  name: 'counters',
  usage: 'counters check [--fix]          bandingkan angka dasbor dengan fakta (--fix: perbaiki selisih)',
  async run(args, ctx) {
    const { print } = ctx;
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { fix: { type: 'boolean' } } });
    if (positionals.length !== 1 || positionals[0] !== 'check') throw new UsageError('Gunakan: counters check [--fix]');
    const result = await ctx.withContainer((c) => c.services.dashboardSnapshots.check(new Date(), { fix: values.fix === true }));
    print(`Diperiksa: ${result.checked} cakupan; menunggu pembaruan: ${result.pending.length}; selisih: ${result.drift.length}`);
    for (const d of result.drift) {
      print(`Selisih ${d.scope}:`);
      for (const line of d.differences) print(`  ${line}`);
    }
    if (result.fixed.length) print(`Diperbarui dari fakta: ${result.fixed.join(', ')}`);
    return result.drift.length ? EXIT.failed : EXIT.ok;
  },
};
