import { parseArgs } from 'node:util';
import { SYSTEM_ACTOR } from '../domain/shared/actor.js';
import { ROLES, type Role } from '../domain/shared/constants.js';
import { UsageError } from './error-edge.js';
import type { CliCommand } from './command.js';

export const userCreate: CliCommand = {
  name: 'user:create',
  usage: `user:create --email E --name N --role R [--opd KODE]
                                                  buat pengguna; kata sandi dari PDM_PASSWORD`,
  async run(args, ctx) {
    const { values } = parseArgs({
      args,
      options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, opd: { type: 'string' } },
    });
    const password = ctx.config.userCreatePassword;
    if (!values.email || !values.name || !values.role || !password)
      throw new UsageError('Wajib: --email, --name, --role, dan kata sandi di variabel PDM_PASSWORD');
    if (!ROLES.includes(values.role as Role)) throw new UsageError(`Peran tidak dikenal: ${values.role}. Pilihan: ${ROLES.join(', ')}`);
    const input = { email: values.email, name: values.name, role: values.role as Role, opdCode: values.opd ?? null, password };
    const user = await ctx.withContainer((c) => c.services.users.createUser(SYSTEM_ACTOR, input));
    ctx.print(`Pengguna dibuat: #${user.id} ${user.email} (${user.role})`);
    return 0;
  },
};
