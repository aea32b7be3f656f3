import { NotFoundError as AdminNotFound, ValidationError as AdminValidationError, type ActionContext, type ActionResponse } from 'adminjs';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logger.js';
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from '../domain/shared/errors.js';

/**
 * The error edge of the web surface: the one place where a service's refusal (a DomainError, see
 * src/domain/shared/errors.ts) becomes what the panel or a route answers. Adapters never catch
 * domain errors themselves: a panel action's handler throws and scopedResource answers with
 * refusedAction; the scoped resource layer throws panelErrorOf; an Express route throws (or
 * passes to next) and httpErrorHandler answers. Anything that is not a DomainError is a bug or an
 * outage: it goes on unchanged and is answered 500 (logged) by httpErrorHandler.
 */

/**
 * A refusal that must reach the browser as HTTP 403 (not as an AdminJS notice that still
 * carries a record): AdminJS's error handler rethrows it, httpErrorHandler answers with `status`
 * and `message`.
 */
export class PanelForbiddenError extends Error {
  readonly expose = true;
  /** 403, or 405 for a method an action does not take. */
  constructor(
    message: string,
    readonly status: number = 403,
  ) {
    super(message);
    this.name = 'PanelForbiddenError';
  }
}

// ---------------------------------------------------------------------------------------------
// Panel (AdminJS)

/**
 * What a panel action answers when its service refused: the service's message as an error notice,
 * with the record (or the selection) the action was on. On a form (`form`), the values it keeps
 * and the field errors: the message on `form.field`, the ValidationError's own fields beside it.
 * Not a DomainError: rethrown.
 */
export function refusedAction(
  e: unknown,
  context: Partial<Pick<ActionContext, 'record' | 'records' | 'currentAdmin'>>,
  form?: { params: Record<string, unknown>; field: string },
): ActionResponse {
  if (!(e instanceof DomainError)) throw e;
  const notice = { message: e.message, type: 'error' as const };
  if (form) {
    const errors = Object.fromEntries(Object.entries({ [form.field]: e.message, ...fieldsOf(e) }).map(([k, message]) => [k, { message }]));
    return { record: { params: form.params, errors, populated: {}, baseError: { message: e.message } } as never, notice };
  }
  const { record, records, currentAdmin } = context;
  return {
    ...(record ? { record: record.toJSON(currentAdmin) } : {}),
    ...(records?.length ? { records: records.map((r) => r.toJSON(currentAdmin)) } : {}),
    notice,
  };
}

/**
 * The error a refusal of the scoped resource layer (list, show, new, edit, delete, search,
 * references) becomes for AdminJS's own actions: field errors are shown on the form; a refusal of
 * access is an HTTP 403 that carries no record; "not found" stays AdminJS's notice; any other
 * refusal (a stale page, a second open submission, a row still in use) is the form's error, in the
 * service's words (AdminJS counts a record without property errors as saved).
 */
export function panelErrorOf(e: unknown): unknown {
  if (e instanceof ValidationError)
    return new AdminValidationError(Object.fromEntries(Object.entries(e.fields).map(([k, message]) => [k, { message }])), {
      message: e.message,
    });
  if (e instanceof ForbiddenError) return new PanelForbiddenError(e.message);
  if (e instanceof NotFoundError) return new AdminNotFound(e.message, 'ScopedResource');
  if (e instanceof DomainError) return new AdminValidationError({ _form: { message: e.message } }, { message: e.message });
  return e;
}

// ---------------------------------------------------------------------------------------------
// HTTP (Express routes)

/**
 * The HTTP answer to an error: a DomainError's status with { message, code, errors?, row? } (its
 * message is written for the user, even for a 5xx such as a damaged scan); another error with a
 * 4xx status (a body too large, a PanelForbiddenError) as it says; anything else 500, unexplained.
 */
export function httpErrorOf(e: unknown): { status: number; body: Record<string, unknown> } {
  if (e instanceof DomainError) {
    const fields = fieldsOf(e);
    const row = e instanceof ValidationError && e.row !== undefined ? { row: e.row } : {};
    return {
      status: e.status,
      body: { message: e.message, code: e.code, ...(Object.keys(fields).length ? { errors: fields } : {}), ...row },
    };
  }
  const status = Number((e as { status?: unknown } | null)?.status) || 500;
  return { status, body: { message: status < 500 ? (e as Error).message : SERVER_ERROR } };
}

/** The app's one error handler: every route and the panel end here. 5xx answers are logged. */
export function httpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const { status, body } = httpErrorOf(err);
    if (status >= 500) logger.error({ err }, 'request failed');
    res.status(status).json(body);
  };
}

/**
 * A route serving a private file (a scan, a report): a refusal is answered as "not found", so the
 * answer never tells a file outside the user's scope from a missing one. Errors go to the one
 * error handler.
 */
export function privateFileRoute(handler: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req, res, next) => {
    handler(req, res).catch((e: unknown) => next(e instanceof ForbiddenError ? new NotFoundError(e.message) : e));
  };
}

const SERVER_ERROR = 'Terjadi kesalahan pada server';

function fieldsOf(e: DomainError): Record<string, string> {
  return e instanceof ValidationError ? e.fields : {};
}

// ---------------------------------------------------------------------------------------------
// AdminJS's own refusals, in Indonesian

/**
 * The refusals AdminJS builds itself (in English, with the resource's code), as the panel shows
 * them: in Indonesian, naming the record's number only. Applied to every JSON answer of the panel
 * (auth.ts), so a record address outside the viewer's scope reads "Data #7 tidak ditemukan…".
 */
const ADMINJS_NOTICES: ReadonlyArray<[RegExp, (m: RegExpExecArray) => string]> = [
  [
    /^record with given id: "([^"]*)" cannot be found in resource "[^"]*"$/i,
    (m) => `Data #${m[1]} tidak ditemukan atau di luar wewenang Anda`,
  ],
  [/^You have to pass a valid recordId to the recordAction$/, () => 'Nomor data pada alamat ini tidak sah'],
  [/^You have to pass "recordIds" to the bulkAction/, () => 'Pilih data lebih dulu'],
];

const inIndonesian = (message: string): string => {
  for (const [pattern, words] of ADMINJS_NOTICES) {
    const m = pattern.exec(message);
    if (m) return words(m);
  }
  return message;
};

/** The answer's notice and its record's base error, in Indonesian where AdminJS wrote them in English. */
export function indonesianNotices<T>(body: T): T {
  const b = body as { notice?: { message?: unknown }; record?: { baseError?: { message?: unknown } | null } } | null | undefined;
  for (const holder of [b?.notice, b?.record?.baseError]) {
    if (holder && typeof holder.message === 'string') holder.message = inIndonesian(holder.message);
  }
  return body;
}
