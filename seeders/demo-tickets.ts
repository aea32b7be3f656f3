import { phoneNumber, TICKET_TEXTS } from './demo-people.js';
import { DAY, HOUR, MIN, sec, workInstant, type PlanClock } from './demo-calendar.js';
import { SCHOOLS } from './demo-employees.js';
import type { PlannedEmployee, PlannedOpd, PlannedSubmission, PlannedTicket } from './demo-rows.js';
import type { Rng } from './demo-random.js';

/** The helpdesk's tickets of the round so far. */

export const DEMO_TICKETS = 60;

/** Tickets across kinds and statuses: activation problems before the employee activated, questions about submissions after them. */
export function planTickets(
  rngTic: Rng,
  clock: PlanClock,
  opds: PlannedOpd[],
  employees: PlannedEmployee[],
  submissions: PlannedSubmission[],
): PlannedTicket[] {
  const { latest, helpdeskFrom: hdStart, selfUpdateFrom: suStart, selfUpdateUntil: suEnd, verificationFrom: verLo } = clock;
  const tickets: PlannedTicket[] = [];
  const activated = employees.map((e, i) => [e, i] as const).filter(([e]) => e.activatedAt);
  const notActivated = employees.map((e, i) => [e, i] as const).filter(([e]) => !e.activatedAt);
  // Those who submitted, in the order of the employees.
  const submitters = [...new Set(submissions.map((s) => s.employee))].sort((a, b) => a - b);
  const ticketCount = employees.length ? DEMO_TICKETS : 0;
  for (let n = 0; n < ticketCount; n++) {
    const kind = rngTic.weighted([
      ['login_activation', 30],
      ['forgot_password', 20],
      ['upload', 18],
      ['submission', 15],
      ['other', 12],
    ] as const);
    let text = rngTic.pick(TICKET_TEXTS[kind]);
    let empIdx: number | null = null;
    let createdAt: number;
    let status = rngTic.weighted([
      ['resolved', 50],
      ['closed', 22],
      ['in_progress', 12],
      ['open', 16],
    ] as const);
    if (kind === 'login_activation' && (status === 'resolved' || status === 'closed') && activated.length) {
      // Solved activation problems: the employee activated right after the helpdesk helped.
      const [e, i] = rngTic.pick(activated);
      empIdx = i;
      createdAt = Math.max(hdStart, e.activatedAt!.getTime() - rngTic.between(2 * HOUR, 2 * DAY));
      if (createdAt >= e.activatedAt!.getTime() - 20 * MIN) createdAt = e.activatedAt!.getTime() - 20 * MIN;
    } else if (kind === 'login_activation' && notActivated.length) {
      const [, i] = rngTic.pick(notActivated);
      empIdx = i;
      createdAt = workInstant(rngTic, verLo - 2 * DAY, latest - HOUR);
    } else if (kind === 'submission' && submitters.length) {
      empIdx = rngTic.pick(submitters);
      const first = Math.min(...submissions.filter((s) => s.employee === empIdx).map((s) => s.submittedAt.getTime()));
      createdAt = workInstant(rngTic, first + 30 * MIN, latest - HOUR);
    } else if (kind === 'other' && rngTic.chance(0.3)) {
      // A school operator asking on behalf of teachers: no single employee.
      text = TICKET_TEXTS.other.find((t) => t.description.startsWith('Operator')) ?? text;
      createdAt = workInstant(rngTic, hdStart, suEnd);
    } else if (activated.length) {
      const [e, i] = rngTic.pick(activated);
      empIdx = i;
      const lo = kind === 'upload' ? Math.max(suStart, e.activatedAt!.getTime()) : e.activatedAt!.getTime();
      createdAt = workInstant(rngTic, lo + 30 * MIN, rngTic.chance(0.85) ? Math.max(lo + HOUR, suEnd) : latest - HOUR);
    } else {
      createdAt = workInstant(rngTic, hdStart, latest - HOUR);
    }
    createdAt = Math.min(createdAt, latest - HOUR);
    let resolvedAt: number | null = null;
    if (status === 'resolved' || status === 'closed') {
      resolvedAt =
        kind === 'login_activation' && empIdx !== null && employees[empIdx].activatedAt
          ? employees[empIdx].activatedAt!.getTime() - rngTic.between(1, 15) * MIN
          : createdAt + rngTic.between(10 * MIN, 30 * HOUR);
      if (resolvedAt <= createdAt) resolvedAt = createdAt + 5 * MIN;
      if (resolvedAt > latest) {
        resolvedAt = null;
        status = 'in_progress';
      }
    }
    const e = empIdx === null ? null : employees[empIdx];
    const school = rngTic.weighted(SCHOOLS);
    tickets.push({
      employee: empIdx,
      opd: e ? e.opd : opds.findIndex((o) => o.data.profile === 'education'),
      nip: e ? e.nip : null,
      reporterName: e ? e.name : `Operator ${school}`,
      reporterPhone: e ? e.phone : phoneNumber(rngTic),
      kind,
      description: text.description,
      status,
      handled: status !== 'open',
      resolution: resolvedAt !== null ? text.resolution : null,
      resolvedAt: resolvedAt !== null ? sec(resolvedAt) : null,
      createdAt: sec(createdAt),
    });
  }
  tickets.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return tickets;
}
