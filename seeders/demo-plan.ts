import { planClock } from './demo-calendar.js';
import { planEmployees, planOpds } from './demo-employees.js';
import { personName, withTitles, type Sex } from './demo-people.js';
import { Rng } from './demo-random.js';
import { DEMO_EMAIL_DOMAIN, type Plan, type PlannedOpd, type PlannedUser } from './demo-rows.js';
import { planDocuments, planSubmissions } from './demo-submissions.js';
import { planTickets } from './demo-tickets.js';

/**
 * The plan: every row of the demo regency, built in memory from the seeded PRNG before anything
 * is written. Each part draws from its own fork of the generator (in this order), so a change in
 * one part leaves the others' data as it was.
 */

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
    {
      email: `approver@${DEMO_EMAIL_DOMAIN}`,
      name: `Kepala BKPSDM Kabupaten Karanganyar${bkpsdm ? ` (${bkpsdm.headName})` : ''}`,
      role: 'approver',
      opd: null,
    },
    { email: `helpdesk@${DEMO_EMAIL_DOMAIN}`, name: 'Helpdesk BKPSDM (Lantai 2)', role: 'helpdesk', opd: null },
    { email: `bkn@${DEMO_EMAIL_DOMAIN}`, name: 'Verifikator Kanreg I BKN Yogyakarta', role: 'bkn_validator', opd: null },
    { email: `bupati@${DEMO_EMAIL_DOMAIN}`, name: 'Bupati Karanganyar', role: 'regent', opd: null },
  ];
  opds.forEach((o, i) => {
    const code = o.data.code.toLowerCase();
    const sex: Sex = rngUsr.chance(0.5) ? 'P' : 'L';
    users.push(
      {
        email: `verifikator.${code}@${DEMO_EMAIL_DOMAIN}`,
        name: withTitles(personName(rngUsr, sex), null, rngUsr.pick(['S.Sos.', 'S.E.', 'S.H.', 'S.IP.', 'A.Md.'])),
        role: 'verifier',
        opd: i,
      },
      { email: `sekretaris.${code}@${DEMO_EMAIL_DOMAIN}`, name: o.data.secretaryName, role: 'secretary', opd: i },
      { email: `kepala.${code}@${DEMO_EMAIL_DOMAIN}`, name: o.data.headName, role: 'opd_head', opd: i },
    );
  });

  return users;
}
