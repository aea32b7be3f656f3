import type { Role, SubmissionStatus, EmployeeType } from '../src/domain/shared/constants.js';
import { planClock, type PlanClock } from './demo-calendar.js';
import { planEmployees, planOpds } from './demo-employees.js';
import { personName, withTitles, type Sex } from './demo-people.js';
import { Rng } from './demo-random.js';
import { planDocuments, planSubmissions } from './demo-submissions.js';
import { planTickets } from './demo-tickets.js';
import type { KaranganyarOpd } from './karanganyar-opds.js';

/**
 * The plan: every row of the demo regency, built in memory from the seeded PRNG before anything
 * is written. Each part draws from its own fork of the generator (in this order), so a change in
 * one part leaves the others' data as it was.
 */

export const DEMO_EMAIL_DOMAIN = 'pdm.example';

export type ActorKey = 'system' | 'helpdesk' | 'verifier' | 'bkn' | 'approver';
export const ACTOR_ROLE: Record<ActorKey, Role | 'system'> = {
  system: 'system',
  helpdesk: 'helpdesk',
  verifier: 'verifier',
  bkn: 'bkn_validator',
  approver: 'approver',
};

export interface PlannedOpd {
  data: KaranganyarOpd;
  staff: number;
  activationRate: number;
  passwordRate: number;
  submitRate: number;
  /** Share of submissions the OPD's verifier has already handled. */
  diligence: number;
}

export interface PlannedEmployee {
  opd: number;
  nip: string;
  nik: string;
  name: string;
  employeeType: EmployeeType;
  unit: string;
  position: string;
  rankGrade: string;
  birthDate: string;
  sex: Sex;
  email: string | null;
  phone: string | null;
  activatedAt: Date | null;
  passwordChangedAt: Date | null;
  startYear: number;
  kecamatan: string;
}

export interface PlannedEvent {
  from: SubmissionStatus | null;
  to: SubmissionStatus;
  at: Date;
  actor: ActorKey;
  note: string | null;
  overrideReason: string | null;
}

export interface PlannedSubmission {
  employee: number;
  opd: number;
  category: string;
  proposedValues: Record<string, unknown>;
  source: 'import' | 'panel';
  submittedAt: Date;
  events: PlannedEvent[];
}

export interface PlannedDocument {
  submission: number;
  documentType: string;
  originalName: string;
  bytes: Buffer;
  sha256: string;
  createdAt: Date;
  byHelpdesk: boolean;
}

export interface PlannedTicket {
  employee: number | null;
  opd: number | null;
  nip: string | null;
  reporterName: string;
  reporterPhone: string | null;
  kind: string;
  description: string;
  status: string;
  handled: boolean;
  resolution: string | null;
  resolvedAt: Date | null;
  createdAt: Date;
}

export interface PlannedUser {
  email: string;
  name: string;
  role: Role;
  opd: number | null;
}

export interface Plan {
  clock: PlanClock;
  opds: PlannedOpd[];
  employees: PlannedEmployee[];
  submissions: PlannedSubmission[];
  documents: PlannedDocument[];
  tickets: PlannedTicket[];
  users: PlannedUser[];
}

export function buildPlan(opts: { now: Date; employees: number; seed: number }): Plan {
  const root = new Rng(opts.seed);
  const clock = planClock(opts.now);
  const opds = planOpds(root.fork('opds'), opts.employees);
  const employees = planEmployees(root.fork('employees'), clock, opds);
  const submissions = planSubmissions(root.fork('submissions'), clock, opds, employees);
  const documents = planDocuments(root.fork('documents'), opds, employees, submissions);
  const tickets = planTickets(root.fork('tickets'), clock, opds, employees, submissions);
  const users = planUsers(root.fork('users'), opds);
  return { clock, opds, employees, submissions, documents, tickets, users };
}

/** BKPSDM's, Kanreg BKN's and the Bupati's accounts, and a verifier, secretary and head per OPD. */
export function planUsers(rngUsr: Rng, opds: PlannedOpd[]): PlannedUser[] {
  const bkpsdm = opds.find((o) => o.data.code === 'BKPSDM')?.data;
  const users: PlannedUser[] = [
    { email: `admin@${DEMO_EMAIL_DOMAIN}`, name: 'Administrator Sistem BKPSDM', role: 'admin', opd: null },
    { email: `approver@${DEMO_EMAIL_DOMAIN}`, name: `Kepala BKPSDM Kabupaten Karanganyar${bkpsdm ? ` (${bkpsdm.headName})` : ''}`, role: 'approver', opd: null },
    { email: `helpdesk@${DEMO_EMAIL_DOMAIN}`, name: 'Helpdesk BKPSDM (Lantai 2)', role: 'helpdesk', opd: null },
    { email: `bkn@${DEMO_EMAIL_DOMAIN}`, name: 'Verifikator Kanreg I BKN Yogyakarta', role: 'bkn_validator', opd: null },
    { email: `bupati@${DEMO_EMAIL_DOMAIN}`, name: 'Bupati Karanganyar', role: 'regent', opd: null },
  ];
  opds.forEach((o, i) => {
    const code = o.data.code.toLowerCase();
    const sex: Sex = rngUsr.chance(0.5) ? 'P' : 'L';
    users.push(
      { email: `verifikator.${code}@${DEMO_EMAIL_DOMAIN}`, name: withTitles(personName(rngUsr, sex), null, rngUsr.pick(['S.Sos.', 'S.E.', 'S.H.', 'S.IP.', 'A.Md.'])), role: 'verifier', opd: i },
      { email: `sekretaris.${code}@${DEMO_EMAIL_DOMAIN}`, name: o.data.secretaryName, role: 'secretary', opd: i },
      { email: `kepala.${code}@${DEMO_EMAIL_DOMAIN}`, name: o.data.headName, role: 'opd_head', opd: i },
    );
  });

  return users;
}
