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

  const fields: Array<{ id: 'currentPassword' | 'newPassword' | 'repeat'; label: string; value: string; set: (v: string) => void }> = [
    { id: 'currentPassword', label: 'Kata sandi saat ini', value: currentPassword, set: setCurrent },
    { id: 'newPassword', label: 'Kata sandi baru', value: newPassword, set: setNew },
    { id: 'repeat', label: 'Ulangi kata sandi baru', value: repeat, set: setRepeat },
  ];
  return (
    <Box variant="white" m="xl" p="xl" maxWidth={520}>
      <H3>Ganti kata sandi</H3>
      <Text mb="lg">Minimal 10 karakter, berisi huruf dan angka. Setelah diganti, sesi Anda di perangkat lain berakhir.</Text>
      {result ? <MessageBox mb="lg" variant={result.ok ? 'success' : 'danger'} message={result.message} /> : null}
      <form onSubmit={submit}>
        {fields.map((f) => (
          <FormGroup key={f.id}>
            <Label htmlFor={f.id} required>
              {f.label}
            </Label>
            <Input
              id={f.id}
              type="password"
              autoComplete={f.id === 'currentPassword' ? 'current-password' : 'new-password'}
              value={f.value}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => f.set(e.target.value)}
            />
            {result?.errors?.[f.id] ? <Text color="error">{result.errors[f.id]}</Text> : null}
          </FormGroup>
        ))}
        <Button type="submit" variant="contained" disabled={busy}>
          Simpan
        </Button>
      </form>
    </Box>
  );
};

export default AccountPassword;
