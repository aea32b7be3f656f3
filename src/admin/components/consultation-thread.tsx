import React, { useState } from 'react';
import { ApiClient, useNotice } from 'adminjs';
import { Box, H4, Text, Button, TextArea, Label, Badge, MessageBox } from '@adminjs/design-system';

const api = new ApiClient();

/**
 * The consultation with BKPSDM on the submission page, beside the history: every message with who
 * (name and role) and when, in Indonesian; the form to ask (verifier, Kanreg BKN), to answer
 * (BKPSDM) or to close. Messages are never edited: a correction is a new message. Every change is a
 * POST of a record action; the server sends back the thread as it is now.
 */
const ConsultationThread: React.FC<any> = ({ resourceId, recordId, thread: initial, canOpenTicket }) => {
  const addNotice = useNotice();
  const [thread, setThread] = useState<any>(initial);
  const [body, setBody] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [fileKey, setFileKey] = useState(0);
  const [busy, setBusy] = useState(false);
  if (!thread) return null;

  const post = async (actionName: string) => {
    const form = new FormData();
    form.append('body', body);
    if (file) form.append('attachment', file);
    setBusy(true);
    try {
      const res = await api.recordAction({ resourceId, recordId, actionName, data: form } as any);
      const notice = res.data.notice;
      if (notice) addNotice(notice);
      if (res.data.thread) setThread(res.data.thread);
      if (notice?.type !== 'error') {
        setBody('');
        setFile(null);
        setFileKey((k) => k + 1);
      }
    } catch {
      addNotice({ message: 'Gagal mengirim; coba lagi', type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const messages = thread.consultations.flatMap((c: any) => c.messages.map((m: any) => ({ ...m, thread: c })));
  return (
    <Box mt="lg" data-testid="consultation">
      <H4>
        Konsultasi dengan BKPSDM{' '}
        {thread.awaitingLabel ? (
          <Badge variant="secondary" data-testid="consultation-awaiting">
            {thread.awaitingLabel}
          </Badge>
        ) : null}
      </H4>
      {messages.length === 0 ? <Text mb="md">Belum ada pertanyaan tentang usul ini.</Text> : null}
      <ol data-testid="consultation-messages" style={{ paddingLeft: 18 }}>
        {messages.map((m: any) => (
          <li key={m.id} style={{ marginBottom: 10 }} data-testid={`consultation-message-${m.kind}`}>
            <Text>
              <b>{m.kindLabel}</b> · {m.authorName} ({m.roleLabel}) · {m.at}
            </Text>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{m.body}</Text>
            {m.attachment ? (
              <Text variant="sm">
                Lampiran:{' '}
                <a href={m.attachment.url} target="_blank" rel="noreferrer">
                  {m.attachment.name}
                </a>{' '}
                ({Math.max(1, Math.round(m.attachment.size / 1024))} KB)
              </Text>
            ) : null}
          </li>
        ))}
      </ol>
      {thread.consultations.some((c: any) => c.status === 'closed') ? (
        <Text variant="sm" color="grey60">
          {thread.consultations
            .filter((c: any) => c.closedAt)
            .map((c: any) => `Konsultasi #${c.id} ditutup ${c.closedAt}`)
            .join(' · ')}
        </Text>
      ) : null}
      {thread.canAsk || thread.canAnswer ? (
        <Box mt="md" data-testid="consultation-form">
          <Label htmlFor="consultation-body">{thread.canAnswer ? 'Jawaban untuk penanya' : 'Pertanyaan untuk BKPSDM'}</Label>
          <TextArea
            id="consultation-body"
            data-testid="consultation-body"
            width="100%"
            rows={3}
            value={body}
            onChange={(e: any) => setBody(e.target.value)}
          />
          <Label htmlFor="consultation-file" mt="sm">
            Lampiran PDF (opsional, maks. 1 MB)
          </Label>
          <input
            key={fileKey}
            id="consultation-file"
            data-testid="consultation-file"
            type="file"
            accept="application/pdf,.pdf"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            style={{ margin: '4px 0 8px' }}
          />
          <Text variant="sm" color="grey60" mb="sm">
            Pesan yang sudah dikirim tidak dapat diubah atau dihapus; kirim pesan baru untuk koreksi.
          </Text>
          <Box flex flexDirection="row" flexWrap="wrap">
            {thread.canAsk ? (
              <Button
                mr="md"
                mb="sm"
                variant="contained"
                disabled={busy}
                data-testid="consultation-ask"
                onClick={() => void post('consultAsk')}
              >
                Kirim pertanyaan
              </Button>
            ) : null}
            {thread.canAnswer ? (
              <Button
                mr="md"
                mb="sm"
                variant="contained"
                disabled={busy}
                data-testid="consultation-answer"
                onClick={() => void post('consultAnswer')}
              >
                Kirim jawaban
              </Button>
            ) : null}
            {thread.canClose ? (
              <Button
                mr="md"
                mb="sm"
                variant="outlined"
                disabled={busy}
                data-testid="consultation-close"
                onClick={() => {
                  if (window.confirm('Tutup konsultasi ini?')) void post('consultClose');
                }}
              >
                Tutup konsultasi
              </Button>
            ) : null}
          </Box>
        </Box>
      ) : null}
      {canOpenTicket ? (
        <MessageBox mt="md" variant="info" message="Masalah login, aktivasi atau unggah dari pegawai ini?">
          <a href={`/admin/resources/helpdesk_tickets/actions/new?submissionId=${recordId}`} data-testid="open-ticket">
            Buat tiket helpdesk
          </a>
        </MessageBox>
      ) : null}
    </Box>
  );
};

export default ConsultationThread;
