/**
 * The panel's own style sheet, served as /admin-assets/panel.css (AdminJS `assets.styles`):
 * list cells that keep identifiers on one line and let names wrap at words, the comparison
 * table of the submission page, coloured labels, simple bar charts. Nothing from the internet.
 */

/** List columns that hold an identifier, a code, a number or a date: never wrapped. */
export const NOWRAP_COLUMNS = [
  'id',
  'nip',
  'nik',
  'code',
  'kode',
  'status',
  'category',
  'employeeType',
  'role',
  'kind',
  'reportKind',
  'periodKey',
  'cron',
  'trigger',
  'outcome',
  'action',
  'documentType',
  'size',
  'year',
  'version',
  'attempts',
  'submissionId',
  'runId',
  'scheduleId',
  'recordId',
  'hasDocument',
  'daysWaiting',
  'submittedAt',
  'createdAt',
  'updatedAt',
  'verifiedAt',
  'validatedAt',
  'decidedAt',
  'sentAt',
  'startedAt',
  'finishedAt',
  'resolvedAt',
  'lastLoginAt',
  'mysapkActivatedAt',
  'passwordChangedAt',
  'nextAttemptAt',
  'asOf',
  'active',
  'enabled',
  'serviceBlocked',
  'ccSecretary',
];

const nowrap = NOWRAP_COLUMNS.map((c) => `td[data-property-name="${c}"], th[data-property-name="${c}"]`).join(',\n');

export const PANEL_CSS = `
/* Lists: words wrap at word boundaries, never inside a word; identifiers stay on one line. */
td.adminjs_TableCell { word-break: normal; overflow-wrap: normal; padding: 10px 12px; }
${nowrap} { white-space: nowrap; }
td[data-property-name="name"], td[data-property-name="employeeId"], td[data-property-name="opdId"] { min-width: 9em; }
td[data-property-name="lastNote"], td[data-property-name="message"], td[data-property-name="description"] { min-width: 10em; }
.pdm-nowrap { white-space: nowrap; }
.pdm-muted { color: #6b7280; font-style: italic; }

/* The submission page: the proposal beside the current data. */
table.pdm-compare { width: 100%; border-collapse: collapse; margin-top: 4px; }
table.pdm-compare th { text-align: left; font-weight: 600; color: #374151; border-bottom: 2px solid #d1d5db; padding: 6px 8px; }
table.pdm-compare td { border-bottom: 1px solid #e5e7eb; padding: 6px 8px; vertical-align: top; }
table.pdm-compare td.pdm-compare-label { color: #4b5563; white-space: nowrap; }
table.pdm-compare tr.pdm-changed td { background: #fef3c7; }

/* Coloured labels (status, category, yes/no). */
.pdm-tag { display: inline-block; padding: 2px 8px; border-radius: 10px; font-size: 12px; line-height: 18px; white-space: nowrap; border: 1px solid transparent; }
.pdm-tag-info { background: #dbeafe; color: #1e3a8a; }
.pdm-tag-warning { background: #fef3c7; color: #78350f; }
.pdm-tag-danger { background: #fee2e2; color: #7f1d1d; }
.pdm-tag-primary { background: #e0e7ff; color: #312e81; }
.pdm-tag-success { background: #d1fae5; color: #064e3b; }
.pdm-tag-default { background: #f3f4f6; color: #1f2937; border-color: #d1d5db; }

/* Bars (dashboard charts) drawn with plain HTML. */
.pdm-bars { display: grid; grid-template-columns: minmax(9em, max-content) 1fr minmax(4em, max-content); gap: 6px 10px; align-items: center; }
.pdm-bar-label { white-space: nowrap; color: #1f2937; }
.pdm-bar-track { background: #f3f4f6; border-radius: 4px; height: 16px; overflow: hidden; }
.pdm-bar-fill { height: 100%; border-radius: 4px; }
.pdm-bar-value { white-space: nowrap; text-align: right; font-variant-numeric: tabular-nums; color: #111827; }
table.pdm-table { width: 100%; border-collapse: collapse; }
table.pdm-table th { text-align: left; border-bottom: 2px solid #d1d5db; padding: 6px 8px; white-space: nowrap; color: #374151; }
table.pdm-table td { border-bottom: 1px solid #e5e7eb; padding: 6px 8px; }
table.pdm-table td.pdm-num, table.pdm-table th.pdm-num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.pdm-table tr.pdm-row-link { cursor: pointer; }
table.pdm-table tr.pdm-row-link:hover td { background: #f9fafb; }

/* react-select's English placeholder ("Select...") in words: the text hidden, "Pilih…" shown. */
div[class$="-placeholder"] { visibility: hidden; position: relative; }
div[class$="-placeholder"]::after { content: 'Pilih…'; visibility: visible; position: absolute; left: 0; top: 0; color: #6b7280; }
`;
