import AdminJS, { ComponentLoader } from 'adminjs';
import type { Models } from '../db/models.js';
import type { RecordService } from '../domain/records/record.service.js';
import { idTranslation } from './locale/id.js';
import { buildResources } from './resources/index.js';

export interface AdminDeps {
  models: Models;
  records: RecordService;
  regencyName: string;
  componentLoader?: ComponentLoader;
  /** Extra pages/dashboard wired by the composition root. */
  dashboard?: AdminJS['options']['dashboard'];
  pages?: AdminJS['options']['pages'];
}

export const componentLoader = new ComponentLoader();

export function buildAdmin(deps: AdminDeps): AdminJS {
  return new AdminJS({
    rootPath: '/admin',
    loginPath: '/admin/login',
    logoutPath: '/admin/logout',
    resources: buildResources(deps.models, { records: deps.records }),
    componentLoader: deps.componentLoader ?? componentLoader,
    dashboard: deps.dashboard,
    pages: deps.pages,
    branding: {
      companyName: `PDM Monitor — BKPSDM ${deps.regencyName}`,
      withMadeWithLove: false,
      logo: false,
      favicon: undefined,
    },
    locale: {
      language: 'id',
      availableLanguages: ['id', 'en'],
      localeDetection: false,
      fallbackLng: 'en',
      translations: { id: idTranslation },
    } as never,
    assets: { styles: [], scripts: [] },
  });
}
