import React, { useEffect, useRef } from 'react';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

/**
 * A Chart.js chart on a canvas, bundled with the panel (nothing from the internet). Chart.js is
 * used directly (no React wrapper): a canvas, a ref and an effect are all it takes, and it keeps
 * the bundle to one library. Only the pieces the dashboard draws are registered (tree-shaken).
 *
 * Accessibility: the canvas is an image (`role="img"`) named by `summary`, with the summary as
 * its fallback content, and `table` (the same figures) is rendered for screen readers beside it.
 */
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

export const srOnly: React.CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0, 0, 0, 0)',
  whiteSpace: 'nowrap',
  border: 0,
};

export const ChartCanvas: React.FC<{
  config: ChartConfiguration;
  summary: string;
  testId: string;
  height?: number;
  /** The figures as a table (hidden visually, read by screen readers). */
  table: React.ReactNode;
}> = ({ config, summary, testId, height = 260, table }) => {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!ref.current) return undefined;
    const chart = new Chart(ref.current, {
      ...config,
      options: { locale: 'id-ID', responsive: true, maintainAspectRatio: false, animation: false, ...config.options },
    });
    return () => chart.destroy();
  }, [config]);
  return (
    <figure style={{ margin: 0 }} data-testid={testId}>
      <div style={{ position: 'relative', height }}>
        <canvas ref={ref} role="img" aria-label={summary} data-testid={`${testId}-canvas`}>
          {summary}
        </canvas>
      </div>
      {/* Shown for sighted readers; screen readers already heard it as the canvas's name. */}
      <figcaption style={{ fontSize: 13, color: '#4b5563', marginTop: 8 }} aria-hidden="true" data-testid={`${testId}-summary`}>
        {summary}
      </figcaption>
      <div style={srOnly}>{table}</div>
    </figure>
  );
};
