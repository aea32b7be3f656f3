import React, { useMemo } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { ChartCanvas } from './shared/chart-canvas.js';

/**
 * The dashboard's charts (issues 12 and 13): progress through the stages and the burn-down of
 * the completion forecast. The data, labels and summaries come from the server
 * (src/domain/dashboard/charts.ts, src/domain/forecast/burndown.ts); this file only draws.
 */

const nf = new Intl.NumberFormat('id-ID');
const df = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 });
const pf = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const STAGE_COLOUR: Record<string, string> = {
  total: '#9ca3af',
  activated: '#60a5fa',
  passwordChanged: '#3b82f6',
  withSubmission: '#6366f1',
  completed: '#16a34a',
};
const num = (v: unknown): string => (typeof v === 'number' ? nf.format(v) : String(v));

export const StageProgressChart: React.FC<{ chart: any }> = ({ chart }) => {
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: chart.rows.map((r: any) => r.label),
        datasets: [
          {
            label: 'ASN',
            data: chart.rows.map((r: any) => r.count),
            backgroundColor: chart.rows.map((r: any) => STAGE_COLOUR[r.key]),
          },
        ],
      },
      options: {
        indexAxis: 'y',
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (c) => `${nf.format(c.parsed.x ?? 0)} ASN (${pf.format(chart.rows[c.dataIndex].pct)}%)` } },
        },
        scales: { x: { beginAtZero: true, ticks: { callback: num } } },
      },
    }),
    [chart],
  );
  return (
    <ChartCanvas
      testId="stage-chart"
      config={config}
      summary={chart.summary}
      height={220}
      table={
        <table>
          <caption>{chart.title}</caption>
          <thead>
            <tr>
              <th>Tahap</th>
              <th>ASN</th>
              <th>Persen</th>
            </tr>
          </thead>
          <tbody>
            {chart.rows.map((r: any) => (
              <tr key={r.key}>
                <td>{r.label}</td>
                <td>{nf.format(r.count)}</td>
                <td>{pf.format(r.pct)}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
};

/** One line of the burn-down: a series of the points in one colour. */
const line = (label: string, pts: any[], key: 'actual' | 'projected' | 'ideal', colour: string, style: Record<string, unknown>) => ({
  label,
  data: pts.map((p) => p[key]),
  borderColor: colour,
  backgroundColor: colour,
  borderWidth: 2,
  pointRadius: 0,
  ...style,
});

export const BurndownChart: React.FC<{ burndown: any }> = ({ burndown }) => {
  const config = useMemo<ChartConfiguration>(() => {
    const pts: any[] = burndown.points;
    return {
      type: 'line',
      data: {
        labels: pts.map((p) => (p.today ? `${p.label} (hari ini)` : p.label)),
        datasets: [
          line('Sisa ASN (nyata)', pts, 'actual', '#2563eb', { borderWidth: 3, pointRadius: 3 }),
          line('Perkiraan dengan laju sekarang', pts, 'projected', '#f59e0b', { borderDash: [6, 4] }),
          line('Ideal (selesai pada batas waktu)', pts, 'ideal', '#16a34a', { borderDash: [2, 3] }),
        ],
      },
      options: {
        plugins: {
          legend: { position: 'bottom' },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label ?? ''}: ${df.format(c.parsed.y ?? 0)} ASN` } },
        },
        scales: { y: { beginAtZero: true, ticks: { callback: num }, title: { display: true, text: 'ASN belum selesai' } } },
      },
    };
  }, [burndown]);
  return (
    <ChartCanvas
      testId="burndown-chart"
      config={config}
      summary={burndown.summary}
      table={
        <table>
          <caption>Sisa ASN belum selesai per hari (akhir hari)</caption>
          <thead>
            <tr>
              <th>Tanggal</th>
              <th>Nyata</th>
              <th>Perkiraan</th>
              <th>Ideal</th>
            </tr>
          </thead>
          <tbody>
            {burndown.points.map((p: any) => (
              <tr key={p.date}>
                <td>{p.today ? `${p.label} (hari ini, sampai sekarang)` : p.label}</td>
                <td>{p.actual === null ? '—' : nf.format(p.actual)}</td>
                <td>{p.projected === null ? '—' : nf.format(p.projected)}</td>
                <td>{p.ideal === null ? '—' : df.format(p.ideal)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
};
