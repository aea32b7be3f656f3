import fs from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './env.js';

/**
 * Reference data that BKN may change between rounds lives in config/categories.json, not in code.
 * This module only validates and indexes it. The file is read from disk (not imported) so a
 * regency can edit it without a rebuild.
 */

const CategorySchema = z.object({
  code: z.string().regex(/^[a-z_]+$/),
  label: z.string(),
  documentTypes: z.array(z.string()).min(1),
  verifiedByOpd: z.boolean(),
  validatedByBkn: z.boolean(),
});
const FileSchema = z.object({
  categories: z.array(CategorySchema).min(1),
  documentTypes: z.array(z.object({ code: z.string(), label: z.string() })),
  requiredDocuments: z.record(z.string(), z.union([z.array(z.string()), z.string()])).optional(),
});

export type Category = z.infer<typeof CategorySchema> & { requiredDocumentTypes: string[] };
export interface DocumentType {
  code: string;
  label: string;
}

export interface ReferenceData {
  categories: Category[];
  documentTypes: DocumentType[];
  category(code: string): Category | undefined;
  documentType(code: string): DocumentType | undefined;
}

let cached: ReferenceData | null = null;

/** Next to this module in the source tree; from dist/config/ it is two levels up. */
function defaultFile(): URL {
  const candidates = [new URL('./categories.json', import.meta.url), new URL('../../config/categories.json', import.meta.url)];
  return candidates.find((u) => fs.existsSync(u)) ?? candidates[0];
}

export function loadReferenceData(file: URL | string = defaultFile()): ReferenceData {
  const where = file instanceof URL ? file.pathname : file;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`Data referensi ${where} tidak dapat dibaca: ${(e as Error).message}`);
  }
  const parsed = FileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Data referensi ${where} tidak valid:\n${lines.join('\n')}`);
  }
  const data = parsed.data;
  const docCodes = new Set(data.documentTypes.map((d) => d.code));
  const required = data.requiredDocuments ?? {};
  const categories: Category[] = data.categories.map((c) => {
    for (const d of c.documentTypes) {
      if (!docCodes.has(d)) throw new ConfigError(`${where}: jenis dokumen "${d}" pada kategori "${c.code}" tidak terdaftar`);
    }
    const req = required[c.code];
    return { ...c, requiredDocumentTypes: Array.isArray(req) ? req : [] };
  });
  const byCode = new Map(categories.map((c) => [c.code, c]));
  const docByCode = new Map(data.documentTypes.map((d) => [d.code, d]));
  return {
    categories,
    documentTypes: data.documentTypes,
    category: (code) => byCode.get(code),
    documentType: (code) => docByCode.get(code),
  };
}

export function referenceData(): ReferenceData {
  cached ??= loadReferenceData();
  return cached;
}

/**
 * The composition root's choice of file (AppConfig.categoriesFile, from CATEGORIES_FILE; null =
 * config/categories.json), loaded now so that a bad file stops start-up with a message naming it.
 */
export function useReferenceData(file: string | null): ReferenceData {
  cached = loadReferenceData(file ?? defaultFile());
  return cached;
}
