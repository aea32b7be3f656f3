import AdminJS from 'adminjs';
import type { Models } from '../db/models/index.js';
import type { RecordService } from '../domain/records/record.service.js';
import type { DashboardService } from '../domain/dashboard/dashboard.service.js';
import type { WorkflowService } from '../domain/submissions/workflow.service.js';
import type { DocumentService } from '../domain/documents/document.service.js';
import type { NoticeService } from '../domain/notices/notice.service.js';
import type { ConsultationService } from '../domain/consultations/consultation.service.js';
import type { ReportServices } from '../container.js';
import type { GuideService } from '../domain/guides/guide.service.js';
import type { OpdReportService } from '../domain/opd-reports/opd-report.service.js';
import { idTranslation } from './locale/id.js';
import { buildResources } from './resources/index.js';
import { createComponentLoader } from './component-loader.js';
import { actorFrom } from './current-admin.js';

export interface AdminDeps {
  models: Models;
  records: RecordService;
  workflow: WorkflowService;
  documents: DocumentService;
  reports: ReportServices;
  notices: NoticeService;
  dashboard: DashboardService;
  opdReports: OpdReportService;
  guides: GuideService;
  consultations: ConsultationService;
  regencyName: string;
  /** The regency's zone (config TZ), for dates shown in the browser. */
  timezone?: string;
}

export function buildAdmin(deps: AdminDeps): AdminJS {
  const { loader, Components } = createComponentLoader();
  return new AdminJS({
    rootPath: '/admin',
    loginPath: '/admin/login',
    logoutPath: '/admin/logout',
    resources: buildResources(deps.models, {
      records: deps.records,
      workflow: deps.workflow,
      documents: deps.documents,
      reports: deps.reports,
      notices: deps.notices,
      opdReports: deps.opdReports,
      guides: deps.guides,
      consultations: deps.consultations,
      components: Components,
    }),
    componentLoader: loader,
    dashboard: {
      component: Components.Dashboard,
      // The dashboard has no isAccessible: the service scopes by the actor itself.
      // `closing` (issue 13): the OPD heads' reports and the campaign's guides, scoped by their services.
      handler: async (_req, _res, context) => {
        const actor = actorFrom(context.currentAdmin);
        const data = await deps.dashboard.forActor(actor);
        return { ...data, closing: { opdReports: await deps.opdReports.overview(actor), guides: await deps.guides.list(actor) } };
      },
    },
    // The import page is shown to everyone signed in; its API refuses the roles the policy does not grant.
    pages: {
      account: { component: Components.AccountPassword, icon: 'Key' },
      siasnImport: { component: Components.SiasnImport, icon: 'Upload' },
    },
    branding: {
      companyName: `PDM Monitor — BKPSDM ${deps.regencyName}`,
      withMadeWithLove: false,
      logo: false,
      // Secondary text (breadcrumbs, hints) dark enough to read: 5.2:1 on the page's grey (WCAG AA).
      theme: { colors: { grey60: '#65667a' } },
    },
    locale: {
      language: 'id',
      availableLanguages: ['id', 'en'],
      localeDetection: false,
      // i18next needs `lng` explicitly: with fallbackLng set it would otherwise start in English.
      lng: 'id',
      fallbackLng: 'en',
      translations: { id: idTranslation },
    } as never,
    // Lists: 25 rows a page (AdminJS's default is 10).
    settings: { defaultPerPage: 25 },
    assets: { styles: ['/admin-assets/panel.css'], scripts: [] },
    // The browser shows instants in the regency's zone (src/admin/components/shared/format.ts).
    env: { TZ: deps.timezone ?? 'Asia/Jakarta' },
  });
}
