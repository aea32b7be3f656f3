import React, { useCallback, useEffect, useState } from 'react';
import { ApiClient, useNotice } from 'adminjs';
import { Box, H3, H4, Text, Button, TextArea, Label, Badge, Loader, MessageBox, Select } from '@adminjs/design-system';
import ConsultationThread from './consultation-thread.js';
import { formatDateTime } from './shared/format.js';

const api = new ApiClient();

const STATUS_COLOUR: Record<string, string> = {
  submitted: 'info',
  needs_fix: 'secondary',
  rejected: 'danger',
  verified: 'primary',
  validated: 'primary',
  approved: 'success',
};
const fmt = (v: string | Date) => formatDateTime(v);
/** The message an action leaves for the page reloaded after it (the header's buttons must be recomputed). */
const FLASH_KEY = 'pdm-submission-flash';
const showUrl = (id: number | string) => `/admin/resources/submissions/records/${id}/show`;
const errorMessage = (e: any): string => e?.response?.data?.message ?? 'Gagal memuat usul; muat ulang halaman atau hubungi administrator';

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
  const [loadError, setLoadError] = useState<string | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const recordId = initial?.id;

  const load = useCallback(async () => {
    const res = await api.recordAction({ resourceId: resource.id, recordId, actionName: 'detail' });
    setDetail(res.data);
    if (res.data.documents?.length) setSelectedDoc((cur) => cur ?? res.data.documents[0].id);
  }, [recordId, resource.id]);

  useEffect(() => {
    load().catch((e: unknown) => setLoadError(errorMessage(e)));
  }, [load]);

  useEffect(() => {
    try {
      const saved = JSON.parse(window.sessionStorage.getItem(FLASH_KEY) ?? 'null');
      if (saved && String(saved.id) === String(recordId)) setFlash(saved.message);
      window.sessionStorage.removeItem(FLASH_KEY);
    } catch {
      /* no storage: no message after the reload */
    }
  }, [recordId]);

  if (loadError) return <MessageBox variant="danger" message={loadError} data-testid="load-error" />;
  if (!detail) return <Loader />;
  const record = detail.record;
  const p = record.params;
  const employee = record.populated?.employeeId;
  const doc = detail.documents.find((d: any) => d.id === selectedDoc);

  /** The checks the server would make, before anyone confirms: a note for BTS/TMS, the documents for Verifikasi. */
  const refusalOf = (a: any): string | null => {
    if (a.blockedReason) return a.blockedReason;
    if (a.minNoteLength && note.trim().length < a.minNoteLength) return `Isi catatan minimal ${a.minNoteLength} karakter untuk ${a.label}`;
    return null;
  };
  const nextLink = detail.nextInInbox ? (
    <Button as="a" href={showUrl(detail.nextInInbox)} variant="outlined" mr="md" mb="md" data-testid="next-in-inbox">
      Berikutnya: usul #{detail.nextInInbox} →
    </Button>
  ) : null;

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
      if (notice?.type !== 'error') {
        setNote('');
        setOverride('');
        // The page header's action buttons were computed for the old status: reload the page,
        // and show the success message on the reloaded page.
        try {
          window.sessionStorage.setItem(FLASH_KEY, JSON.stringify({ id: recordId, message: notice?.message ?? 'Tindakan berhasil' }));
        } catch {
          if (notice) addNotice(notice);
        }
        window.location.reload();
        return;
      }
      addNotice(notice);
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
            Pegawai: <b>{detail.employee?.name ?? employee?.title ?? p.employeeId}</b>{' '}
            {(detail.employee?.nip ?? employee?.params?.nip) ? (
              <span className="pdm-nowrap">(NIP {detail.employee?.nip ?? employee.params.nip})</span>
            ) : (
              ''
            )}
          </Text>
          <Text>Diajukan: {p.submittedAt ? fmt(p.submittedAt) : '-'}</Text>
          {p.lastNote ? <MessageBox mt="md" variant="info" message={`Catatan terakhir: ${p.lastNote}`} /> : null}
          <H4 mt="lg">Data yang diusulkan</H4>
          <table data-testid="proposed-values" className="pdm-compare">
            <thead>
              <tr>
                <th>Isian</th>
                <th>Data saat ini</th>
                <th>Usulan</th>
              </tr>
            </thead>
            <tbody>
              {detail.proposal.length === 0 ? (
                <tr>
                  <td colSpan={3}>—</td>
                </tr>
              ) : (
                detail.proposal.map((line: any) => (
                  <tr key={line.key} className={line.changed ? 'pdm-changed' : undefined} data-changed={line.changed ? 'true' : 'false'}>
                    <td className="pdm-compare-label">{line.label}</td>
                    <td>{line.current ?? <span className="pdm-muted">tidak tersedia di PDM Monitor</span>}</td>
                    <td>
                      <b>{line.proposed}</b>
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
          {detail.proposal.some((l: any) => l.changed) ? (
            <Text variant="sm" mt="sm">
              Baris bertanda kuning: usulan berbeda dari data saat ini.
            </Text>
          ) : null}
          <H4 mt="lg">Tindakan</H4>
          {flash ? <MessageBox mb="md" variant="success" message={flash} data-testid="action-success" /> : null}
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
                  const refusal = refusalOf(a);
                  if (refusal) return addNotice({ message: refusal, type: 'error' });
                  if (window.confirm(`${a.label} usul #${recordId}?`)) void act(a.action);
                }}
              >
                {a.label}
              </Button>
            ))}
            {nextLink}
          </Box>
          {detail.actions
            .filter((a: any) => a.blockedReason)
            .map((a: any) => (
              <MessageBox key={a.action} mb="md" variant="warning" message={`${a.label} belum dapat dilakukan: ${a.blockedReason}`} />
            ))}
          <H4 mt="lg">Riwayat</H4>
          <ol data-testid="history" style={{ paddingLeft: 18 }}>
            {detail.history.map((e: any) => (
              <li key={e.id} style={{ marginBottom: 8 }}>
                <Text>
                  <b>{e.kind === 'note' ? 'Catatan' : `${e.fromLabel ? `${e.fromLabel} → ` : ''}${e.toLabel}`}</b> · {e.atText ?? fmt(e.at)}{' '}
                  · {e.actorName ? `${e.actorName} (${e.roleLabel ?? e.role})` : (e.roleLabel ?? 'Sistem')}
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
          {detail.documentNotice ? (
            <MessageBox mb="md" variant="info" message={detail.documentNotice} data-testid="document-notice" />
          ) : null}
          {detail.documents.length === 0 && !detail.documentNotice ? <Text>Belum ada dokumen.</Text> : null}
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
          {doc && doc.canOpen ? (
            <Box>
              <iframe
                data-testid="pdf-viewer"
                title={doc.originalName}
                src={`${doc.url}#view=FitH&pagemode=none`}
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
                placeholder="Pilih jenis dokumen"
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
