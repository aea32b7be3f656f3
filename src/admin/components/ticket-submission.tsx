import React, { useEffect, useState } from 'react';
import { ApiClient, useTranslation } from 'adminjs';
import { Box, Input, Label, Text, Badge } from '@adminjs/design-system';

const api = new ApiClient();

/**
 * The ticket's link to a submission (or one of its scans).
 * - edit: a number field; a form opened from a submission page (?submissionId=…) fills it in
 *   (the server then takes the employee from it, and the kind "Usul pemutakhiran" when none is chosen).
 * - show: the submission's status and history, from the ticket's linkedSubmission action.
 */
const TicketSubmission: React.FC<any> = ({ property, record, onChange, where, resource }) => {
  const value = record?.params?.[property.path];
  const [linked, setLinked] = useState<any>(undefined);
  const { translateProperty } = useTranslation();
  const label = translateProperty(property.path, resource.id);

  useEffect(() => {
    if (where !== 'edit' || !onChange) return;
    const fromUrl = new URLSearchParams(window.location.search).get(property.path);
    if (fromUrl && (value === undefined || value === null || value === '')) {
      // The kind follows on the server: a ticket about a submission is "Usul pemutakhiran" unless chosen.
      onChange(property.path, fromUrl);
    }
  }, []);

  useEffect(() => {
    if (where !== 'show' || !record?.id) return;
    api
      .recordAction({ resourceId: resource.id, recordId: record.id, actionName: 'linkedSubmission' })
      .then((res: any) => setLinked(res.data.linked ?? null))
      .catch(() => setLinked(null));
  }, [record?.id]);

  if (where === 'edit') {
    return (
      <Box mb="xl">
        <Label htmlFor={property.path}>{label}</Label>
        <Input
          id={property.path}
          name={property.path}
          type="number"
          width="100%"
          value={value ?? ''}
          onChange={(e: any) => onChange(property.path, e.target.value)}
        />
        {property.description ? (
          <Text variant="sm" color="grey60">
            {property.description}
          </Text>
        ) : null}
        {record?.errors?.[property.path] ? <Text color="error">{record.errors[property.path].message}</Text> : null}
      </Box>
    );
  }

  return (
    <Box mb="xl" data-testid="ticket-submission">
      <Label>{label}</Label>
      {!value ? <Text>—</Text> : null}
      {value && linked === undefined ? <Text>Memuat…</Text> : null}
      {value && linked === null ? <Text>Usul #{value} (tidak dapat ditampilkan)</Text> : null}
      {linked ? (
        <Box>
          <Text>
            <a href={linked.url}>Usul #{linked.id}</a>{' '}
            <Badge variant="info" data-testid="ticket-submission-status">
              {linked.statusLabel}
            </Badge>
          </Text>
          {linked.history.length === 0 ? <Text variant="sm">Belum ada riwayat.</Text> : null}
          <ol data-testid="ticket-submission-history" style={{ paddingLeft: 18, marginTop: 8 }}>
            {linked.history.map((e: any) => (
              <li key={e.id}>
                <Text variant="sm">
                  <b>{e.text}</b> · {e.at} · {e.who}
                  {e.note ? ` — ${e.note}` : ''}
                </Text>
              </li>
            ))}
          </ol>
        </Box>
      ) : null}
    </Box>
  );
};

export default TicketSubmission;
