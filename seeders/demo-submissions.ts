import crypto from 'node:crypto';
import { referenceData, type Category } from '../config/reference-data.js';
import type { EmployeeType, Role, SubmissionStatus } from '../src/domain/shared/constants.js';
import { edgesFor, type Edge } from '../src/domain/submissions/rules.js';
import { HOUR, MIN, increasingInstants, sec, type PlanClock } from './demo-calendar.js';
import { makeDemoPdf } from './demo-pdf.js';
import {
  APPROVAL_OVERRIDE_REASON,
  BKN_REJECT_NOTES,
  BKN_RETURN_NOTES,
  REJECT_NOTES,
  REJECT_NOTES_PENDIDIKAN,
  RETURN_NOTES,
  proposedValues,
} from './demo-people.js';
import type { ActorKey, PlannedDocument, PlannedEmployee, PlannedEvent, PlannedOpd, PlannedSubmission } from './demo-rows.js';
import type { Rng } from './demo-random.js';

/**
 * The demo's submissions: who submits what during self-update, and what has happened to each
 * since — a walk along the real state machine (edgesFor in src/domain/submissions/rules.ts):
 * which steps exist from a status, who takes them and whether they need a note come from there;
 * this file only says how often the demo takes each. Then the scans (real small PDFs).
 */

/** Submissions that carry scanned documents (each gets one PDF per required document type). */
export const DEMO_DOCUMENT_SUBMISSIONS = 300;

const CATEGORY_WEIGHTS: Record<string, number> = {
  data_personal: 24,
  keluarga: 18,
  pendidikan: 16,
  jabatan: 14,
  pangkat: 6,
  diklat: 6,
  skp: 5,
  cpns_pns: 3,
  penghargaan: 3,
  organisasi: 2,
  pmk: 1.5,
  cltn: 1,
  pindah_instansi: 1,
};
/** Categories that do not apply to PPPK (no CPNS/PNS decree, no rank, no CLTN or transfer). */
const NOT_FOR_PPPK = new Set(['cpns_pns', 'pangkat', 'pmk', 'cltn', 'pindah_instansi']);

/**
 * How often the demo takes each step, by the edge's phase and action (who acts, what they do).
 * BKPSDM decides only by approving here: its rejections would come in the approval phase, which
 * has not started (approvals before it are the fast-tracked ones, with their reason).
 */
const STEP_WEIGHT: Partial<Record<`${Edge['phase']}.${Edge['action']}`, number>> = {
  'verify.verify': 68,
  'verify.returnForFix': 26,
  'verify.reject': 6,
  'validate.validate': 45,
  'validate.returnForFix': 12,
  'validate.reject': 6,
  'approve.approve': 5,
  'resubmit.resubmit': 40,
};
/** How often a history ends at a status, against the steps out of it (the first step of a handled submission is always taken). */
const STAY_WEIGHT: Partial<Record<SubmissionStatus, number>> = { submitted: 200, verified: 95, validated: 22, needs_fix: 62 };
/** No history longer than this (a submission returned again and again stops somewhere). */
const MAX_STEPS = 8;

/** The demo account that takes a step: the first of the edge's roles the demo has one for. */
const ACTOR_OF_ROLE: Partial<Record<Role, ActorKey>> = {
  verifier: 'verifier',
  bkn_validator: 'bkn',
  approver: 'approver',
  helpdesk: 'helpdesk',
};

interface Step {
  edge: Edge;
  actor: ActorKey;
  note: string | null;
  overrideReason: string | null;
}

/** What has happened to a submission of `category` since it was submitted; nothing when it was not handled yet. */
function planHistory(rng: Rng, category: Category, handled: boolean): Step[] {
  if (!handled) return [];
  const edges = edgesFor(category);
  const steps: Step[] = [];
  let status: SubmissionStatus = 'submitted';
  while (steps.length < MAX_STEPS) {
    const ways = edges
      .map((edge) => [edge, STEP_WEIGHT[`${edge.phase}.${edge.action}`] ?? 0] as const)
      .filter(([edge, w]) => edge.from === status && w > 0);
    if (ways.length === 0) break;
    const stay: number = steps.length === 0 ? 0 : (STAY_WEIGHT[status] ?? 0);
    const edge: Edge | null = rng.weighted<Edge | null>([[null, stay], ...ways]);
    if (!edge) break;
    const actor: ActorKey | undefined = edge.roles.map((r: Role) => ACTOR_OF_ROLE[r]).find((a) => a !== undefined);
    if (!actor) throw new Error(`Seeder: tidak ada akun demo untuk ${edge.action} (${edge.roles.join(', ')})`);
    steps.push({
      edge,
      actor,
      note: edge.needsNote ? noteFor(rng, edge, category) : null,
      overrideReason: edge.action === 'approve' ? APPROVAL_OVERRIDE_REASON : null,
    });
    status = edge.to;
  }
  return steps;
}

function noteFor(rng: Rng, edge: Edge, category: Category): string {
  const byBkn = edge.phase === 'validate';
  if (edge.action === 'reject')
    return rng.pick(byBkn ? BKN_REJECT_NOTES : category.code === 'pendidikan' ? REJECT_NOTES_PENDIDIKAN : REJECT_NOTES);
  if (byBkn) return rng.pick(BKN_RETURN_NOTES);
  const own = RETURN_NOTES[category.code] ?? [];
  return rng.pick([...own, ...RETURN_NOTES._any, ...own]);
}

/** Who submits what (1–3 categories each, during self-update, after the password change), and its history. */
export function planSubmissions(rngSub: Rng, clock: PlanClock, opds: PlannedOpd[], employees: PlannedEmployee[]): PlannedSubmission[] {
  const { year, latest, selfUpdateFrom: suStart, selfUpdateUntil: suEnd, verificationFrom: verLo } = clock;
  const ref = referenceData();
  const categories = ref.categories;
  const categoryWeights = (type: EmployeeType) =>
    categories.filter((c) => type !== 'PPPK' || !NOT_FOR_PPPK.has(c.code)).map((c) => [c, CATEGORY_WEIGHTS[c.code] ?? 1] as const);
  const weightsByType: Record<EmployeeType, Array<readonly [Category, number]>> = {
    PNS: categoryWeights('PNS'),
    CPNS: categoryWeights('CPNS'),
    PPPK: categoryWeights('PPPK'),
  };
  const submissions: PlannedSubmission[] = [];

  const planSubmission = (empIdx: number, category: Category, submittedAt: Date, handled: boolean) => {
    const e = employees[empIdx];
    const source: 'import' | 'panel' = rngSub.chance(0.12) ? 'panel' : 'import';
    const steps = planHistory(rngSub, category, handled);
    // Handled during verification, in order, at least a minute apart.
    const times = increasingInstants(rngSub, Math.max(verLo, submittedAt.getTime() + HOUR), latest, steps.length);
    const created: PlannedEvent = {
      from: null,
      to: 'submitted',
      at: submittedAt,
      actor: source === 'panel' ? 'helpdesk' : 'system',
      note: null,
      overrideReason: null,
    };
    const opdData = opds[e.opd].data;
    submissions.push({
      employee: empIdx,
      opd: e.opd,
      category: category.code,
      proposedValues: proposedValues(rngSub, category.code, {
        name: e.name,
        sex: e.sex,
        position: e.position,
        unit: e.unit,
        rankGrade: e.rankGrade,
        employeeType: e.employeeType,
        birthYear: Number(e.birthDate.slice(0, 4)),
        startYear: e.startYear,
        year,
        kecamatan: opdData.kind === 'kecamatan' ? opdData.name.replace(/^Kecamatan /, '') : e.kecamatan,
      }),
      source,
      submittedAt,
      events: [
        created,
        ...steps.map((s, i) => ({
          from: s.edge.from,
          to: s.edge.to,
          at: times[i],
          actor: s.actor,
          note: s.note,
          overrideReason: s.overrideReason,
        })),
      ],
    });
  };

  const usedCategories = new Map<number, Set<string>>();
  employees.forEach((e, empIdx) => {
    const po = opds[e.opd];
    if (!e.passwordChangedAt) return;
    const lo = Math.max(e.passwordChangedAt.getTime() + 5 * MIN, suStart);
    if (lo >= suEnd - HOUR || !rngSub.chance(po.submitRate)) return;
    const n = rngSub.weighted([
      [1, 50],
      [2, 32],
      [3, 18],
    ] as const);
    const chosen = new Set<string>();
    for (let i = 0; i < n * 3 && chosen.size < n; i++) chosen.add(rngSub.weighted(weightsByType[e.employeeType]).code);
    usedCategories.set(empIdx, chosen);
    let i = 0;
    for (const code of chosen) {
      // Skewed towards the deadline, as every real round is.
      const t = lo + (suEnd - lo) * rngSub.float() ** 0.7;
      planSubmission(empIdx, ref.category(code)!, sec(t + i++ * 97_000), rngSub.chance(po.diligence));
    }
  });
  // Every category appears at least once (when there is anyone to submit it).
  for (const c of categories) {
    if (submissions.some((s) => s.category === c.code)) continue;
    const candidate = [...usedCategories.entries()].find(
      ([idx, set]) => set.size < 3 && !set.has(c.code) && (employees[idx].employeeType !== 'PPPK' || !NOT_FOR_PPPK.has(c.code)),
    );
    if (!candidate) continue;
    const [idx, set] = candidate;
    set.add(c.code);
    const e = employees[idx];
    const lo = Math.max(e.passwordChangedAt!.getTime() + 5 * MIN, suStart);
    planSubmission(idx, c, sec(lo + (suEnd - lo) * rngSub.float() + 3 * 97_000), rngSub.chance(opds[e.opd].diligence));
  }
  return submissions;
}

/** About 300 submissions (the handled ones more likely) carry one PDF per required document type. */
export function planDocuments(
  rngDoc: Rng,
  opds: PlannedOpd[],
  employees: PlannedEmployee[],
  submissions: PlannedSubmission[],
): PlannedDocument[] {
  const ref = referenceData();
  const scored = submissions.map((s, i) => {
    const processed = s.events.length > 1;
    return { i, key: rngDoc.float() ** (1 / (processed ? 3 : 1)) };
  });
  scored.sort((a, b) => b.key - a.key || a.i - b.i);
  const withDocs = scored
    .slice(0, DEMO_DOCUMENT_SUBMISSIONS)
    .map((x) => x.i)
    .sort((a, b) => a - b);
  const documents: PlannedDocument[] = [];
  for (const si of withDocs) {
    const s = submissions[si];
    const e = employees[s.employee];
    const cat = ref.category(s.category)!;
    const types = cat.requiredDocumentTypes.length ? cat.requiredDocumentTypes : [cat.documentTypes[0]];
    for (const type of types) {
      const label = ref.documentType(type)?.label ?? type;
      const bytes = makeDemoPdf(`SALINAN ${label.toUpperCase()} - ${e.name}`, [
        `NIP ${e.nip}`,
        `${e.position} - ${e.unit}`,
        opds[s.opd].data.name,
        `Usul pemutakhiran: ${cat.label}`,
      ]);
      documents.push({
        submission: si,
        documentType: type,
        originalName: `${type}_${e.nip}.pdf`,
        bytes,
        sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
        // Imported with the submission (a few seconds after it).
        createdAt: sec(s.submittedAt.getTime() + rngDoc.int(1, 120) * 1000),
        byHelpdesk: s.source === 'panel',
      });
    }
  }
  return documents;
}
