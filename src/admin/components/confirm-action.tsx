import React, { useEffect, useState } from 'react';
import { ApiClient, useNotice, useTranslation } from 'adminjs';
import { Box, H3, Text, Button, TextArea, Label, MessageBox } from '@adminjs/design-system';

const api = new ApiClient();

/**
 * A resource action that changes state: it explains itself, asks for confirmation and POSTs
 * (never a state change on GET). The handler's `result` lines are shown after it ran.
 * With `custom.choice` (a label) it first GETs the action for its `choices` ({ value, label }) and
 * asks for one, sent as `opdId` (e.g. the OPD of a test send); no choices: nothing is asked.
 */
const ConfirmAction: React.FC<any> = ({ resource, action, record }) => {
  const addNotice = useNotice();
  const { translateAction } = useTranslation();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string[] | null>(null);
  const [choices, setChoices] = useState<Array<{ value: number | string; label: string }>>([]);
  const [chosen, setChosen] = useState('');
  const label = translateAction(action.name, resource.id);
  useEffect(() => {
    if (!action.custom?.choice || !record) return;
    void api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: action.name } as any).then((res: any) => {
      const list = Array.isArray(res.data?.choices) ? res.data.choices : [];
      setChoices(list);
      if (list.length) setChosen(String(list[0].value));
    });
  }, [resource.id, record?.id, action.name]);
  const run = async () => {
    setBusy(true);
    try {
      const res = record
        ? await api.recordAction({
            resourceId: resource.id,
            recordId: record.id,
            actionName: action.name,
            data: choices.length ? { reason, opdId: chosen } : { reason },
          } as any)
        : await api.resourceAction({ resourceId: resource.id, actionName: action.name, data: { reason } } as any);
      if (res.data.notice) addNotice(res.data.notice);
      setResult(res.data.result ?? []);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box variant="card" p="xl" data-testid="confirm-action">
      <H3>{label}</H3>
      {action.custom?.description ? <Text mb="lg">{action.custom.description}</Text> : null}
      {action.custom?.reason ? (
        <Box mb="lg">
          <Label htmlFor="reason">{action.custom.reason}</Label>
          <TextArea id="reason" width="100%" value={reason} onChange={(e: any) => setReason(e.target.value)} />
        </Box>
      ) : null}
      {choices.length ? (
        <Box mb="lg">
          <Label htmlFor="choice">{action.custom.choice}</Label>
          <select
            id="choice"
            data-testid="confirm-choice"
            value={chosen}
            onChange={(e: any) => setChosen(e.target.value)}
            style={{ display: 'block', width: '100%', maxWidth: 560, padding: '8px', fontSize: 14 }}
          >
            {choices.map((c) => (
              <option key={String(c.value)} value={String(c.value)}>
                {c.label}
              </option>
            ))}
          </select>
        </Box>
      ) : null}
      <Button disabled={busy} onClick={() => void run()} data-testid="confirm-run">
        {label}
      </Button>
      {result ? <MessageBox mt="lg" variant="info" message={result.join(' · ')} /> : null}
    </Box>
  );
};

export default ConfirmAction;
