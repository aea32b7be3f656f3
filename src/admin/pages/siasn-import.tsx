import React, { useEffect, useState } from 'react';
import {
  Box,
  Button,
  CheckBox,
  H3,
  H5,
  Label,
  MessageBox,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Text,
} from '@adminjs/design-system';

/**
 * "Impor SIASN": upload a SIASN file and a profile → the preview (counts, errors with row /
 * column / message, unknown units with an OPD select prefilled from the suggestion, sample of
 * changes) → explicit "Impor" (+ valid rows only, + deactivate missing ASN) → the result.
 * Talks to src/admin/routes/import.route.ts (POST only, same origin, session cookie). While a
 * step runs, the page polls GET /admin/api/imports/progress/TOKEN (the token it sent with the
 * step) and shows the rows checked / imported so far.
 */

interface Change {
  field: string;
  label: string;
  before: string | null;
  after: string | null;
}
interface Preview {
  import: { id: number; fileName: string; sha256: string | null; profile: string; profileLabel: string };
  counts: { rows: number; new: number; changed: number; unchanged: number; errors: number; missing: number };
  message: string;
  nothingToChange: boolean;
  errors: Array<{ row: number; column: string; value?: string; message: string }>;
  errorCount: number;
  unknownUnits: Array<{
    key: string;
    unit: { id: string | null; name: string };
    rowCount: number;
    suggestion: { opd: { id: number; name: string }; reason: string } | null;
  }>;
  samples: {
    new: Array<{ row: number; ref: string; changes: Change[] }>;
    changed: Array<{ row: number; ref: string; changes: Change[] }>;
    missing: Array<{ ref: string; name: string; opdName: string | null }>;
  };
  opds: Array<{ id: number; name: string }>;
}

const PROFILES = [
  { value: 'asn', label: 'Data ASN (Export Data ASN)' },
  { value: 'aktivasi', label: 'Aktivasi MySAPK' },
  { value: 'usul', label: 'Monitoring usulan' },
];

const fmt = (n: number) => n.toLocaleString('id-ID');

async function post(
  url: string,
  body?: unknown,
  raw?: File,
): Promise<{ ok: boolean; body: Record<string, unknown> & { message?: string } }> {
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: raw
      ? { 'Content-Type': 'application/octet-stream', Accept: 'application/json' }
      : { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: raw ?? JSON.stringify(body ?? {}),
  });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown> & { message?: string };
  return { ok: res.ok, body: json };
}

/** A random token for one step's progress (crypto.randomUUID is missing outside secure contexts). */
const newToken = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

async function readProgress(token: string): Promise<string | null> {
  const res = await fetch(`/admin/api/imports/progress/${token}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const body = (await res.json().catch(() => ({}))) as { message?: string | null };
  return res.ok && body.message ? body.message : null;
}

const SiasnImport: React.FC = () => {
  const [profile, setProfile] = useState('asn');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [progressToken, setProgressToken] = useState<string | null>(null);
  const [progress, setProgress] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [units, setUnits] = useState<Record<string, number>>({});
  const [skipInvalid, setSkip] = useState(false);
  const [deactivate, setDeactivate] = useState(false);
  const [notice, setNotice] = useState<{ ok: boolean; message: string } | null>(null);

  const show = (p: Preview) => {
    setPreview(p);
    const prefill: Record<string, number> = {};
    for (const u of p.unknownUnits) prefill[u.key] = u.suggestion?.opd.id ?? 0;
    setUnits(prefill);
  };

  // While a step runs: its progress, twice a second.
  useEffect(() => {
    if (!progressToken) return undefined;
    let stopped = false;
    const timer = setInterval(
      () =>
        void readProgress(progressToken).then(
          (m) => !stopped && m && setProgress(m),
          () => undefined,
        ),
      500,
    );
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [progressToken]);

  const run = async (label: string, fn: (token: string) => Promise<void>) => {
    const token = newToken();
    setBusy(label);
    setProgress(null);
    setProgressToken(token);
    setNotice(null);
    try {
      await fn(token);
      // The step's last report stays shown (the rows checked / imported in all).
      setProgress(await readProgress(token).catch(() => null));
    } catch {
      setNotice({ ok: false, message: 'Tidak dapat menghubungi server' });
    } finally {
      setProgressToken(null);
      setBusy(null);
    }
  };

  const upload = () =>
    run('Mengunggah dan memeriksa setiap baris…', async (token) => {
      if (!file) return setNotice({ ok: false, message: 'Pilih berkas lebih dulu' });
      const r = await post(
        `/admin/api/imports/preview?profile=${profile}&name=${encodeURIComponent(file.name)}&progress=${token}`,
        undefined,
        file,
      );
      if (!r.ok) return setNotice({ ok: false, message: r.body.message ?? 'Berkas ditolak' });
      show(r.body as unknown as Preview);
    });

  const saveUnits = () =>
    run('Menyimpan peta unit dan memeriksa ulang…', async (token) => {
      if (!preview) return;
      const mappings = preview.unknownUnits
        .filter((u) => units[u.key])
        .map((u) => ({ unitId: u.unit.id, unitName: u.unit.name, opdId: units[u.key] }));
      const saved = await post('/admin/api/imports/units', { mappings });
      if (!saved.ok) return setNotice({ ok: false, message: saved.body.message ?? 'Gagal menyimpan' });
      const r = await post(`/admin/api/imports/${preview.import.id}/recheck?progress=${token}`);
      if (!r.ok) return setNotice({ ok: false, message: r.body.message ?? 'Gagal memeriksa ulang' });
      show(r.body as unknown as Preview);
      setNotice({ ok: true, message: String(saved.body.message) });
    });

  const commit = () =>
    run('Mengimpor…', async (token) => {
      if (!preview) return;
      const r = await post(`/admin/api/imports/${preview.import.id}/commit?progress=${token}`, {
        skipInvalid,
        deactivateMissing: deactivate,
      });
      setNotice({ ok: r.ok, message: r.body.message ?? (r.ok ? 'Selesai' : 'Gagal') });
      if (r.ok) setPreview(null);
    });

  const p = preview;
  return (
    <Box variant="white" m="xl" p="xl" data-testid="siasn-import">
      <H3>Impor SIASN</H3>
      <Text mb="lg">Unggah berkas ekspor SIASN (CSV atau .xlsx). Tidak ada data yang berubah sebelum Anda menekan “Impor”.</Text>
      {notice ? (
        <MessageBox mb="lg" variant={notice.ok ? 'success' : 'danger'} message={notice.message} data-testid="import-notice" />
      ) : null}
      {busy ? (
        <MessageBox mb="lg" variant="info" message={progress ? `${busy} ${progress}` : busy} data-testid="import-progress" />
      ) : progress ? (
        <Text mb="lg" data-testid="import-progress-last">
          Langkah terakhir — {progress}
        </Text>
      ) : null}
      <Box flex flexDirection="row" alignItems="flex-end" mb="xl">
        <Box mr="lg" width={320}>
          <Label>Jenis berkas</Label>
          <Select
            value={PROFILES.find((x) => x.value === profile)}
            options={PROFILES}
            onChange={(o: { value: string } | null) => setProfile(o?.value ?? 'asn')}
          />
        </Box>
        <Box mr="lg">
          <Label htmlFor="import-file">Berkas</Label>
          <input id="import-file" name="file" type="file" accept=".csv,.txt,.xlsx" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </Box>
        <Button variant="primary" disabled={!!busy} onClick={upload} data-testid="import-upload">
          Periksa berkas
        </Button>
      </Box>
      {p ? (
        <Box data-testid="import-preview">
          <H5>
            {p.import.profileLabel}: {p.import.fileName}
          </H5>
          <Text mb="sm">SHA-256 {p.import.sha256}</Text>
          <Text mb="lg" data-testid="import-counts">
            {fmt(p.counts.rows)} baris: {fmt(p.counts.new)} baru, {fmt(p.counts.changed)} berubah, {fmt(p.counts.unchanged)} tidak berubah,{' '}
            {fmt(p.counts.errors)} bermasalah
            {p.import.profile === 'asn' ? `, ${fmt(p.counts.missing)} pegawai aktif tidak ada di berkas` : ''}
            {p.nothingToChange && !p.counts.errors ? ' — tidak ada perubahan' : ''}
          </Text>
          {p.unknownUnits.length ? (
            <Box mb="xl" data-testid="import-units">
              <H5>Unit kerja yang belum dipetakan ke OPD ({p.unknownUnits.length})</H5>
              <Table>
                <TableHead>
                  <TableRow>
                    <TableCell>Unit (UNOR NAMA)</TableCell>
                    <TableCell>Baris</TableCell>
                    <TableCell>OPD</TableCell>
                    <TableCell>Usulan</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {p.unknownUnits.map((u) => (
                    <TableRow key={u.key}>
                      <TableCell>
                        {u.unit.name}
                        {u.unit.id ? <Text variant="sm">UNOR ID {u.unit.id}</Text> : null}
                      </TableCell>
                      <TableCell>{fmt(u.rowCount)}</TableCell>
                      <TableCell>
                        <select
                          aria-label={`OPD untuk ${u.unit.name}`}
                          value={units[u.key] ?? 0}
                          onChange={(e) => setUnits({ ...units, [u.key]: Number(e.target.value) })}
                        >
                          <option value={0}>— pilih OPD —</option>
                          {p.opds.map((o) => (
                            <option key={o.id} value={o.id}>
                              {o.name}
                            </option>
                          ))}
                        </select>
                      </TableCell>
                      <TableCell>{u.suggestion ? u.suggestion.reason : 'Tanpa usulan'}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              <Button mt="lg" disabled={!!busy} onClick={saveUnits} data-testid="import-save-units">
                Simpan peta unit dan periksa ulang
              </Button>
            </Box>
          ) : null}
          {p.errors.length ? (
            <Box mb="xl" data-testid="import-errors">
              <H5>
                Baris bermasalah ({fmt(p.errorCount)} kesalahan{p.errorCount > p.errors.length ? `, ${p.errors.length} pertama` : ''}) —{' '}
                <a href={`/admin/imports/${p.import.id}/errors.xlsx`}>unduh laporan kesalahan (.xlsx)</a>
              </H5>
              <Table>
                <TableHead>
                  <TableRow>
                    <TableCell>Baris</TableCell>
                    <TableCell>Kolom</TableCell>
                    <TableCell>Keterangan</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {p.errors.slice(0, 50).map((e, i) => (
                    <TableRow key={i}>
                      <TableCell>{e.row}</TableCell>
                      <TableCell>{e.column}</TableCell>
                      <TableCell>{e.message}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
          ) : null}
          {p.samples.new.length + p.samples.changed.length ? (
            <Box mb="xl" data-testid="import-samples">
              <H5>Contoh perubahan</H5>
              <Table>
                <TableHead>
                  <TableRow>
                    <TableCell>Baris</TableCell>
                    <TableCell>NIP</TableCell>
                    <TableCell>Sebelum → sesudah</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {[...p.samples.new, ...p.samples.changed].slice(0, 20).map((s) => (
                    <TableRow key={s.row}>
                      <TableCell>{s.row}</TableCell>
                      <TableCell>{s.ref}</TableCell>
                      <TableCell>{s.changes.map((c) => `${c.label}: ${c.before ?? '—'} → ${c.after ?? '—'}`).join('; ')}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
          ) : null}
          {p.samples.missing.length ? (
            <Text mb="lg">
              Pegawai aktif yang tidak ada di berkas: {p.samples.missing.map((m) => `${m.name} (${m.opdName ?? '-'})`).join(', ')}
            </Text>
          ) : null}
          <Box flex flexDirection="row" alignItems="center" mb="lg">
            <CheckBox id="skipInvalid" checked={skipInvalid} onChange={() => setSkip(!skipInvalid)} />
            <Label inline htmlFor="skipInvalid" ml="default" mr="xl">
              hanya baris yang valid
            </Label>
            {p.import.profile === 'asn' ? (
              <>
                <CheckBox id="deactivateMissing" checked={deactivate} onChange={() => setDeactivate(!deactivate)} />
                <Label inline htmlFor="deactivateMissing" ml="default">
                  tandai ASN yang tidak ada sebagai nonaktif
                </Label>
              </>
            ) : null}
          </Box>
          <Button variant="primary" disabled={!!busy} onClick={commit} data-testid="import-commit">
            Impor
          </Button>
        </Box>
      ) : null}
    </Box>
  );
};

export default SiasnImport;
