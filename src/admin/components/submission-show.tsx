import React, { useCallback, useEffect, useState } from 'react';
import { ApiClient, useNotice } from 'adminjs';
import { Box, H3, H4, Text, Button, TextArea, Label, Badge, Loader, MessageBox, Select } from '@adminjs/design-system';
import ConsultationThread from './consultation-thread.js';

const api = new ApiClient();

const STATUS_COLOUR: Record<string, string> = {
  submitted: 'info',
  needs_fix: 'secondary',
  rejected: 'danger',
  verified: 'primary',
  validated: 'primary',
  approved: 'success',
};
const fmt = (v: string | Date) =>
  new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Jakarta', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(v)) + ' WIB';

/** The submission page: proposed values and the scans side by side, the actions, the history. */
const SubmissionShow: React.FC<any> = ({ record: initial, resource }) => {
  const addNotice = useNotice();
  const [detail, setDetail] = useState<any>(null);
  const [selectedDoc, setSelectedDoc] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const [override, setOverride] = useState('');
  const [busy, setBusy] = useState(false);
  const [docType, setDocType] = useState<any>(null);
  const [file, setFile] = useState<File | null>(null);
  const recordId = initial?.id;

  const load = useCallback(async () => {
    const res = await api.recordAction({ resourceId: resource.id, recordId, actionName: 'detail' });
    setDetail(res.data);
    if (res.data.documents?.length) setSelectedDoc((cur) => cur ?? res.data.documents[0].id);
  }, [recordId, resource.id]);

  useEffect(() => {
    load().catch(() => addNotice({ message: 'Gagal memuat usul', type: 'error' }));
  }, [load]);

  if (!detail) return <Loader />;
  const record = detail.record;
  const p = record.params;
  const proposed = Object.entries(p)
    .filter(([k]) => k.startsWith('proposedValues.'))
    .map(([k, v]) => [k.slice('proposedValues.'.length), v] as const);
  const employee = record.populated?.employeeId;
  const doc = detail.documents.find((d: any) => d.id === selectedDoc);

  const act = async (action: string) => {
    setBusy(true);
    try {
      const res = await api.recordAction({
        resourceId: resource.id,
        recordId,
        actionName: action,
        data: { note, version: String(p.version ?? ''), ...(override ? { overrideReason: override } : {}) },
      } as any);
      const notice = res.data.notice;
      if (notice) addNotice(notice);
      if (notice?.type !== 'error') {
        setNote('');
        setOverride('');
        // The page header's action buttons were computed for the old status: reload the page.
        window.location.reload();
        return;
      }
      await load();
    } finally {
      setBusy(false);
    }
  };

  const upload = async () => {
    if (!file || !docType) return addNotice({ message: 'Pilih jenis dokumen dan berkas PDF', type: 'error' });
    const form = new FormData();
    form.append('submissionId', String(recordId));
    form.append('documentType', docType.value);
    form.append('file', file);
    setBusy(true);
    try {
      const res = await api.resourceAction({ resourceId: 'documents', actionName: 'new', data: form } as any);
      if (res.data.notice) addNotice(res.data.notice);
      setFile(null);
      await load();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box variant="grey" data-testid="submission-show">
      <Box flex flexDirection="row" flexWrap="wrap">
        <Box variant="card" p="xl" mr="lg" mb="lg" style={{ flex: '1 1 360px' }}>
          <H3>
            Usul #{recordId} · {detail.category?.label ?? p.category}
          </H3>
          <Text mb="md">
            <Badge variant={STATUS_COLOUR[p.status] ?? 'default'} data-testid="submission-status">
              {resource.properties?.status?.availableValues?.find((v: any) => v.value === p.status)?.label ?? p.status}
            </Badge>
            {detail.category?.validatedByBkn ? (
              <Badge ml="sm" variant="secondary">
                Divalidasi Kanreg BKN
              </Badge>
            ) : null}
          </Text>
          <Text>
            Pegawai: <b>{employee?.title ?? p.employeeId}</b> {employee?.params?.nip ? `(NIP ${employee.params.nip})` : ''}
          </Text>
          <Text>Diajukan: {p.submittedAt ? fmt(p.submittedAt) : '-'}</Text>
          {p.lastNote ? <MessageBox mt="md" variant="info" message={`Catatan terakhir: ${p.lastNote}`} /> : null}
          <H4 mt="lg">Data yang diusulkan</H4>
          <table data-testid="proposed-values" style={{ width: '100%', borderCollapse: 'collapse' }}>
            <tbody>
              {proposed.length === 0 ? (
                <tr>
                  <td>—</td>
                </tr>
              ) : (
                proposed.map(([k, v]) => (
                  <tr key={k}>
                    <td style={{ padding: 4, color: '#666' }}>{k}</td>
                    <td style={{ padding: 4 }}>
                      <b>{String(v)}</b>
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
          <H4 mt="lg">Tindakan</H4>
          {detail.actions.length === 0 ? <Text>Tidak ada tindakan yang dapat Anda lakukan pada usul ini.</Text> : null}
          {detail.actions.some((a: any) => a.needsNote) ? (
            <Box mb="md">
              <Label htmlFor="note">Catatan (wajib untuk Kembalikan/Tolak)</Label>
              <TextArea id="note" data-testid="workflow-note" width="100%" value={note} onChange={(e: any) => setNote(e.target.value)} />
            </Box>
          ) : null}
          {detail.actions.some((a: any) => a.needsOverride) ? (
            <Box mb="md">
              <Label htmlFor="override">Alasan pengecualian jadwal (admin)</Label>
              <TextArea id="override" width="100%" value={override} onChange={(e: any) => setOverride(e.target.value)} />
            </Box>
          ) : null}
          <Box flex flexDirection="row" flexWrap="wrap">
            {detail.actions.map((a: any) => (
              <Button
                key={a.action}
                mr="md"
                mb="md"
                data-testid={`wf-${a.action}`}
                variant={a.action === 'reject' ? 'danger' : a.action === 'returnForFix' ? 'outlined' : 'contained'}
                disabled={busy || (!a.allowed && !(a.needsOverride && override.trim()))}
                title={!a.allowed ? 'Di luar jadwal tahap' : ''}
                onClick={() => {
                  if (window.confirm(`${a.label} usul #${recordId}?`)) void act(a.action);
                }}
              >
                {a.label}
              </Button>
            ))}
          </Box>
          <H4 mt="lg">Riwayat</H4>
          <ol data-testid="history" style={{ paddingLeft: 18 }}>
            {detail.history.map((e: any) => (
              <li key={e.id} style={{ marginBottom: 8 }}>
                <Text>
                  <b>{e.kind === 'note' ? 'Catatan' : `${e.fromLabel ? `${e.fromLabel} → ` : ''}${e.toLabel}`}</b> · {fmt(e.at)} ·{' '}
                  {e.roleLabel ?? e.role ?? '-'}
                </Text>
                {e.note ? <Text variant="sm">Catatan: {e.note}</Text> : null}
                {e.overrideReason ? <Text variant="sm">Pengecualian jadwal: {e.overrideReason}</Text> : null}
              </li>
            ))}
          </ol>
          {detail.notices?.length ? (
            <>
              <H4 mt="lg">Pemberitahuan</H4>
              <ul data-testid="notices" style={{ paddingLeft: 18 }}>
                {detail.notices.map((n: any) => (
                  <li key={n.id} style={{ marginBottom: 8 }}>
                    <Text>
                      <b>{n.kindLabel}</b> · {fmt(n.createdAt)} · {n.statusLabel}
                      {n.sentAt ? ` ${fmt(n.sentAt)}` : ''}
                    </Text>
                    <Text variant="sm">
                      {n.recipient ? `Kepada: ${n.recipient}` : 'Pegawai belum punya alamat e-mail: hubungi langsung'}
                    </Text>
                    {n.lastError && n.status !== 'sent' ? <Text variant="sm">Galat terakhir: {n.lastError}</Text> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <ConsultationThread
            resourceId={resource.id}
            recordId={recordId}
            thread={detail.consultation}
            canOpenTicket={detail.canOpenTicket}
          />
        </Box>
        <Box variant="card" p="xl" mb="lg" style={{ flex: '2 1 480px' }}>
          <H4>Dokumen</H4>
          {detail.documents.length === 0 ? <Text>Belum ada dokumen.</Text> : null}
          <Box flex flexDirection="row" flexWrap="wrap" mb="md">
            {detail.documents.map((d: any) => (
              <Button
                key={d.id}
                size="sm"
                mr="sm"
                mb="sm"
                variant={d.id === selectedDoc ? 'contained' : 'outlined'}
                onClick={() => setSelectedDoc(d.id)}
                data-testid={`doc-${d.id}`}
              >
                {d.label} · {Math.round(d.size / 1024)} KB
              </Button>
            ))}
          </Box>
          {doc ? (
            <Box>
              <iframe
                data-testid="pdf-viewer"
                title={doc.originalName}
                src={doc.url}
                style={{ width: '100%', height: 640, border: '1px solid #ddd' }}
              />
              <Text variant="sm">
                <a href={`${doc.url}?download=1`}>Unduh {doc.originalName}</a>
              </Text>
            </Box>
          ) : null}
          {detail.canUpload && ['submitted', 'needs_fix'].includes(p.status) ? (
            <Box mt="lg" data-testid="upload-form">
              <H4>Unggah dokumen (PDF, maks. 1 MB)</H4>
              <Select
                value={docType}
                onChange={(v: any) => setDocType(v)}
                options={(detail.category?.documentTypes ?? []).map((d: any) => ({ value: d.code, label: d.label }))}
              />
              <input
                type="file"
                accept="application/pdf,.pdf"
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                style={{ margin: '8px 0' }}
              />
              <Button disabled={busy} onClick={() => void upload()}>
                Unggah
              </Button>
            </Box>
          ) : null}
        </Box>
      </Box>
    </Box>
  );
};

export default SubmissionShow;
