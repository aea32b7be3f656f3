import React from 'react';

/** A horizontal bar chart in plain HTML/CSS (bundled with the panel, nothing from the internet). */
export const Bars: React.FC<{ rows: Array<{ label: string; value: number; text?: string; colour?: string }>; testId?: string }> = ({
  rows,
  testId,
}) => {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <div className="pdm-bars" data-testid={testId} role="list">
      {rows.map((r) => (
        <React.Fragment key={r.label}>
          <span className="pdm-bar-label" role="listitem">
            {r.label}
          </span>
          <span className="pdm-bar-track" aria-hidden="true">
            <span
              className="pdm-bar-fill"
              style={{ display: 'block', width: `${(100 * r.value) / max}%`, background: r.colour ?? '#3b82f6' }}
            />
          </span>
          <span className="pdm-bar-value">{r.text ?? String(r.value)}</span>
        </React.Fragment>
      ))}
    </div>
  );
};
