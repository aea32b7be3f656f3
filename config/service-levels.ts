import fs from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './env.js';

/**
 * Service-level targets per stage (config/service-levels.json) and the default national holidays
 * (config/holidays.json): data, not code, read from disk and validated here (zod). A campaign keeps
 * its own holiday list (campaigns.holidays, editable in the panel); these defaults fill a new
 * campaign and stand in for a campaign whose list is empty.
 */

export const STAGES = ['verification', 'bkn_validation', 'approval', 'helpdesk'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * The ageing stages: the stages above and, last, a question of the OPD verifier (or Kanreg BKN) to
 * BKPSDM waiting for its answer ("menunggu jawaban BKPSDM", issue 14) — its own target, and the
 * time it waits is not counted in the submission's own stage (src/domain/ageing/bkpsdm-wait.ts).
 * Kept apart from STAGES so code keyed by the four stages stays as it was.
 */
export const AGEING_STAGES = [...STAGES, 'bkpsdm_answer'] as const;
export type AgeingStage = (typeof AGEING_STAGES)[number];

const days = z.number().int().min(1).max(60);
const ServiceLevelsSchema = z.object({
  targets: z.object({ verification: days, bkn_validation: days, approval: days, helpdesk: days, bkpsdm_answer: days }),
  atRiskDays: z.number().int().min(0).max(30),
  secondEscalationDays: z.number().int().min(1).max(60),
});
export type ServiceLevels = z.infer<typeof ServiceLevelsSchema>;

const YMD = /^\d{4}-\d{2}-\d{2}$/;
const HolidaysSchema = z.object({
  holidays: z.array(z.object({ date: z.string().regex(YMD), name: z.string().min(1) })),
});
export interface Holiday {
  date: string;
  name: string;
}

function configFile(name: string): URL {
  const candidates = [new URL(`./${name}`, import.meta.url), new URL(`../../config/${name}`, import.meta.url)];
  return candidates.find((u) => fs.existsSync(u)) ?? candidates[0];
}

function readJson<T>(file: URL | string, schema: z.ZodType<T>, what: string): T {
  const where = file instanceof URL ? file.pathname : file;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`${what} ${where} tidak dapat dibaca: ${(e as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`${what} ${where} tidak valid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export function loadServiceLevels(file: URL | string = configFile('service-levels.json')): ServiceLevels {
  const s = readJson(file, ServiceLevelsSchema, 'Target layanan');
  if (s.atRiskDays >= Math.min(...Object.values(s.targets)) + 1)
    throw new ConfigError('Target layanan tidak valid: atRiskDays harus lebih kecil dari setiap target');
  return s;
}

export function loadDefaultHolidays(file: URL | string = configFile('holidays.json')): Holiday[] {
  return readJson(file, HolidaysSchema, 'Daftar hari libur').holidays;
}

let levels: ServiceLevels | null = null;
let holidays: Holiday[] | null = null;

/** The shipped service levels (read once). */
export function serviceLevels(): ServiceLevels {
  return (levels ??= loadServiceLevels());
}

/** The shipped national holidays (read once). */
export function defaultHolidays(): Holiday[] {
  return (holidays ??= loadDefaultHolidays());
}
