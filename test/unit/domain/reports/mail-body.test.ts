import { describe, it, expect } from '@jest/globals';
import {
  deltaPoints,
  headTitle,
  opdMailBody,
  panelLinks,
  regencyMailBody,
  regentTitle,
} from '../../../../src/domain/reports/delivery/mail-body.js';
import type { OpdReport } from '../../../../src/domain/reports/data/opd-report.js';
import { formatJakartaDateTime } from '../../../../src/domain/shared/time.js';
import type { OpdSummary } from '../../../../src/domain/reports/data/summaries.js';
import type { RegencyReport } from '../../../../src/domain/reports/data/regency-report.js';

const asOf = new Date('2026-11-26T00:00:00Z');

function summary(over: Partial<OpdSummary> = {}): OpdSummary {
  return {
    opdId: 1,
    opdCode: 'DINKES',
    opdName: 'Dinas Kesehatan',
    total: 9123,
    byType: { PNS: 8000, CPNS: 123, PPPK: 1000 },
    activated: 7782,
    passwordChanged: 7000,
    withSubmission: 6000,
    completed: 4500,
    pctActivated: 85.3,
    pctPasswordChanged: 76.7,
    pctWithSubmission: 65.8,
    pctCompleted: 49.3,
    backlog: 42,
    backlogOldestDays: 5,
    ...over,
  };
}

function opdReport(over: Partial<OpdReport> = {}): OpdReport {
  return {
    asOf,
    campaign: { id: 1, name: 'PDM 2026' },
    opd: { id: 1, code: 'DINKES', name: 'Dinas Kesehatan', headName: 'dr. Ratna', headEmail: 'k@x', secretaryEmail: null },
    summary: summary(),
    previous: null,
    byStatus: {},
    byCategoryStatus: [],
    throughput: [],
    toAct: [
      {
        nip: '1',
        name: 'A',
        unit: null,
        position: null,
        employeeType: 'PNS',
        activated: false,
        passwordChanged: false,
        submissions: 0,
        returned: 0,
        rejected: 0,
        completed: false,
        reason: 'x',
        cases: [],
      },
      {
        nip: '2',
        name: 'B',
        unit: null,
        position: null,
        employeeType: 'PNS',
        activated: true,
        passwordChanged: true,
        submissions: 2,
        returned: 1,
        rejected: 1,
        completed: false,
        reason: 'y',
        cases: [],
      },
    ],
    ...over,
  };
}

describe('report e-mail bodies', () => {
  it('formats the as-of time and the changes in Indonesian', () => {
    expect(formatJakartaDateTime(asOf, 'short')).toBe('26 November 2026 07.00 WIB');
    expect(deltaPoints(85.3, 83.2)).toBe('▲ 2,1 poin');
    expect(deltaPoints(80, 80.5)).toBe('▼ 0,5 poin');
    expect(deltaPoints(80, 80)).toBe('tetap');
    expect(deltaPoints(80, null)).toBe('');
    expect(headTitle('Kecamatan Jaten')).toBe('Camat Jaten');
    expect(headTitle('Dinas Kesehatan')).toBe('Kepala Dinas Kesehatan');
    expect(headTitle('RSUD Karanganyar')).toBe('Direktur RSUD Karanganyar');
    expect(regentTitle('Kabupaten Karanganyar')).toBe('Bupati Karanganyar');
  });

  it('OPD mail: subject, greeting, key numbers, backlog, Diktum KESATU h, signature', () => {
    const m = opdMailBody(opdReport(), { regencyName: 'Kabupaten Karanganyar' });
    expect(m.subject).toBe('Laporan PDM ASN — Dinas Kesehatan — per 26 November 2026 07.00 WIB');
    expect(m.text).toContain('Yth. dr. Ratna, Kepala Dinas Kesehatan');
    expect(m.text).toContain('Jumlah ASN: 9.123 orang (PNS 8.000, CPNS 123, PPPK 1.000)');
    expect(m.text).toContain('Aktivasi MySAPK: 85,3% (7.782 orang)');
    expect(m.text).toContain('Ganti password: 76,7% (7.000 orang)');
    expect(m.text).toContain('Mengajukan usul: 65,8% (6.000 orang)');
    expect(m.text).toContain('Selesai pemutakhiran: 49,3% (4.500 orang)');
    expect(m.text).toContain('Antrean verifikasi: 42 usul menunggu verifikasi, tertua 5 hari');
    expect(m.text).toContain('Ini laporan pertama');
    expect(m.text).toContain('Diktum KESATU huruf h');
    expect(m.text).toContain('tidak diproses');
    expect(m.text.trim().endsWith('BKPSDM Kabupaten Karanganyar')).toBe(true);
    expect(m.html).toContain('<strong>Dinas Kesehatan</strong>');
    expect(m.html).not.toMatch(/<script|https?:\/\//);
    expect(m.text).toContain('Terdapat 2 ASN yang perlu ditindaklanjuti');
    expect(m.text).toContain('di antaranya 1 dengan usul dikembalikan (BTS) yang menunggu perbaikan dan 1 dengan usul TMS');
  });

  it('links the panel: the OPD dashboard and its reports, the regency ones; none without a base URL', () => {
    const links = panelLinks('https://pdm.example.go.id/', 7);
    expect(links).toEqual({
      dashboard: 'https://pdm.example.go.id/admin',
      reports: 'https://pdm.example.go.id/admin/resources/report_deliveries?filters.opdId=7',
    });
    const m = opdMailBody(opdReport(), { regencyName: 'Kabupaten Karanganyar', panel: links });
    expect(m.text).toContain('- Dasbor: https://pdm.example.go.id/admin\n');
    expect(m.html).toContain('<a href="https://pdm.example.go.id/admin/resources/report_deliveries?filters.opdId=7">Laporan terkirim</a>');
    expect(panelLinks('http://localhost:3000', null).reports).toBe('http://localhost:3000/admin/resources/report_deliveries');
  });

  it('OPD mail shows the change since the previous report, and escapes HTML', () => {
    const m = opdMailBody(
      opdReport({
        opd: { id: 1, code: 'X', name: 'Dinas <Uji> & Co', headName: null, headEmail: null, secretaryEmail: null },
        previous: summary({ pctActivated: 83.2, pctCompleted: 50.0, total: 9100 }),
      }),
      { regencyName: 'Kabupaten Karanganyar', test: true },
    );
    expect(m.subject.startsWith('[UJI] Laporan PDM ASN — Dinas <Uji> & Co')).toBe(true);
    expect(m.text).toContain('Yth. Kepala Dinas <Uji> & Co');
    expect(m.text).toContain('Aktivasi MySAPK: 85,3% (7.782 orang), ▲ 2,1 poin sejak laporan sebelumnya');
    expect(m.text).toContain('Selesai pemutakhiran: 49,3% (4.500 orang), ▼ 0,7 poin sejak laporan sebelumnya');
    expect(m.text).toContain('Jumlah ASN: 9.123 orang (PNS 8.000, CPNS 123, PPPK 1.000), ▲ 23 sejak laporan sebelumnya');
    expect(m.text).toContain('pengiriman UJI');
    expect(m.html).toContain('Dinas &lt;Uji&gt; &amp; Co');
    expect(m.html).not.toContain('<Uji>');
  });

  it('regency mail: totals, colour bands, top and bottom five OPDs', () => {
    const rows = Array.from({ length: 12 }, (_, i) => {
      const s = summary({ opdId: i + 1, opdCode: `O${i + 1}`, opdName: `OPD ${i + 1}`, pctCompleted: 95 - i * 8 });
      return {
        ...s,
        rank: i + 1,
        band: s.pctCompleted < 50 ? ('red' as const) : s.pctCompleted < 80 ? ('amber' as const) : ('green' as const),
        previous: i === 0 ? summary({ pctCompleted: 90 }) : null,
      };
    });
    const report: RegencyReport = {
      asOf,
      campaign: null,
      rows,
      totals: summary({ opdId: 0, opdCode: 'TOTAL', opdName: 'Jumlah' }),
      previousTotals: null,
    };
    const m = regencyMailBody(report, { regencyName: 'Kabupaten Karanganyar' });
    expect(m.subject).toBe('Laporan PDM ASN — Kabupaten Karanganyar — per 26 November 2026 07.00 WIB');
    expect(m.text).toContain('Yth. Bupati Karanganyar');
    expect(m.text).toContain('Jumlah ASN: 9.123 orang (PNS 8.000, CPNS 123, PPPK 1.000) pada 12 OPD');
    expect(m.text).toContain('Capaian OPD: 2 hijau (≥ 80%), 4 kuning (50–80%), 6 merah (< 50%)');
    expect(m.text).toContain('5 OPD dengan capaian tertinggi:\n1. OPD 1: selesai 95,0% (▲ 5,0 poin)');
    expect(m.text).toContain('5 OPD dengan capaian terendah:\n8. OPD 8');
    expect(m.text).toContain('12. OPD 12: selesai 7,0%');
    expect(m.text).not.toContain('6. OPD 6');
    // Ranks are written out (a shared rank would break a list's own numbering).
    expect(m.html).toContain('<li>8. OPD 8: selesai 39,0%');
    // Fewer than ten OPDs: the bottom list never repeats the top list.
    const small = regencyMailBody({ ...report, rows: rows.slice(0, 7) }, { regencyName: 'Kabupaten Karanganyar' });
    expect(small.text).toContain('2 OPD dengan capaian terendah:\n6. OPD 6');
    // Shared ranks, and an OPD without ASN: named apart, unranked, not counted in a colour band.
    const tied = rows.slice(0, 3).map((r) => ({ ...r, rank: 1 }));
    const empty = {
      ...summary({ opdId: 99, opdCode: 'BARU', opdName: 'Dinas Baru', total: 0, pctCompleted: 0 }),
      rank: null,
      band: null,
      previous: null,
    };
    const t = regencyMailBody({ ...report, rows: [...tied, empty] }, { regencyName: 'Kabupaten Karanganyar' });
    expect(t.text).toContain('1. OPD 1: selesai 95,0% (▲ 5,0 poin), mengajukan usul 65,8%\n1. OPD 2: selesai 87,0%');
    expect(t.text).toContain('Capaian OPD: 2 hijau (≥ 80%), 1 kuning (50–80%), 0 merah (< 50%)');
    expect(t.text).toContain('OPD yang belum ada ASN (tanpa peringkat): Dinas Baru');
    expect(t.text).not.toMatch(/\d+\. Dinas Baru/);
    expect(t.html).toContain('OPD yang belum ada ASN (tanpa peringkat): Dinas Baru');
  });
});
