import React, { useState } from 'react';
import { Box, Button, FormGroup, H3, Input, Label, MessageBox, Text } from '@adminjs/design-system';

/**
 * "Ganti kata sandi": the signed-in user's own password. POSTs JSON to
 * /admin/api/account/password (same origin, session cookie), see src/admin/pages/account.ts.
 */
const AccountPassword: React.FC = () => {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string; errors?: Record<string, string> } | null>(null);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (newPassword !== repeat) {
      setResult({ ok: false, message: 'Ulangi kata sandi baru dengan sama persis', errors: { repeat: 'Tidak sama' } });
      return;
    }
    setBusy(true);
    try {
      const res = await fetch('/admin/api/account/password', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ currentPassword, newPassword }),
      });
      const body = (await res.json().catch(() => ({}))) as { message?: string; errors?: Record<string, string> };
      setResult({ ok: res.ok, message: body.message ?? (res.ok ? 'Berhasil' : 'Gagal'), errors: body.errors });
      if (res.ok) {
        setCurrent('');
        setNew('');
        setRepeat('');
      }
    } catch {
      setResult({ ok: false, message: 'Tidak dapat menghubungi server' });
    } finally {
      setBusy(false);
    }
  };

  const err = (field: string) => (result?.errors?.[field] ? <Text color="error">{result.errors[field]}</Text> : null);
  return (
    <Box variant="white" m="xl" p="xl" maxWidth={520}>
      <H3>Ganti kata sandi</H3>
      <Text mb="lg">Minimal 10 karakter, berisi huruf dan angka. Setelah diganti, sesi Anda di perangkat lain berakhir.</Text>
      {result ? <MessageBox mb="lg" variant={result.ok ? 'success' : 'danger'} message={result.message} /> : null}
      <form onSubmit={submit}>
        <FormGroup>
          <Label htmlFor="currentPassword" required>
            Kata sandi saat ini
          </Label>
          <Input
            id="currentPassword"
            type="password"
            autoComplete="current-password"
            value={currentPassword}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setCurrent(e.target.value)}
          />
          {err('currentPassword')}
        </FormGroup>
        <FormGroup>
          <Label htmlFor="newPassword" required>
            Kata sandi baru
          </Label>
          <Input
            id="newPassword"
            type="password"
            autoComplete="new-password"
            value={newPassword}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setNew(e.target.value)}
          />
          {err('newPassword')}
        </FormGroup>
        <FormGroup>
          <Label htmlFor="repeat" required>
            Ulangi kata sandi baru
          </Label>
          <Input
            id="repeat"
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setRepeat(e.target.value)}
          />
          {err('repeat')}
        </FormGroup>
        <Button type="submit" variant="contained" disabled={busy}>
          Simpan
        </Button>
      </form>
    </Box>
  );
};

export default AccountPassword;
