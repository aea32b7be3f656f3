import React, { useState } from 'react';
import { ApiClient, useNotice, useTranslation } from 'adminjs';
import { Box, H3, Text, Button, Table, TableHead, TableBody, TableRow, TableCell } from '@adminjs/design-system';

const api = new ApiClient();

/** Bulk verify / approve: confirm, then the result of every selected submission. */
const BulkWorkflow: React.FC<any> = ({ records, resource, action }) => {
  const addNotice = useNotice();
  const { translateAction } = useTranslation();
  const label = translateAction(action.name, resource.id);
  const [results, setResults] = useState<any[] | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const res = await api.bulkAction({
        resourceId: resource.id,
        actionName: action.name,
        recordIds: records.map((r: any) => r.id),
        data: {},
      } as any);
      if (res.data.notice) addNotice(res.data.notice);
      setResults(res.data.results ?? []);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box variant="card" p="xl">
      <H3>{label}</H3>
      <Text mb="lg">{records.length} usul terpilih.</Text>
      {results ? (
        <Table data-testid="bulk-results">
          <TableHead>
            <TableRow>
              <TableCell>Usul</TableCell>
              <TableCell>Hasil</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {results.map((r) => (
              <TableRow key={r.id}>
                <TableCell>#{r.id}</TableCell>
                <TableCell>{r.ok ? `Berhasil (${r.status})` : `Gagal: ${r.error}`}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <Button disabled={busy} onClick={() => void run()}>
          {label}
        </Button>
      )}
    </Box>
  );
};

export default BulkWorkflow;
