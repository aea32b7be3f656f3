import { describe, it, expect } from '@jest/globals';
import { NotFoundError as AdminNotFound, ValidationError as AdminValidationError } from 'adminjs';
import { httpErrorHandler, httpErrorOf, PanelForbiddenError, panelErrorOf, refusedAction } from '../../../src/admin/error-edge.js';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  PhaseClosedError,
  ValidationError,
} from '../../../src/domain/shared/errors.js';
import { StorageIntegrityError } from '../../../src/domain/documents/stored-pdf.js';
import type { Logger } from '../../../src/logger.js';

const closed = () =>
  new PhaseClosedError('Verifikasi hanya dapat dilakukan pada tahap verifikasi', 'approval', ['verification'], '2021-09-06');

describe('httpErrorOf: one HTTP answer per kind of error', () => {
  it.each<[string, unknown, number, Record<string, unknown>]>([
    [
      'bad input, with its fields and row',
      new ValidationError('Data tidak valid', { nip: 'NIP wajib diisi' }, 7),
      422,
      { message: 'Data tidak valid', code: 'validation', errors: { nip: 'NIP wajib diisi' }, row: 7 },
    ],
    [
      'a closed phase',
      closed(),
      422,
      { code: 'phase_closed', errors: { phase: 'Verifikasi hanya dapat dilakukan pada tahap verifikasi' } },
    ],
    ['a refusal of access', new ForbiddenError('Anda tidak berwenang'), 403, { message: 'Anda tidak berwenang', code: 'forbidden' }],
    ['a missing row', new NotFoundError('Usul #9 tidak ditemukan'), 404, { code: 'not_found' }],
    ['a conflict', new ConflictError('Usul ini baru saja diproses'), 409, { code: 'conflict' }],
    [
      'a damaged scan: 500, in the words written for the user',
      new StorageIntegrityError('Berkas dokumen #3 rusak'),
      500,
      { message: 'Berkas dokumen #3 rusak', code: 'storage_integrity' },
    ],
    [
      'a panel refusal by method',
      new PanelForbiddenError('Metode HEAD tidak diizinkan', 405),
      405,
      { message: 'Metode HEAD tidak diizinkan' },
    ],
  ])('%s', (_label, error, status, body) => {
    const answer = httpErrorOf(error);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject(body);
  });

  it('a field-less refusal carries no errors; anything else is a 500 that tells nothing of its cause', () => {
    expect(Object.keys(httpErrorOf(new ConflictError('x')).body).sort()).toEqual(['code', 'message']);
    expect(httpErrorOf(new Error('SQLITE_BUSY: /var/lib/pdm.sqlite'))).toEqual({
      status: 500,
      body: { message: 'Terjadi kesalahan pada server' },
    });
    expect(httpErrorOf(undefined)).toEqual({ status: 500, body: { message: 'Terjadi kesalahan pada server' } });
  });

  it('the handler answers with it and logs only 5xx', () => {
    const logged: unknown[] = [];
    const logger = { error: (...args: unknown[]) => logged.push(args) } as unknown as Logger;
    const answers: Array<{ status: number; body: unknown }> = [];
    const res = { status: (s: number) => ({ json: (body: unknown) => answers.push({ status: s, body }) }) };
    const handle = httpErrorHandler(logger);
    handle(new ForbiddenError('Tidak boleh'), {} as never, res as never, () => undefined);
    expect(logged).toHaveLength(0);
    handle(new Error('boom'), {} as never, res as never, () => undefined);
    expect(logged).toHaveLength(1);
    expect(answers).toEqual([
      { status: 403, body: { message: 'Tidak boleh', code: 'forbidden' } },
      { status: 500, body: { message: 'Terjadi kesalahan pada server' } },
    ]);
  });
});

describe('the panel edge', () => {
  const record = { toJSON: () => ({ id: '5', params: { id: 5, status: 'submitted' } }) };

  it('refusedAction: the service message as an error notice, with the record the action was on', () => {
    expect(refusedAction(closed(), { record: record as never })).toEqual({
      record: { id: '5', params: { id: 5, status: 'submitted' } },
      notice: { message: 'Verifikasi hanya dapat dilakukan pada tahap verifikasi', type: 'error' },
    });
    expect(refusedAction(new ForbiddenError('Hanya administrator'), {})).toEqual({
      notice: { message: 'Hanya administrator', type: 'error' },
    });
  });

  it('refusedAction on a form keeps its values and puts the message on its field, beside the fields of the error', () => {
    const answer = refusedAction(
      new ValidationError('Jenis dokumen tidak sesuai', { documentType: 'Pilih jenis dokumen kategori ini' }),
      {},
      { params: { submissionId: 3 }, field: 'file' },
    );
    expect(answer.record).toEqual({
      params: { submissionId: 3 },
      errors: { file: { message: 'Jenis dokumen tidak sesuai' }, documentType: { message: 'Pilih jenis dokumen kategori ini' } },
      populated: {},
      baseError: { message: 'Jenis dokumen tidak sesuai' },
    });
    expect(answer.notice).toEqual({ message: 'Jenis dokumen tidak sesuai', type: 'error' });
  });

  it('refusedAction rethrows what is not a refusal (a bug or an outage answers 500)', () => {
    const bug = new TypeError('x is undefined');
    expect(() => refusedAction(bug, {})).toThrow(bug);
  });

  it('panelErrorOf: what AdminJS shows for each kind, anything else unchanged', () => {
    const invalid = panelErrorOf(new ValidationError('Data pegawai tidak valid', { nip: 'NIP salah' })) as AdminValidationError;
    expect(invalid).toBeInstanceOf(AdminValidationError);
    expect(invalid.propertyErrors).toEqual({ nip: { message: 'NIP salah' } });
    expect(invalid.baseError).toEqual({ message: 'Data pegawai tidak valid' });
    const forbidden = panelErrorOf(new ForbiddenError('Anda tidak berwenang')) as PanelForbiddenError;
    expect([forbidden instanceof PanelForbiddenError, forbidden.status, forbidden.message]).toEqual([true, 403, 'Anda tidak berwenang']);
    expect(panelErrorOf(new NotFoundError('Data tidak ditemukan'))).toBeInstanceOf(AdminNotFound);
    const conflict = panelErrorOf(new ConflictError('Masih dipakai')) as AdminValidationError;
    expect(conflict.propertyErrors).toEqual({ _form: { message: 'Masih dipakai' } });
    expect(panelErrorOf(new DomainError('Lain'))).toBeInstanceOf(AdminValidationError);
    const bug = new Error('boom');
    expect(panelErrorOf(bug)).toBe(bug);
  });
});
