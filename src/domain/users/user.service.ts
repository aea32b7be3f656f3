import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ResourceRules, Row, RuleContext } from '../records/resource-rules.js';
import { anonymousActor, type Actor } from '../shared/actor.js';
import { OPD_SCOPED_ROLES, ROLES, type Role } from '../shared/constants.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import { isEmailAddress } from '../shared/email.js';
import { LoginThrottle, PASSWORD_CHANGE_THROTTLE } from './login-throttle.service.js';
import { hashPassword, passwordMatches, passwordProblem, UNKNOWN_USER_HASH } from './password.js';
import { text } from '../shared/text.js';

export { PASSWORD_CHANGE_THROTTLE };

export type LoginOutcome =
  | { status: 'ok'; user: NonNullable<Awaited<ReturnType<UserService['verifyCredentials']>>> }
  | { status: 'invalid' }
  | { status: 'blocked' };

async function normaliseUser(values: Row, current: Row | null, ctx: RuleContext): Promise<Row> {
  const merged = { ...(current ?? {}), ...values };
  const fields: Record<string, string> = {};
  const email = text(merged.email).trim().toLowerCase();
  if (!isEmailAddress(email)) fields.email = 'Format e-mail tidak valid';
  if (!text(merged.name).trim()) fields.name = 'Nama wajib diisi';
  const role = merged.role as Role;
  if (!ROLES.includes(role)) fields.role = 'Peran tidak dikenal';
  const opdId = merged.opdId === '' || merged.opdId === undefined || merged.opdId === null ? null : Number(merged.opdId);
  if (OPD_SCOPED_ROLES.includes(role) && !opdId) fields.opdId = 'Peran ini wajib memiliki OPD';
  if (ROLES.includes(role) && !OPD_SCOPED_ROLES.includes(role) && opdId)
    fields.opdId = 'Peran ini tidak terikat pada satu OPD; kosongkan OPD';
  const out: Row = { ...values, email, opdId };
  if (typeof out.role === 'string') out.role = role;
  const password = values.password as string | undefined;
  delete out.password;
  if (password) {
    const problem = passwordProblem(password, email);
    if (problem) fields.password = problem;
    else {
      out.passwordHash = await hashPassword(password);
      out.passwordChangedAt = new Date();
    }
  } else if (!current) {
    fields.password = 'Kata sandi wajib diisi';
  }
  if (!fields.email) {
    const dup = await ctx.models.User.findOne({
      where: { email, ...(current ? { id: { [Op.ne]: current.id as number } } : {}) },
      transaction: ctx.transaction,
    });
    if (dup) fields.email = `E-mail ${email} sudah dipakai`;
  }
  if (Object.keys(fields).length) throw new ValidationError(`Data pengguna tidak valid: ${Object.values(fields).join('; ')}`, fields);
  // Deactivating a user, changing their role, OPD or e-mail, or resetting their password ends
  // their sessions: the rows go, and the version bump refuses any session still in flight.
  const currentOpd = current?.opdId === null || current?.opdId === undefined ? null : Number(current.opdId);
  if (
    current &&
    (('active' in values && !values.active && current.active) ||
      (values.role !== undefined && values.role !== current.role) ||
      ('opdId' in values && opdId !== currentOpd) ||
      (values.email !== undefined && email !== current.email) ||
      password)
  ) {
    out.sessionVersion = Number(current.sessionVersion ?? 1) + 1;
    await ctx.models.Session.destroy({ where: { userId: current.id as number }, transaction: ctx.transaction });
  }
  return out;
}

/** What the user form writes; the hash, the session version and the login times are set by the rules and the login. */
export const USER_WRITABLE_FIELDS = ['email', 'name', 'role', 'opdId', 'active', 'locale'] as const;

export const userRules: ResourceRules = {
  writable: { create: USER_WRITABLE_FIELDS, update: USER_WRITABLE_FIELDS },
  deletable: true,
  readOnly: ['lastLoginAt', 'passwordChangedAt', 'passwordHash', 'sessionVersion'],
  inputOnly: ['password'],
  // An administrator cannot delete their own account; a deleted user's sessions end with it.
  beforeDelete: async (actor, current, ctx) => {
    if (actor.id !== null && Number(current.id) === Number(actor.id))
      throw new ConflictError('Anda tidak dapat menghapus akun Anda sendiri; minta administrator lain');
    await ctx.models.Session.destroy({ where: { userId: current.id as number }, transaction: ctx.transaction });
  },
  beforeCreate: (_a, values, ctx) => normaliseUser(values, null, ctx),
  beforeUpdate: (_a, values, current, ctx) => normaliseUser(values, current, ctx),
};

export class UserService {
  private readonly audit: AuditService;
  private readonly throttle: LoginThrottle;
  constructor(
    private readonly models: Models,
    deps: { audit: AuditService; throttle: LoginThrottle },
  ) {
    this.audit = deps.audit;
    this.throttle = deps.throttle;
  }

  /**
   * A login attempt: the attempt is claimed on the account and the client IP before the password
   * is checked (LoginThrottle), so a burst of parallel guesses checks at most the limit; past it
   * the answer is "blocked", even for the right password. Failures and blocks are audited
   * (login_failed, login_blocked); the caller audits the login itself once the session exists.
   */
  async login(email: string, password: string, ip: string | null): Promise<LoginOutcome> {
    const account = LoginThrottle.accountOf(email);
    const actor = anonymousActor(account, ip);
    const claim = await this.throttle.claimLogin(account, ip);
    if (!claim) {
      await this.audit.record(actor, {
        action: 'login_blocked',
        resource: 'users',
        outcome: 'denied',
        message: 'terlalu banyak percobaan',
      });
      return { status: 'blocked' };
    }
    const user = await this.verifyCredentials(account, password);
    if (!user) {
      // The claimed attempt stays counted: it was a failure.
      await this.audit.record(actor, { action: 'login_failed', resource: 'users', outcome: 'denied' });
      return { status: 'invalid' };
    }
    await this.throttle.release(claim);
    return { status: 'ok', user };
  }

  /** Checks credentials; returns the user or null. Constant work whether or not the user exists. */
  async verifyCredentials(email: string, password: string) {
    const user = await this.models.User.findOne({
      where: {
        email: String(email ?? '')
          .trim()
          .toLowerCase(),
      },
    });
    const ok = await passwordMatches(password, user?.passwordHash ?? UNKNOWN_USER_HASH);
    if (!user || !ok || !user.active) return null;
    return user;
  }

  /**
   * A signed-in user changes their own password. The current password is required, and each
   * check of it is claimed from the per-user throttle first (as logins are), so parallel guesses
   * from a stolen session check at most the limit; every other session of the user ends. Returns
   * the new session version, for the caller's own session.
   */
  async changeOwnPassword(
    actor: Actor,
    current: string,
    next: string,
    opts: { keepSessionId?: string | null; now?: Date } = {},
  ): Promise<number> {
    const user = actor.id ? await this.models.User.findByPk(actor.id) : null;
    if (!user || !user.active) throw new ForbiddenError('Sesi tidak valid; silakan masuk kembali');
    const now = opts.now ?? new Date();
    const claim = await this.throttle.claimPasswordChange(user.id, now);
    if (!claim) {
      await this.audit.record(actor, {
        action: 'denied',
        resource: 'users',
        recordId: user.id,
        outcome: 'denied',
        message: 'ganti kata sandi: terlalu banyak percobaan',
      });
      throw new ForbiddenError('Terlalu banyak percobaan. Coba lagi beberapa menit lagi.');
    }
    if (!(await passwordMatches(current, user.passwordHash))) {
      await this.audit.record(actor, {
        action: 'password_change_failed',
        resource: 'users',
        recordId: user.id,
        outcome: 'denied',
        message: 'kata sandi lama salah',
      });
      throw new ValidationError('Kata sandi lama salah', { currentPassword: 'Kata sandi lama salah' });
    }
    // The current password was right: this check does not count against the user.
    await this.throttle.release(claim);
    const problem = passwordProblem(String(next ?? ''), user.email);
    if (problem) throw new ValidationError(problem, { newPassword: problem });
    if (await passwordMatches(next, user.passwordHash)) {
      throw new ValidationError('Kata sandi baru harus berbeda dari yang lama', { newPassword: 'Sama dengan kata sandi lama' });
    }
    return this.models.User.sequelize!.transaction(async (transaction) => {
      user.passwordHash = await hashPassword(next);
      user.passwordChangedAt = now;
      user.sessionVersion = Number(user.sessionVersion ?? 1) + 1;
      await user.save({ transaction });
      await this.models.Session.destroy({
        where: { userId: user.id, ...(opts.keepSessionId ? { sid: { [Op.ne]: opts.keepSessionId } } : {}) },
        transaction,
      });
      await this.audit.record(actor, { action: 'password_change', resource: 'users', recordId: user.id }, transaction);
      return user.sessionVersion;
    });
  }

  /** For the CLI's `--as EMAIL`: the active user as an actor (their role decides what they may do). */
  async actorByEmail(email: string): Promise<Actor> {
    const user = await this.models.User.findOne({ where: { email: email.trim().toLowerCase() } });
    if (!user || !user.active) throw new NotFoundError(`Pengguna aktif dengan e-mail ${email} tidak ditemukan`);
    return { id: user.id, email: user.email, role: user.role, opdId: user.opdId ?? null };
  }

  /** For the CLI: creates (or, with `update`, resets) a user. */
  async createUser(actor: Actor, input: { email: string; name: string; role: Role; opdCode?: string | null; password: string }) {
    let opdId: number | null = null;
    if (input.opdCode) {
      const opd = await this.models.Opd.findOne({ where: { code: input.opdCode } });
      if (!opd) throw new ValidationError(`OPD dengan kode ${input.opdCode} tidak ditemukan`, { opd: 'tidak ditemukan' });
      opdId = opd.id;
    }
    return this.models.User.sequelize!.transaction(async (transaction) => {
      const values = await normaliseUser(
        { email: input.email, name: input.name, role: input.role, opdId, password: input.password, active: true },
        null,
        {
          models: this.models,
          transaction,
          audit: this.audit,
        },
      );
      const user = await this.models.User.create(values as never, { transaction });
      await this.audit.record(
        actor,
        { action: 'create', resource: 'users', recordId: user.id, after: user.get({ plain: true }) },
        transaction,
      );
      return user;
    });
  }
}
