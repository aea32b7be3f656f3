import React, { useState } from 'react';
import { ApiClient, useNotice, useTranslation } from 'adminjs';
import { Box, H3, Text, Button, TextArea, Label } from '@adminjs/design-system';

const api = new ApiClient();
const NEEDS_NOTE = ['returnForFix', 'reject'];

/** Confirmation page of one workflow action (from the list's action menu). Only POST changes state. */
const WorkflowAction: React.FC<any> = ({ record, resource, action }) => {
  const addNotice = useNotice();
  const { translateAction } = useTranslation();
  const label = translateAction(action.name, resource.id);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      const res = await api.recordAction({
        resourceId: resource.id,
        recordId: record.id,
        actionName: action.name,
        data: { note, version: String(record.params.version ?? '') },
      } as any);
      if (res.data.notice) addNotice(res.data.notice);
      if (res.data.redirectUrl && res.data.notice?.type !== 'error') window.location.assign(res.data.redirectUrl);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box variant="card" p="xl">
      <H3>
        {label}: usul #{record.id}
      </H3>
      <Text mb="lg">{record.title}</Text>
      {NEEDS_NOTE.includes(action.name) ? (
        <Box mb="lg">
          <Label htmlFor="note" required>
            Catatan
          </Label>
          <TextArea id="note" width="100%" value={note} onChange={(e: any) => setNote(e.target.value)} />
        </Box>
      ) : null}
      <Button
        variant={action.name === 'reject' ? 'danger' : 'contained'}
        disabled={busy}
        onClick={() => void submit()}
        data-testid="confirm-action"
      >
        {label}
      </Button>
    </Box>
  );
};

export default WorkflowAction;
