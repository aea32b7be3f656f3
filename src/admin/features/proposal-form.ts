import type { ActionResponse } from 'adminjs';

/**
 * The edit form shows a submission's proposal as JSON text in its textarea (AdminJS would show the
 * flattened keys as an empty field); the text posted back is parsed by RecordService (masked NIK kept).
 */
export async function proposalAsJsonText(response: ActionResponse): Promise<ActionResponse> {
  const params = (response.record as { params?: Record<string, unknown> } | undefined)?.params;
  if (!params || typeof params.proposedValues === 'string') return response;
  const proposal: Record<string, unknown> = {};
  for (const key of Object.keys(params)) {
    if (!key.startsWith('proposedValues.')) continue;
    proposal[key.slice('proposedValues.'.length)] = params[key];
    delete params[key];
  }
  params.proposedValues = Object.keys(proposal).length ? JSON.stringify(proposal, null, 2) : '';
  return response;
}
