import express, { type Request, type Response, type Router } from 'express';
import type { ImportService } from '../../domain/imports/import.service.js';
import { actorFrom } from '../current-admin.js';
import { privateFileRoute } from '../error-edge.js';

/**
 * The "Impor SIASN" page's API, a thin adapter over ImportService (mounted behind the session
 * guard and the Origin check of src/admin/auth.ts; POST only for every change):
 *  POST /admin/api/imports/preview?profile=asn&name=FILE   body: the file itself (streamed)
 *  POST /admin/api/imports/:id/recheck                      plan the kept file again
 *  POST /admin/api/imports/:id/commit  {skipInvalid, deactivateMissing}
 *  POST /admin/api/imports/units       {mappings: [{unitId, unitName, opdId}]}
 *  GET  /admin/api/imports/progress/:token                 how far the user's running step is
 *  (preview, recheck and commit take ?progress=TOKEN, a random token the page polls while waiting)
 *  GET  /admin/imports/:id/errors.xlsx                      the error report
 *  GET  /admin/imports/:id/original                         the kept original (admin)
 * Refusals go to the one error handler (422 / 403 / 404 / 409 with an Indonesian message).
 */
export function buildImportRouter(imports: ImportService): Router {
  const router = express.Router();
  const actor = (req: Request) => actorFrom(req.session.adminUser, req);
  const json = express.json({ limit: '256kb' });
  const token = (req: Request) => (typeof req.query.progress === 'string' ? req.query.progress : undefined);
  const wrap = (fn: (req: Request, res: Response) => Promise<unknown>) => (req: Request, res: Response, next: (e?: unknown) => void) => {
    fn(req, res).then((body) => res.json(body), next);
  };

  router.post(
    '/api/imports/preview',
    wrap((req) =>
      imports.preview(
        actor(req),
        req.query.profile,
        { stream: req, name: typeof req.query.name === 'string' ? req.query.name : 'berkas' },
        { progressToken: token(req) },
      ),
    ),
  );
  router.post(
    '/api/imports/:id/recheck',
    wrap((req) => imports.recheck(actor(req), Number(req.params.id), { progressToken: token(req) })),
  );
  router.post(
    '/api/imports/:id/commit',
    json,
    wrap((req) => {
      const body = (req.body ?? {}) as { skipInvalid?: unknown; deactivateMissing?: unknown };
      return imports.commit(actor(req), Number(req.params.id), {
        skipInvalid: body.skipInvalid === true,
        deactivateMissing: body.deactivateMissing === true,
        progressToken: token(req),
      });
    }),
  );
  router.post(
    '/api/imports/units',
    json,
    wrap(async (req) => {
      const body = (req.body ?? {}) as { mappings?: unknown };
      const list = Array.isArray(body.mappings) ? (body.mappings as Array<Record<string, unknown>>) : [];
      const saved = await imports.mapUnits(
        actor(req),
        list.map((m) => ({
          unitId: typeof m.unitId === 'string' ? m.unitId : null,
          unitName: typeof m.unitName === 'string' ? m.unitName : '',
          opdId: Number(m.opdId),
        })),
      );
      return { saved, message: `${saved} unit dipetakan ke OPD` };
    }),
  );
  router.get(
    '/api/imports/progress/:token',
    wrap(async (req) => imports.progressOf(actor(req), req.params.token) ?? { phase: null, rows: 0, total: null, message: null }),
  );
  router.get(
    '/imports/:id/errors.xlsx',
    privateFileRoute(async (req, res) => {
      const file = await imports.errorReport(actor(req), Number(req.params.id));
      res.set({
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="${file.name}"`,
        'Cache-Control': 'private, no-store',
      });
      file.stream.pipe(res);
    }),
  );
  router.get(
    '/imports/:id/original',
    privateFileRoute(async (req, res) => {
      const file = await imports.original(actor(req), Number(req.params.id));
      res.set({
        'Content-Type': file.mime,
        'Content-Length': String(file.size),
        'Content-Disposition': `attachment; filename="${file.name.replace(/[^\w.\- ]/g, '_')}"`,
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      file.stream.pipe(res);
    }),
  );
  return router;
}
