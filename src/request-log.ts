import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp } from 'pino-http';
import type { PanelAdmin } from './admin/current-admin.js';
import type { Logger } from './logger.js';

/**
 * One log line per request: its id (also sent back as X-Request-Id), method, path, status,
 * duration (responseTime, ms) and, when signed in, the user's id and role. Never a body, a
 * cookie, a header or a query string: searches and filters carry NIKs and names there (and
 * AdminJS puts a search term in the path, which is masked too). Health checks are not logged.
 */

type Req = IncomingMessage & { originalUrl?: string; session?: { adminUser?: PanelAdmin } };

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The path without its query string; a search term in the path and any long digit run (a NIK, a NIP) masked. */
export function loggedPath(url: string): string {
  const path = url.split('?')[0];
  return path.replace(/(\/search\/)[^/]*/, '$1…').replace(/\d{8,}/g, '…');
}

export function requestLogger(logger: Logger) {
  return pinoHttp<Req, ServerResponse>({
    logger,
    // A well-formed id from the proxy in front is kept, so its log and ours can be matched.
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: (r: { id: string; method: string; url: string; raw: Req }) => ({
        id: r.id,
        method: r.method,
        path: loggedPath(r.raw.originalUrl ?? r.url),
      }),
      res: (r: { statusCode: number }) => ({ statusCode: r.statusCode }),
    },
    // Read when the response is done: the session is known by then (also on the login request).
    customProps: (req) => {
      const user = req.session?.adminUser;
      return user ? { user: { id: Number(user.id), role: user.role } } : {};
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
    autoLogging: { ignore: (req) => loggedPath(req.url ?? '') === '/health' },
  });
}
