import { formatJakartaDateTime } from '../../shared/time.js';
import type { OpdReport } from '../data/opd-report.js';
import type { RegencyReport } from '../data/regency-report.js';
import type { OpdSummary } from '../data/summaries.js';
import { formatDecimal, formatNumber, formatPct } from '../format.js';

/**
 * The Indonesian e-mails that carry the reports: subject, plain text and a simple HTML part
 * (inline styles only, nothing loaded from outside: the intranet mail clients block it).
 * Pure functions of the report, so the outbox can store the rendered mail with the workbook.
 */

export interface MailBody {
  subject: string;
  text: string;
  html: string;
}

export interface MailBodyOptions {
  regencyName: string;
  /** "Kirim uji ke saya": the subject and body say it is a test. */
  test?: boolean;
  /** The campaign's guides (Buku Saku, Juknis) with their panel URL, linked at the end of the mail. */
  guides?: ReadonlyArray<{ title: string; url: string }>;
  /** The panel's pages for this report (panelLinks): linked near the top of the mail. */
  panel?: PanelLinks | null;
}

export interface PanelLinks {
  /** The dashboard (an OPD head sees their OPD's; the Bupati the regency's). */
  dashboard: string;
  /** The list of the reports sent (an OPD mail: that OPD's). */
  reports: string;
}

/** The panel's pages a report mail links to, from the public base URL (config APP_BASE_URL). */
export function panelLinks(baseUrl: string, opdId: number | null): PanelLinks {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    dashboard: `${base}/admin`,
    reports: `${base}/admin/resources/report_deliveries${opdId === null ? '' : `?filters.opdId=${opdId}`}`,
  };
}

/** The panel paragraph (text lines and HTML), empty without links. */
function panelLines(opts: MailBodyOptions, what: string): { text: string[]; html: string[] } {
  const p = opts.panel;
  if (!p) return { text: [], html: [] };
  return {
    text: [`Pantau ${what} langsung di panel PDM Monitor:`, `- Dasbor: ${p.dashboard}`, `- Laporan terkirim: ${p.reports}`, ''],
    html: [
      `<p>Pantau ${esc(what)} langsung di panel PDM Monitor: <a href="${esc(p.dashboard)}">Dasbor</a> · ` +
        `<a href="${esc(p.reports)}">Laporan terkirim</a></p>`,
    ],
  };
}

/** The guides paragraph (text lines and HTML), empty without guides. */
function guideLines(opts: MailBodyOptions): { text: string[]; html: string[] } {
  const g = opts.guides ?? [];
  if (!g.length) return { text: [], html: [] };
  return {
    text: ['Panduan PDM (Buku Saku, Juknis) dapat diunduh di panel PDM Monitor:', ...g.map((x) => `- ${x.title}: ${x.url}`), ''],
    html: [
      '<p>Panduan PDM (Buku Saku, Juknis) dapat diunduh di panel PDM Monitor:</p>',
      `<ul>${g.map((x) => `<li><a href="${esc(x.url)}">${esc(x.title)}</a></li>`).join('')}</ul>`,
    ],
  };
}

/** "▲ 2,1 poin" / "▼ 0,5 poin" / "tetap" — change of a percentage since the last report; '' without one. */
export function deltaPoints(current: number, previous: number | null | undefined): string {
  if (previous === null || previous === undefined || !Number.isFinite(previous)) return '';
  const d = Math.round((current - previous) * 10) / 10;
  if (d === 0) return 'tetap';
  return `${d > 0 ? '▲' : '▼'} ${formatDecimal(Math.abs(d))} poin`;
}

/** "▲ 12" / "▼ 3" / "tetap" — change of a count. */
export function deltaCount(current: number, previous: number | null | undefined): string {
  if (previous === null || previous === undefined || !Number.isFinite(previous)) return '';
  const d = current - previous;
  if (d === 0) return 'tetap';
  return `${d > 0 ? '▲' : '▼'} ${formatNumber(Math.abs(d))}`;
}

/** How the head of an OPD is addressed: Camat for a kecamatan, Direktur for a hospital, else Kepala. */
export function headTitle(opdName: string): string {
  const n = opdName.trim();
  if (/^kecamatan\s+/i.test(n)) return `Camat ${n.replace(/^kecamatan\s+/i, '')}`;
  if (/^(rsud|rumah sakit)/i.test(n)) return `Direktur ${n}`;
  if (/^sekretariat daerah/i.test(n)) return `Sekretaris Daerah`;
  if (/^sekretariat dprd/i.test(n)) return `Sekretaris DPRD`;
  return `Kepala ${n}`;
}

/** "Kabupaten Karanganyar" → "Bupati Karanganyar"; "Kota X" → "Wali Kota X". */
export function regentTitle(regencyName: string): string {
  const n = regencyName.trim();
  if (/^kota\s+/i.test(n)) return `Wali Kota ${n.replace(/^kota\s+/i, '')}`;
  return `Bupati ${n.replace(/^kabupaten\s+/i, '')}`;
}

export function signature(regencyName: string): string {
  return `BKPSDM ${regencyName}`;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface Measure {
  label: string;
  count: number;
  pct: number;
  change: string;
}

function measures(s: OpdSummary, p: OpdSummary | null): Measure[] {
  return [
    { label: 'Aktivasi MySAPK', count: s.activated, pct: s.pctActivated, change: deltaPoints(s.pctActivated, p?.pctActivated) },
    {
      label: 'Ganti password',
      count: s.passwordChanged,
      pct: s.pctPasswordChanged,
      change: deltaPoints(s.pctPasswordChanged, p?.pctPasswordChanged),
    },
    {
      label: 'Mengajukan usul',
      count: s.withSubmission,
      pct: s.pctWithSubmission,
      change: deltaPoints(s.pctWithSubmission, p?.pctWithSubmission),
    },
    { label: 'Selesai pemutakhiran', count: s.completed, pct: s.pctCompleted, change: deltaPoints(s.pctCompleted, p?.pctCompleted) },
  ];
}

function measureLine(m: Measure): string {
  return `- ${m.label}: ${formatPct(m.pct)} (${formatNumber(m.count)} orang)${m.change ? `, ${m.change} sejak laporan sebelumnya` : ''}`;
}

function backlogText(s: OpdSummary): string {
  if (s.backlog === 0) return 'tidak ada usul yang menunggu verifikasi';
  const oldest = s.backlogOldestDays === null ? '' : `, tertua ${formatNumber(s.backlogOldestDays)} hari`;
  return `${formatNumber(s.backlog)} usul menunggu verifikasi${oldest}`;
}

const DIKTUM_H =
  'Sesuai Diktum KESATU huruf h Instruksi Bupati, ASN yang tidak melaksanakan pemutakhiran data mandiri ' +
  'melalui MySAPK pada waktu yang ditentukan, seluruh layanan kepegawaian yang bersangkutan tidak diproses.';

const TEST_NOTE =
  'CATATAN: ini adalah pengiriman UJI dari PDM Monitor; angka di bawah adalah data sebenarnya, tetapi e-mail ini hanya dikirim ke penguji.';

function typesLine(s: OpdSummary): string {
  return `PNS ${formatNumber(s.byType.PNS)}, CPNS ${formatNumber(s.byType.CPNS)}, PPPK ${formatNumber(s.byType.PPPK)}`;
}

/** The per-OPD e-mail to the OPD head. */
export function opdMailBody(report: OpdReport, opts: MailBodyOptions): MailBody {
  const s = report.summary;
  const p = report.previous;
  const when = formatJakartaDateTime(report.asOf, 'short');
  const title = headTitle(report.opd.name);
  const subject = `${opts.test ? '[UJI] ' : ''}Laporan PDM ASN — ${report.opd.name} — per ${when}`;
  const greeting = report.opd.headName ? `Yth. ${report.opd.headName}, ${title}` : `Yth. ${title}`;
  const ms = measures(s, p);
  const totalChange = deltaCount(s.total, p?.total);
  const toAct = report.toAct.length;
  const bts = report.toAct.filter((e) => e.returned > 0).length;
  const tms = report.toAct.filter((e) => e.rejected > 0 && !e.completed).length;
  const cases = [
    bts ? `${formatNumber(bts)} dengan usul dikembalikan (BTS) yang menunggu perbaikan` : null,
    tms ? `${formatNumber(tms)} dengan usul TMS yang perlu diajukan ulang` : null,
  ].filter(Boolean);
  const toActText =
    toAct > 0
      ? `Terdapat ${formatNumber(toAct)} ASN yang perlu ditindaklanjuti (belum aktivasi MySAPK, belum mengajukan usul, usul dikembalikan atau TMS${cases.length ? `; di antaranya ${cases.join(' dan ')}` : ''}); daftar dan alasannya ada pada lembar "Perlu Tindak Lanjut" di berkas terlampir. Mohon arahan Bapak/Ibu agar mereka segera menyelesaikan pemutakhiran.`
      : 'Seluruh ASN sudah aktivasi MySAPK dan mengajukan usul, dan tidak ada usul yang menunggu perbaikan. Terima kasih atas dukungan Bapak/Ibu.';
  const panel = panelLines(opts, `capaian ${report.opd.name}`);
  const lines = [
    ...(opts.test ? [TEST_NOTE, ''] : []),
    greeting,
    '',
    `Bersama ini kami sampaikan laporan Pemutakhiran Data Mandiri (PDM) ASN ${report.opd.name} per ${when}` +
      `${report.campaign ? ` (${report.campaign.name})` : ''}:`,
    '',
    `- Jumlah ASN: ${formatNumber(s.total)} orang (${typesLine(s)})${totalChange && totalChange !== 'tetap' ? `, ${totalChange} sejak laporan sebelumnya` : ''}`,
    ...ms.map(measureLine),
    `- Antrean verifikasi: ${backlogText(s)}`,
    ...(report.forecast ? [`- Perkiraan: ${report.forecast.sentence}`] : []),
    '',
    p
      ? 'Perubahan (▲/▼) dihitung terhadap laporan sebelumnya dalam poin persentase.'
      : 'Ini laporan pertama; perubahan akan ditampilkan mulai laporan berikutnya.',
    '',
    toActText,
    '',
    ...panel.text,
    DIKTUM_H,
    '',
    'Rincian lengkap (usul per kategori, kinerja verifikator, daftar ASN, umur antrean) terlampir dalam berkas Excel.',
    '',
    ...guideLines(opts).text,
    'Hormat kami,',
    signature(opts.regencyName),
  ];

  const row = (label: string, value: string, change = '') =>
    `<tr><td style="padding:4px 8px;border:1px solid #ccc">${esc(label)}</td><td style="padding:4px 8px;border:1px solid #ccc;text-align:right">${esc(value)}</td><td style="padding:4px 8px;border:1px solid #ccc">${esc(change)}</td></tr>`;
  const html = [
    '<div style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222">',
    ...(opts.test ? [`<p style="color:#a00"><strong>${esc(TEST_NOTE)}</strong></p>`] : []),
    `<p>${esc(greeting)}</p>`,
    `<p>Bersama ini kami sampaikan laporan Pemutakhiran Data Mandiri (PDM) ASN <strong>${esc(report.opd.name)}</strong> per ${esc(when)}${report.campaign ? ` (${esc(report.campaign.name)})` : ''}:</p>`,
    '<table style="border-collapse:collapse">',
    '<tr><th style="padding:4px 8px;border:1px solid #ccc;text-align:left">Uraian</th><th style="padding:4px 8px;border:1px solid #ccc">Capaian</th><th style="padding:4px 8px;border:1px solid #ccc">Perubahan</th></tr>',
    row('Jumlah ASN', `${formatNumber(s.total)} orang`, totalChange),
    ...ms.map((m) => row(m.label, `${formatPct(m.pct)} (${formatNumber(m.count)})`, m.change)),
    row('Antrean verifikasi', backlogText(s)),
    ...(report.forecast ? [row('Perkiraan', report.forecast.sentence)] : []),
    '</table>',
    `<p>${esc(toActText)}</p>`,
    ...panel.html,
    `<p><strong>${esc(DIKTUM_H)}</strong></p>`,
    '<p>Rincian lengkap terlampir dalam berkas Excel.</p>',
    ...guideLines(opts).html,
    `<p>Hormat kami,<br>${esc(signature(opts.regencyName))}</p>`,
    '</div>',
  ].join('\n');
  return { subject, text: lines.join('\n'), html };
}

type RegencyRow = RegencyReport['rows'][number];

function rowLine(r: RegencyRow): string {
  const change = deltaPoints(r.pctCompleted, r.previous?.pctCompleted);
  return `${r.rank}. ${r.opdName}: selesai ${formatPct(r.pctCompleted)}${change ? ` (${change})` : ''}, mengajukan usul ${formatPct(r.pctWithSubmission)}`;
}

/** The regency e-mail to the Bupati: totals, colour bands, the top and bottom five OPDs. */
export function regencyMailBody(report: RegencyReport, opts: MailBodyOptions & { recipientName?: string | null }): MailBody {
  const t = report.totals;
  const p = report.previousTotals ?? null;
  const when = formatJakartaDateTime(report.asOf, 'short');
  const subject = `${opts.test ? '[UJI] ' : ''}Laporan PDM ASN — ${opts.regencyName} — per ${when}`;
  const greeting = `Yth. ${regentTitle(opts.regencyName)}`;
  const ms = measures(t, p);
  // OPDs without ASN have no rank or band: named apart, never among the top or bottom five.
  const rows = report.rows
    .filter((r) => r.rank !== null)
    .sort((a, b) => a.rank! - b.rank! || report.rows.indexOf(a) - report.rows.indexOf(b));
  const empty = report.rows.filter((r) => r.rank === null);
  const top = rows.slice(0, 5);
  const bottom = rows.length > 5 ? rows.slice(-Math.min(5, rows.length - 5)) : [];
  const bands = { red: 0, amber: 0, green: 0 };
  for (const r of rows) if (r.band) bands[r.band]++;
  const panel = panelLines(opts, `capaian ${opts.regencyName}`);
  const emptyLine = empty.length ? `OPD yang belum ada ASN (tanpa peringkat): ${empty.map((r) => r.opdName).join(', ')}` : null;
  const lines = [
    ...(opts.test ? [TEST_NOTE, ''] : []),
    greeting,
    '',
    `Bersama ini kami laporkan capaian Pemutakhiran Data Mandiri (PDM) ASN ${opts.regencyName} per ${when}` +
      `${report.campaign ? ` (${report.campaign.name})` : ''}:`,
    '',
    `- Jumlah ASN: ${formatNumber(t.total)} orang (${typesLine(t)}) pada ${formatNumber(rows.length)} OPD`,
    ...ms.map(measureLine),
    `- Antrean verifikasi: ${backlogText(t)}`,
    ...(report.forecast ? [`- Perkiraan kabupaten: ${report.forecast.regency.sentence}`] : []),
    `- Capaian OPD: ${bands.green} hijau (≥ 80%), ${bands.amber} kuning (50–80%), ${bands.red} merah (< 50%)`,
    '',
    `${top.length} OPD dengan capaian tertinggi:`,
    ...top.map(rowLine),
    ...(bottom.length ? ['', `${bottom.length} OPD dengan capaian terendah:`, ...bottom.map(rowLine)] : []),
    ...(emptyLine ? ['', emptyLine] : []),
    '',
    ...panel.text,
    DIKTUM_H,
    '',
    'Peringkat seluruh OPD dan rinciannya terlampir dalam berkas Excel.',
    '',
    ...guideLines(opts).text,
    'Hormat kami,',
    signature(opts.regencyName),
  ];
  // The rank is written out (shared ranks: 1, 1, 3), not left to the list's own numbering.
  const li = (r: RegencyRow) => `<li>${esc(rowLine(r))}</li>`;
  const list = (rs: RegencyRow[]) => `<ul style="list-style:none;padding-left:0">${rs.map(li).join('')}</ul>`;
  const html = [
    '<div style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222">',
    ...(opts.test ? [`<p style="color:#a00"><strong>${esc(TEST_NOTE)}</strong></p>`] : []),
    `<p>${esc(greeting)}</p>`,
    `<p>Bersama ini kami laporkan capaian Pemutakhiran Data Mandiri (PDM) ASN ${esc(opts.regencyName)} per ${esc(when)}:</p>`,
    '<ul>',
    `<li>Jumlah ASN: ${esc(formatNumber(t.total))} orang pada ${rows.length} OPD</li>`,
    ...ms.map((m) => `<li>${esc(measureLine(m).slice(2))}</li>`),
    `<li>Antrean verifikasi: ${esc(backlogText(t))}</li>`,
    ...(report.forecast ? [`<li>Perkiraan kabupaten: ${esc(report.forecast.regency.sentence)}</li>`] : []),
    '</ul>',
    `<p><strong>OPD dengan capaian tertinggi</strong></p>${list(top)}`,
    ...(bottom.length ? [`<p><strong>OPD dengan capaian terendah</strong></p>${list(bottom)}`] : []),
    ...(emptyLine ? [`<p>${esc(emptyLine)}</p>`] : []),
    ...panel.html,
    `<p><strong>${esc(DIKTUM_H)}</strong></p>`,
    ...guideLines(opts).html,
    `<p>Hormat kami,<br>${esc(signature(opts.regencyName))}</p>`,
    '</div>',
  ].join('\n');
  return { subject, text: lines.join('\n'), html };
}
