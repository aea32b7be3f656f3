import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ComponentLoader } from 'adminjs';

/**
 * React components of the panel. Paths are absolute: from the source tree they sit next to
 * this file; from dist/ they are read from src/admin/components (the bundle is built from source).
 */
function componentsDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'components'), path.resolve(here, '../../../src/admin/components')];
  return candidates.find((d) => fs.existsSync(path.join(d, 'dashboard.tsx'))) ?? here;
}

export function createComponentLoader() {
  const loader = new ComponentLoader();
  const dir = componentsDir();
  const add = (name: string, file: string) => loader.add(name, path.join(dir, file));
  const Components = {
    Dashboard: add('Dashboard', 'dashboard.tsx'),
    SubmissionShow: add('SubmissionShow', 'submission-show.tsx'),
    WorkflowAction: add('WorkflowAction', 'workflow-action.tsx'),
    BulkWorkflow: add('BulkWorkflow', 'bulk-workflow.tsx'),
    UploadPdf: add('UploadPdf', 'upload-pdf.tsx'),
    ConfirmAction: add('ConfirmAction', 'confirm-action.tsx'),
    DownloadLink: add('DownloadLink', 'download-link.tsx'),
    OpdReportSubmit: add('OpdReportSubmit', 'opd-report-submit.tsx'),
    OpdReportFiles: add('OpdReportFiles', 'opd-report-files.tsx'),
    ExportList: add('ExportList', 'export-list.tsx'),
    AwaitingBkpsdm: add('AwaitingBkpsdm', 'awaiting-bkpsdm.tsx'),
    TicketSubmission: add('TicketSubmission', 'ticket-submission.tsx'),
    TicketEmployee: add('TicketEmployee', 'ticket-employee.tsx'),
    AccountPassword: loader.add('AccountPassword', path.join(dir, '../pages/account-password.tsx')),
    SiasnImport: loader.add('SiasnImport', path.join(dir, '../pages/siasn-import.tsx')),
    // The top bar's user menu: logout by POST (AdminJS's own entry is a GET link).
    LoggedIn: loader.override('LoggedIn', path.join(dir, 'logged-in.tsx')),
    // Values everywhere in Indonesian: enum codes as coloured labels, Ya/Tidak, dates with WIB.
    PropertyValue: loader.override('DefaultPropertyValue', path.join(dir, 'property-value.tsx')),
    PropertyBoolean: loader.override('BooleanPropertyValue', path.join(dir, 'property-boolean.tsx')),
    DatetimeList: loader.override('DefaultDatetimeListProperty', path.join(dir, 'property-datetime-list.tsx')),
    DatetimeShow: loader.override('DefaultDatetimeShowProperty', path.join(dir, 'property-datetime.tsx')),
    // Lists with a bounded total: "> 10.000" instead of counting a whole table (bounded-count.ts).
    List: loader.override('DefaultListAction', path.join(dir, 'list.tsx')),
    // The filter drawer: inert while closed, its fields named for screen readers (axe-core).
    FilterDrawer: loader.override('FilterDrawer', path.join(dir, 'filter-drawer.tsx')),
    // The list table: its selection check boxes named (axe-core).
    RecordsTable: loader.override('RecordsTable', path.join(dir, 'records-table.tsx')),
  };
  return { loader, Components };
}

/**
 * Outside production AdminJS serves .adminjs/bundle.js if it exists, however old. Drop it when
 * a component is newer, so the next request rebuilds it from the current source.
 */
export function dropStaleComponentBundle(tmpDir: string): boolean {
  const bundle = path.resolve(tmpDir, 'bundle.js');
  if (!fs.existsSync(bundle)) return false;
  const built = fs.statSync(bundle).mtimeMs;
  const dir = componentsDir();
  const newer = fs.readdirSync(dir).some((f) => fs.statSync(path.join(dir, f)).mtimeMs > built);
  if (newer) fs.rmSync(bundle, { force: true });
  return newer;
}
