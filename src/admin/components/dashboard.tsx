import React, { useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Box, H2, H4, Text, Table, TableHead, TableBody, TableRow, TableCell, Loader, MessageBox, Badge } from '@adminjs/design-system';
import ClosingSection from './closing-section.js';
import ConsultationQueue from './consultation-queue.js';
import ClosingLoop from './dashboard-closing-loop.js';

const api = new ApiClient();
const nf = new Intl.NumberFormat('id-ID');
const pf = (v: number) => `${new Intl.NumberFormat('id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v)}%`;
const BAND: Record<string, string> = { red: '#F4CCCC', amber: '#FFE699', green: '#C6EFCE' };

const Card = ({ label, value, sub }: { label: string; value: string; sub?: string }) => (
  <Box variant="card" flex flexDirection="column" mr="lg" mb="lg" p="lg" style={{ minWidth: 180 }} data-testid={`card-${label}`}>
    <Text variant="sm" color="grey60">
      {label}
    </Text>
    <H2 mt="sm" mb="sm">
      {value}
    </H2>
    {sub ? <Text variant="sm">{sub}</Text> : null}
  </Box>
);

const Dashboard: React.FC = () => {
  const [data, setData] = useState<any>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .getDashboard()
      .then((res: any) => setData(res.data))
      .catch(() => setError('Gagal memuat dasbor'));
  }, []);
  if (error) return <MessageBox message={error} variant="danger" />;
  if (!data) return <Loader />;
  const s = data.opd?.summary ?? data.regency?.totals;
  return (
    <Box p="xxl" data-testid="pdm-dashboard">
      <H2>Pemantauan Pemutakhiran Data Mandiri ASN</H2>
      <Text mb="lg">
        {data.campaign ? `${data.campaign.name} — tahap ${data.campaign.phaseLabel ?? '-'}` : 'Belum ada putaran PDM aktif'} · keadaan per{' '}
        {data.asOf}
      </Text>
      {data.inbox !== null ? (
        <MessageBox mb="lg" variant={data.inbox > 0 ? 'info' : 'success'} message={`Menunggu tindakan Anda: ${nf.format(data.inbox)} usul`}>
          <a href="/admin/resources/submissions?filters.inbox=true" data-testid="inbox-link">
            Buka kotak masuk
          </a>
        </MessageBox>
      ) : null}
      <ConsultationQueue queue={data.bkpsdmQueue} />
      {data.downloads?.length ? (
        <Box mb="lg">
          {data.downloads.map((d: any) => (
            <a key={d.href} href={d.href} style={{ marginRight: 16 }} data-testid="report-download">
              {d.label}
            </a>
          ))}
        </Box>
      ) : null}
      {s ? (
        <Box flex flexDirection="row" flexWrap="wrap">
          <Card
            label="Jumlah ASN"
            value={nf.format(s.total)}
            sub={`PNS ${nf.format(s.byType.PNS)} · CPNS ${nf.format(s.byType.CPNS)} · PPPK ${nf.format(s.byType.PPPK)}`}
          />
          <Card label="Aktivasi MySAPK" value={pf(s.pctActivated)} sub={`${nf.format(s.activated)} ASN`} />
          <Card label="Ganti password" value={pf(s.pctPasswordChanged)} sub={`${nf.format(s.passwordChanged)} ASN`} />
          <Card label="Mengajukan usul" value={pf(s.pctWithSubmission)} sub={`${nf.format(s.withSubmission)} ASN`} />
          <Card label="Selesai" value={pf(s.pctCompleted)} sub={`${nf.format(s.completed)} ASN`} />
          <Card
            label="Antrean verifikasi"
            value={nf.format(s.backlog)}
            sub={s.backlogOldestDays !== null ? `tertua ${s.backlogOldestDays} hari` : 'kosong'}
          />
        </Box>
      ) : null}
      <ClosingLoop section={data.closingLoop} />
      {data.opd ? (
        <Box flex flexDirection="row" flexWrap="wrap">
          <Box variant="card" p="lg" mr="lg" mb="lg">
            <H4>Usul per status</H4>
            <Table>
              <TableBody>
                {data.opd.byStatus.map((r: any) => (
                  <TableRow key={r.status}>
                    <TableCell>{r.label}</TableCell>
                    <TableCell>{nf.format(r.count)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
          <Box variant="card" p="lg" mb="lg">
            <H4>Kinerja verifikator (7 hari)</H4>
            <Table>
              <TableHead>
                <TableRow>
                  <TableCell>Tanggal</TableCell>
                  <TableCell>Diverifikasi</TableCell>
                  <TableCell>Dikembalikan</TableCell>
                  <TableCell>Ditolak</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.opd.throughput.map((r: any) => (
                  <TableRow key={r.date}>
                    <TableCell>{r.date}</TableCell>
                    <TableCell>{r.verified}</TableCell>
                    <TableCell>{r.returned}</TableCell>
                    <TableCell>{r.rejected}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Text mt="md">ASN yang perlu ditindaklanjuti: {nf.format(data.opd.toActCount)}</Text>
          </Box>
        </Box>
      ) : null}
      {data.regency ? (
        <Box variant="card" p="lg">
          <H4>Peringkat OPD menurut penyelesaian</H4>
          <Table data-testid="regency-ranking">
            <TableHead>
              <TableRow>
                <TableCell>#</TableCell>
                <TableCell>OPD</TableCell>
                <TableCell>ASN</TableCell>
                <TableCell>Aktivasi</TableCell>
                <TableCell>Mengajukan</TableCell>
                <TableCell>Selesai</TableCell>
                <TableCell>Antrean</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.regency.rows.map((r: any) =>
                r.total ? (
                  <TableRow key={r.opdId} style={{ background: r.band ? BAND[r.band] : undefined }}>
                    <TableCell>{r.rank}</TableCell>
                    <TableCell>{r.opdName}</TableCell>
                    <TableCell>{nf.format(r.total)}</TableCell>
                    <TableCell>{pf(r.pctActivated)}</TableCell>
                    <TableCell>{pf(r.pctWithSubmission)}</TableCell>
                    <TableCell>
                      <Badge>{pf(r.pctCompleted)}</Badge>
                    </TableCell>
                    <TableCell>{nf.format(r.backlog)}</TableCell>
                  </TableRow>
                ) : (
                  // No ASN: nothing to rank or colour.
                  <TableRow key={r.opdId} data-testid="opd-without-asn">
                    <TableCell>-</TableCell>
                    <TableCell>{r.opdName}</TableCell>
                    <TableCell colSpan={5}>Belum ada ASN</TableCell>
                  </TableRow>
                ),
              )}
            </TableBody>
          </Table>
        </Box>
      ) : null}
      <ClosingSection closing={data.closing} />
    </Box>
  );
};

export default Dashboard;
