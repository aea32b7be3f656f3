import express, { type Router } from 'express';
import type { UserService } from '../../domain/users/user.service.js';
import { actorFrom } from '../current-admin.js';
import { text } from '../../domain/shared/text.js';

/**
 * The signed-in user's own account: `POST <rootPath>/api/account/password` with JSON
 * `{ currentPassword, newPassword }`. Mounted behind the session guard and the Origin check
 * (src/admin/auth.ts mounts it), so only a live session from our own pages reaches it.
 * Answers 200 `{ message }`; a refusal goes to the one error handler (422 `{ message, code, errors:
 * { field: message } }`, 403 `{ message, code }`).
 */
export function buildAccountRouter(users: UserService): Router {
  const router = express.Router();
  router.post('/api/account/password', express.json({ limit: '10kb' }), async (req, res, next) => {
    try {
      const admin = req.session.adminUser;
      if (!admin) return void res.status(401).json({ message: 'Silakan masuk terlebih dahulu' });
      const actor = actorFrom(admin, req);
      const body = (req.body ?? {}) as { currentPassword?: unknown; newPassword?: unknown };
      const version = await users.changeOwnPassword(actor, text(body.currentPassword), text(body.newPassword), {
        keepSessionId: req.sessionID,
      });
      // This session stays valid; every other session of the user has ended.
      req.session.sessionVersion = version;
      req.session.save((err) => {
        if (err) return next(err);
        res.json({ message: 'Kata sandi berhasil diubah. Sesi lain akun ini telah diakhiri.' });
      });
    } catch (e) {
      next(e);
    }
  });
  return router;
}
