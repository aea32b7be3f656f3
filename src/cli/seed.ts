import { parseArgs } from 'node:util';
import { seedDemoData } from '../bootstrap.js';
import { createLogger } from '../logger.js';
import { UsageError } from './error-edge.js';
import type { CliCommand } from './command.js';

/** The largest demo regency the seed builds (the plan is held in memory). */
const MAX_EMPLOYEES = 500_000;

export const seed: CliCommand = {
  name: 'seed',
  usage: 'seed --demo [--employees N]     isi data demo, N ASN (bawaan 9.000; hanya bila basis data kosong)',
  async run(args, ctx) {
    const { values } = parseArgs({ args, options: { demo: { type: 'boolean' }, employees: { type: 'string' } } });
    if (!values.demo) throw new UsageError('Gunakan: seed --demo');
    let employees: number | undefined;
    if (values.employees !== undefined) {
      employees = Number(values.employees.replace(/[._]/g, ''));
      if (!Number.isInteger(employees) || employees < 0 || employees > MAX_EMPLOYEES)
        throw new UsageError(
          `--employees: jumlah ASN harus bilangan bulat 0 sampai ${MAX_EMPLOYEES.toLocaleString('id-ID')} (diberikan "${values.employees}")`,
        );
    }
    // Says what it wrote (an info line), whatever the CLI's log level.
    const r = await ctx.withContainer((c) => seedDemoData(c, createLogger('info'), { employees }));
    ctx.print(
      r.seeded
        ? `Data demo dibuat dalam ${(r.ms / 1000).toLocaleString('id-ID', { maximumFractionDigits: 1 })} detik.`
        : 'Basis data sudah berisi OPD; data demo tidak dibuat.',
    );
    return 0;
  },
};
