import React, { useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Box, H2, H4, Text, Loader, MessageBox } from '@adminjs/design-system';
import { Bars } from './shared/bars.js';
import ClosingSection from './closing-section.js';
import ConsultationQueue from './consultation-queue.js';
import ClosingLoop from './dashboard-closing-loop.js';
import { BurndownChart, StageProgressChart } from './dashboard-charts.js';

const api = new ApiClient();
const nf = new Intl.NumberFormat('id-ID');
const pf = (v: number) => `${new Intl.NumberFormat('id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v)}%`;
const BAND: Record<string, string> = { red: '#fde2e2', amber: '#fff4cc', green: '#dcfce7' };
const STATUS_COLOUR: Record<string, string> = {
  submitted: '#3b82f6',
  needs_fix: '#f59e0b',
  rejected: '#dc2626',
  verified: '#6366f1',
  validated: '#8b5cf6',
  approved: '#16a34a',
};
const showUrl = (id: number) => `/admin/resources/submissions/records/${id}/show`;

const Card = ({ label, value, sub, testId }: { label: string; value: string; sub?: React.ReactNode; testId?: string }) => (
  <Box variant="card" flex flexDirection="column" mr="lg" mb="lg" p="lg" style={{ minWidth: 190 }} data-testid={testId ?? `card-${label}`}>
    <Text variant="sm">{label}</Text>
    <H2 mt="sm" mb="sm">
      {value}
    </H2>
    {sub ? <Text variant="sm">{sub}</Text> : null}
  </Box>
);

const Section: React.FC<{ title: string; children: React.ReactNode; testId?: string }> = ({ title, children, testId }) => (
  <Box variant="card" p="lg" mr="lg" mb="lg" style={{ flex: '1 1 420px' }} data-testid={testId}>
    <H4>{title}</H4>
    {children}
  </Box>
);

/** Verification steps (verified / returned / rejected) per person or per day: one table for both. */
const StepsTable: React.FC<{
  first: string;
  rows: Array<{ key: string; name: string; verified: number; returned: number; rejected: number }>;
  testId?: string;
}> = ({ first, rows, testId }) => (
  <table className="pdm-table" data-testid={testId}>
    <thead>
      <tr>
        <th>{first}</th>
        <th className="pdm-num">Diverifikasi</th>
        <th className="pdm-num">Dikembalikan</th>
        <th className="pdm-num">Ditolak</th>
      </tr>
    </thead>
    <tbody>
      {rows.map((r) => (
        <tr key={r.key}>
          <td className={first === 'Tanggal' ? 'pdm-nowrap' : undefined}>{r.name}</td>
          <td className="pdm-num">{nf.format(r.verified)}</td>
          <td className="pdm-num">{nf.format(r.returned)}</td>
          <td className="pdm-num">{nf.format(r.rejected)}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

/** The verifier's, BKN validator's and approver's queue: how many, the oldest, the next one, today's work. */
const Work: React.FC<{ work: any; view: string }> = ({ work, view }) => (
  <Box flex flexDirection="row" flexWrap="wrap" data-testid="work">
    <Card
      label={view === 'bkn' ? 'Antrean validasi BKN' : view === 'verifier' ? 'Kotak masuk verifikasi' : 'Menunggu tindakan Anda'}
      testId="card-inbox"
      value={`${nf.format(work.inbox)} usul`}
      sub={
        <a href="/admin/resources/submissions?filters.inbox=true" data-testid="inbox-link">
          Buka kotak masuk
        </a>
      }
    />
    <Card label="Terlama menunggu" value={work.oldestDays === null ? '—' : `${nf.format(work.oldestDays)} hari`} />
    <Card
      label="Dikerjakan hari ini"
      value={nf.format(work.today.reduce((n: number, r: any) => n + r.count, 0))}
      sub={work.today.length ? work.today.map((r: any) => `${r.label}: ${nf.format(r.count)}`).join(' · ') : 'belum ada'}
    />
    {work.next ? (
      <Card
        label="Tindakan berikutnya"
        value={`Usul #${work.next}`}
        sub={
          <a href={showUrl(work.next)} data-testid="next-action">
            Buka usul terlama
          </a>
        }
      />
    ) : null}
  </Box>
);

const Dashboard: React.FC = () => {
  const [data, setData] = useState<any>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .getDashboard()
      .then((res: any) => setData(res.data))
      .catch(() => setError('Gagal memuat dasbor; muat ulang halaman'));
  }, []);
  if (error) return <MessageBox message={error} variant="danger" />;
  if (!data) return <Loader />;
  const s = data.opd?.summary ?? data.regency?.totals;
  const showSummary = s && data.view !== 'bkn' && data.view !== 'helpdesk';
  return (
    <Box p="xxl" data-testid="pdm-dashboard" data-view={data.view}>
      <H2>Pemantauan Pemutakhiran Data Mandiri ASN{data.opdName ? ` — ${data.opdName}` : ''}</H2>
      <Text mb="lg">
        {data.campaign ? `${data.campaign.name} — tahap ${data.campaign.phaseLabel ?? '-'}` : 'Belum ada putaran PDM aktif'} · keadaan per{' '}
        {data.asOf}
        {data.figuresAsOf && data.figuresMaxAgeSeconds ? ` · angka diperbarui ${data.figuresAsOf}` : ''}
      </Text>
      {data.work ? <Work work={data.work} view={data.view} /> : null}
      <ConsultationQueue queue={data.bkpsdmQueue} />
      {data.tickets ? (
        <Box flex flexDirection="row" flexWrap="wrap" data-testid="tickets">
          <Card
            label="Tiket terbuka"
            value={nf.format(data.tickets.open)}
            sub={<a href="/admin/resources/helpdesk_tickets?filters.status=open">Buka daftar tiket baru</a>}
          />
          <Card label="Tiket masuk hari ini" value={nf.format(data.tickets.createdToday)} />
          <Section title="Tiket terbuka menurut umur">
            <Bars
              testId="tickets-by-age"
              rows={data.tickets.byAge.map((r: any, i: number) => ({
                label: r.label,
                value: r.count,
                text: nf.format(r.count),
                colour: ['#16a34a', '#3b82f6', '#f59e0b', '#dc2626'][i],
              }))}
            />
          </Section>
        </Box>
      ) : null}
      {data.downloads?.length ? (
        <Box mb="lg">
          {data.downloads.map((d: any) => (
            <a key={d.href} href={d.href} style={{ marginRight: 16 }} data-testid="report-download">
              {d.label}
            </a>
          ))}
        </Box>
      ) : null}
      <ClosingLoop section={data.closingLoop} />
      {showSummary ? (
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
      {showSummary ? (
        <Box flex flexDirection="row" flexWrap="wrap">
          <Section title="Kemajuan per tahap (ASN)" testId="progress-chart">
            {data.charts ? <StageProgressChart chart={data.charts.stages} /> : null}
          </Section>
          {data.charts?.burndown ? (
            <Section title="Grafik penyelesaian (burn-down)" testId="burndown">
              <Text mb="sm" data-testid="burndown-sentence">
                <strong>{data.charts.burndown.sentence}</strong>
              </Text>
              <BurndownChart burndown={data.charts.burndown} />
            </Section>
          ) : null}
          {data.opd ? (
            <Section title="Usul per status" testId="status-chart">
              <Bars
                rows={data.opd.byStatus.map((r: any) => ({
                  label: r.label,
                  value: r.count,
                  text: nf.format(r.count),
                  colour: STATUS_COLOUR[r.status],
                }))}
              />
            </Section>
          ) : null}
        </Box>
      ) : null}
      {data.opd ? (
        <Box flex flexDirection="row" flexWrap="wrap">
          <Section title="Perlu ditindaklanjuti">
            <Text>
              <a href={data.opd.toActHref} data-testid="to-act-link">
                {nf.format(data.opd.toActCount)} ASN perlu ditindaklanjuti
              </a>{' '}
              (belum aktivasi, belum mengajukan, BTS menunggu ASN, TMS) — rinciannya di lembar tindak lanjut laporan OPD.
            </Text>
          </Section>
          <Section title="Kegiatan verifikator (7 hari)">
            {data.opd.verifiers.length === 0 ? <Text>Belum ada verifikasi dalam 7 hari terakhir.</Text> : null}
            {data.opd.verifiers.length ? (
              <StepsTable
                first="Verifikator"
                testId="verifier-activity"
                rows={data.opd.verifiers.map((r: any) => ({ ...r, key: r.name }))}
              />
            ) : null}
            <H4 mt="lg">Per hari</H4>
            <StepsTable first="Tanggal" rows={data.opd.throughput.map((r: any) => ({ ...r, key: r.date, name: r.dateText }))} />
          </Section>
        </Box>
      ) : null}
      {data.approvals ? (
        <Section title="Menunggu persetujuan, per OPD" testId="approvals-by-opd">
          {data.approvals.length === 0 ? <Text>Tidak ada usul yang menunggu persetujuan.</Text> : null}
          <Bars
            rows={data.approvals.map((r: any) => ({
              label: r.opdName,
              value: r.count,
              text: `${nf.format(r.count)} usul`,
              colour: '#8b5cf6',
            }))}
          />
        </Section>
      ) : null}
      {data.regency ? (
        <Section title={`Peringkat OPD menurut ${data.regency.measure.label}`} testId="regency">
          <Text variant="sm" mb="md">
            Warna baris: penyelesaian (merah di bawah 50%, kuning di bawah 80%, hijau 80% ke atas). Klik baris untuk membuka OPD.
          </Text>
          <table className="pdm-table" data-testid="regency-ranking">
            <thead>
              <tr>
                <th className="pdm-num">#</th>
                <th>OPD</th>
                <th className="pdm-num">ASN</th>
                <th className="pdm-num">Aktivasi</th>
                <th className="pdm-num">Mengajukan</th>
                <th className="pdm-num">Selesai</th>
                <th className="pdm-num">Antrean</th>
              </tr>
            </thead>
            <tbody>
              {data.regency.rows.map((r: any) =>
                r.total ? (
                  <tr
                    key={r.opdId}
                    className="pdm-row-link"
                    style={{ background: r.band ? BAND[r.band] : undefined }}
                    onClick={() => window.location.assign(r.href)}
                    data-testid="ranking-row"
                  >
                    <td className="pdm-num">{r.position}</td>
                    <td>
                      <a href={r.href}>{r.opdName}</a>
                    </td>
                    <td className="pdm-num">{nf.format(r.total)}</td>
                    <td className="pdm-num">{pf(r.pctActivated)}</td>
                    <td className="pdm-num">
                      <b>{pf(r.pctWithSubmission)}</b>
                    </td>
                    <td className="pdm-num">{pf(r.pctCompleted)}</td>
                    <td className="pdm-num">{nf.format(r.backlog)}</td>
                  </tr>
                ) : (
                  // No ASN: nothing to rank or colour.
                  <tr key={r.opdId} data-testid="opd-without-asn">
                    <td className="pdm-num">-</td>
                    <td>{r.opdName}</td>
                    <td colSpan={5}>Belum ada ASN</td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </Section>
      ) : null}
      <ClosingSection closing={data.closing} />
    </Box>
  );
};

export default Dashboard;
