import React, { useState } from 'react';
import { ApiClient, useNotice } from 'adminjs';
import { Box, H3, Text, Button, TextArea, Label, MessageBox } from '@adminjs/design-system';

const api = new ApiClient();

/**
 * "Kirim laporan": the OPD head's statement and the proof-of-completion PDFs, POSTed as one form
 * (file0, file1, …). The server checks everything (who, when, each file's content); this only
 * collects the input and shows the answer.
 */
const OpdReportSubmit: React.FC<any> = ({ resource, action }) => {
  const addNotice = useNotice();
  const [statement, setStatement] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      form.set('statement', statement);
      files.forEach((f, i) => form.set(`file${i}`, f, f.name));
      const res = await api.resourceAction({ resourceId: resource.id, actionName: action.name, data: form, method: 'post' } as any);
      if (res.data.notice) addNotice(res.data.notice);
      if (res.data.notice?.type === 'error') setError(res.data.notice.message);
      else if (res.data.redirectUrl) window.location.assign(res.data.redirectUrl);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box variant="card" p="xl" data-testid="opd-report-submit">
      <H3>Kirim laporan hasil PDM kepada Bupati melalui BKPSDM</H3>
      <Text mb="lg">
        Angka OPD dibekukan pada saat laporan dikirim (sama dengan laporan Excel OPD). Lampirkan bukti penyelesaian dalam format PDF (maks.
        1 MB per berkas).
      </Text>
      <Box mb="lg">
        <Label htmlFor="statement" required>
          Pernyataan Kepala OPD
        </Label>
        <TextArea
          id="statement"
          name="statement"
          width="100%"
          rows={5}
          value={statement}
          onChange={(e: any) => setStatement(e.target.value)}
          data-testid="opd-report-statement"
        />
      </Box>
      <Box mb="lg">
        <Label htmlFor="proof" required>
          Bukti penyelesaian (PDF)
        </Label>
        <input
          id="proof"
          type="file"
          multiple
          accept="application/pdf,.pdf"
          data-testid="opd-report-files"
          onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
        />
        {files.length ? <Text mt="sm">{files.map((f) => f.name).join(', ')}</Text> : null}
      </Box>
      {error ? <MessageBox mb="lg" variant="danger" message={error} data-testid="opd-report-error" /> : null}
      <Button disabled={busy} onClick={() => void submit()} data-testid="opd-report-send">
        Kirim laporan
      </Button>
    </Box>
  );
};

export default OpdReportSubmit;
