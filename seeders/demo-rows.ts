import type { EmployeeType, Role, SubmissionStatus } from '../src/domain/shared/constants.js';
import type { PlanClock } from './demo-calendar.js';
import type { Sex } from './demo-people.js';
import type { KaranganyarOpd } from './karanganyar-opds.js';

/**
 * The rows of the demo plan (demo-plan.ts builds them, demo.seeder.ts writes them). Rows refer
 * to each other by index into their lists (employee.opd is an index into plan.opds); the
 * database ids are known only when written.
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
