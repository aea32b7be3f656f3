import fs from 'node:fs/promises';
import type { ActionContext, ActionRequest, ActionResponse } from 'adminjs';
import type { ConsultationService, MessageInput } from '../../domain/consultations/consultation.service.js';
import { allowed, postOnly } from '../resource-helpers.js';
import { actorFrom } from '../current-admin.js';
import { readUpload, uploadPath, type UploadedFile } from '../uploads.js';

/**
 * The consultation's record actions on a submission: Tanya BKPSDM, Jawab, Tutup. Each is one call
 * into the ConsultationService, POST only (the thread component on the submission page posts a
 * form, with an optional PDF); a refusal is the action's error notice (scopedResource answers it).
 * Hidden from the page's header: the thread component is their form.
 */

const SUCCESS = {
  consultAsk: 'Pertanyaan terkirim ke BKPSDM',
  consultAnswer: 'Jawaban terkirim; penanya diberi tahu lewat e-mail',
  consultClose: 'Konsultasi ditutup',
} as const;
type ConsultActionName = keyof typeof SUCCESS;

async function messageInput(payload: Record<string, unknown>): Promise<{ input: MessageInput; tmp: string | null }> {
  const file = payload.attachment as UploadedFile | string | undefined;
  const tmp = uploadPath(file);
  const input: MessageInput = { body: payload.body };
  // An empty file field (no file chosen) arrives as a zero-size file or an empty string: no attachment.
  if (tmp && typeof file === 'object' && (file.size ?? 1) > 0) input.attachment = await readUpload(file, 'lampiran.pdf');
  return { input, tmp };
}

export function consultationAction(name: ConsultActionName, consultations: ConsultationService) {
  return {
    actionType: 'record' as const,
    component: false as const,
    isVisible: false,
    isAccessible: allowed('submissions', name),
    handler: postOnly(async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
      const { record, currentAdmin } = context;
      if (!record) throw new Error('record missing');
      const actor = actorFrom(currentAdmin, request);
      const id = Number(record.id());
      const { input, tmp } = await messageInput((request.payload ?? {}) as Record<string, unknown>);
      try {
        if (name === 'consultAsk') await consultations.ask(actor, id, input);
        else if (name === 'consultAnswer') await consultations.answer(actor, id, input);
        else await consultations.close(actor, id);
      } finally {
        if (tmp) await fs.rm(tmp, { force: true });
      }
      return {
        record: record.toJSON(currentAdmin),
        thread: await consultations.thread(actor, id),
        notice: { message: SUCCESS[name], type: 'success' },
      };
    }),
  };
}
