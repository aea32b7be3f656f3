import React, { useState } from 'react';
import { ApiClient, useNotice, useTranslation } from 'adminjs';
import { Box, H3, Text, Button, TextArea, Label, MessageBox } from '@adminjs/design-system';

const api = new ApiClient();

/**
 * A resource action that changes state: it explains itself, asks for confirmation and POSTs
 * (never a state change on GET). The handler's `result` lines are shown after it ran.
 */
const ConfirmAction: React.FC<any> = ({ resource, action, record }) => {
  const addNotice = useNotice();
  const { translateAction } = useTranslation();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string[] | null>(null);
  const label = translateAction(action.name, resource.id);
  const run = async () => {
    setBusy(true);
    try {
      const res = record
        ? await api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: action.name, data: { reason } } as any)
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
      <Button disabled={busy} onClick={() => void run()} data-testid="confirm-run">
        {label}
      </Button>
      {result ? <MessageBox mt="lg" variant="info" message={result.join(' · ')} /> : null}
    </Box>
  );
};

export default ConfirmAction;
