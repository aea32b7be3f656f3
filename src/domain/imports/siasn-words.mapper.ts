import type { ReferenceData } from '../../../config/reference-data.js';
import type { SiasnImportConfig } from '../../../config/siasn-import.js';
import { SUBMISSION_STATUS_LABELS, type EmployeeType, type SubmissionStatus } from '../shared/constants.js';
import { normaliseWord } from './words.js';

/**
 * SIASN's words → the product's codes, from config/siasn-import.json (BKN renames them between
 * releases). Matching ignores case and spacing. The product's own labels are always accepted
 * too, so a list typed from the panel's vocabulary also imports.
 */

export interface WordMap<V> {
  get(word: string): V | undefined;
  /** The configured words, for messages ("yang dikenal: PNS Daerah, CPNS Daerah, PPPK"). */
  readonly words: readonly string[];
}

export function wordMap<V>(configured: Readonly<Record<string, V>>, alsoAccepted: ReadonlyArray<readonly [string, V]> = []): WordMap<V> {
  const byWord = new Map<string, V>();
  for (const [w, v] of alsoAccepted) byWord.set(normaliseWord(w), v);
  // The configuration wins over the built-in labels.
  for (const [w, v] of Object.entries(configured)) byWord.set(normaliseWord(w), v);
  return { get: (word) => byWord.get(normaliseWord(word)), words: Object.keys(configured) };
}

export interface SiasnVocabulary {
  employeeTypes: WordMap<EmployeeType>;
  categories: WordMap<string>;
  statuses: WordMap<SubmissionStatus>;
}

export function siasnVocabulary(config: SiasnImportConfig, reference: ReferenceData): SiasnVocabulary {
  return {
    employeeTypes: wordMap(config.employeeTypes),
    categories: wordMap(
      config.categories,
      reference.categories.flatMap((c) => [[c.label, c.code] as const, [c.code, c.code] as const]),
    ),
    statuses: wordMap(
      config.statuses,
      Object.entries(SUBMISSION_STATUS_LABELS).map(([s, label]) => [label, s as SubmissionStatus] as const),
    ),
  };
}
