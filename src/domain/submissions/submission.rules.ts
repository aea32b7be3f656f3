import type { ResourceRules, Row } from '../records/resource-rules.js';
import type { Actor } from '../shared/actor.js';
import { CONCURRENT_UPDATE_MESSAGE } from './workflow-context.js';
import type { WorkflowService } from './workflow.service.js';
import { text } from '../shared/text.js';

/**
 * What the generic path (the panel's new, edit and delete) may do with a submission: nothing
 * itself. A new submission is created by WorkflowService.create (category from the configuration,
 * the employee's OPD, the open campaign, the phase, one open submission per category, the first
 * history row); an edit changes only the proposed values, through WorkflowService.revise (open
 * submissions only, the version bumped, audited). Everything else an edit form posts back must be
 * unchanged: category, employee, OPD, campaign, status, dates, note, source and version never
 * change through an edit.
 */
export const SUBMISSION_FIXED_FIELDS: Readonly<Record<string, string>> = {
  employeeId: 'Pegawai pada usul tidak dapat diubah; buat usul baru untuk pegawai yang benar',
  category: 'Kategori usul tidak dapat diubah; buat usul baru pada kategori yang benar',
  opdId: 'OPD usul selalu mengikuti OPD pegawainya dan tidak dapat diubah',
  campaignId: 'Putaran PDM usul ditentukan saat usul dibuat dan tidak dapat diubah',
  status: 'Status usul hanya berubah melalui tindakan alur kerja (verifikasi, kembalikan, tolak, validasi, setujui, ajukan ulang)',
  submittedAt: 'Tanggal usul dicatat saat usul dibuat dan tidak dapat diubah',
  verifiedAt: 'Tanggal verifikasi dicatat oleh alur kerja dan tidak dapat diubah',
  validatedAt: 'Tanggal validasi BKN dicatat oleh alur kerja dan tidak dapat diubah',
  decidedAt: 'Tanggal keputusan dicatat oleh alur kerja dan tidak dapat diubah',
  lastNote: 'Catatan usul diisi melalui tindakan alur kerja (kembalikan atau tolak)',
  source: 'Sumber usul dicatat saat usul dibuat dan tidak dapat diubah',
  version: CONCURRENT_UPDATE_MESSAGE,
};

const overrideOf = (values: Row) => {
  const reason = text(values.overrideReason).trim();
  return reason ? { reason } : null;
};

const plain = (row: { get(o: { plain: true }): unknown }) => row.get({ plain: true }) as Row;

export function submissionRules(workflow: WorkflowService): ResourceRules {
  return {
    writable: { create: ['employeeId', 'category', 'proposedValues'], update: ['proposedValues'] },
    // An admin acting outside the phase window gives a reason (audited, kept on the history row).
    inputOnly: ['overrideReason'],
    fixed: SUBMISSION_FIXED_FIELDS,
    deletable: true,
    createVia: async (actor: Actor, values) =>
      plain(
        await workflow.create(
          actor,
          {
            employeeId: Number(values.employeeId),
            category: text(values.category),
            proposedValues: values.proposedValues as Record<string, unknown> | string | null | undefined,
            source: actor.role === 'helpdesk' ? 'helpdesk' : 'panel',
          },
          { override: overrideOf(values) },
        ),
      ),
    updateVia: async (actor: Actor, id, values, current) =>
      plain(
        await workflow.revise(actor, Number(id), values.proposedValues, {
          expectedVersion: Number(current.version),
          override: overrideOf(values),
        }),
      ),
    beforeDelete: (_actor, current, ctx) => workflow.assertDeletable(current as never, ctx.transaction),
  };
}
