import React from 'react';
import { Box, H4, Text, Table, TableHead, TableBody, TableRow, TableCell } from '@adminjs/design-system';

const nf = new Intl.NumberFormat('id-ID');
const age = (d: number) => <span style={{ whiteSpace: 'nowrap' }}>{d === 0 ? 'hari ini' : `${nf.format(d)} hari kerja`}</span>;
// The ageing's colours (dashboard-closing-loop.tsx): sesuai target, berisiko, terlambat.
const STATE_COLOR: Record<string, string> = { on_track: '#C6EFCE', at_risk: '#FFE699', overdue: '#F4CCCC' };
const State: React.FC<{ item: any; testId: string }> = ({ item, testId }) => (
  <span
    data-testid={testId}
    data-state={item.ageState}
    style={{ background: STATE_COLOR[item.ageState], padding: '2px 6px', borderRadius: 4, whiteSpace: 'nowrap' }}
  >
    {item.ageStateLabel}
  </span>
);

/**
 * BKPSDM's queue on the dashboard (approver, helpdesk, admin): the questions of OPD verifiers
 * waiting for an answer and the open helpdesk tickets, oldest first, with their age in working days
 * and their state against the target (bkpsdm-queue.ts).
 */
const ConsultationQueue: React.FC<{ queue: any }> = ({ queue }) => {
  if (!queue) return null;
  const { questions, tickets } = queue;
  return (
    <Box variant="card" p="lg" mb="lg" data-testid="bkpsdm-queue">
      <H4>Antrean BKPSDM</H4>
      <Text mb="sm" data-testid="queue-questions-total">
        Pertanyaan menunggu jawaban: <b>{nf.format(questions.total)}</b> (target {nf.format(questions.targetDays)} hari kerja)
      </Text>
      {questions.items.length ? (
        <Table mb="lg" data-testid="queue-questions">
          <TableHead>
            <TableRow>
              <TableCell>Usul</TableCell>
              <TableCell>OPD / pegawai</TableCell>
              <TableCell>Penanya</TableCell>
              <TableCell>Pertanyaan</TableCell>
              <TableCell>Menunggu sejak</TableCell>
              <TableCell>Umur</TableCell>
              <TableCell>Status target</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {questions.items.map((q: any) => (
              <TableRow key={q.consultationId} data-testid={`queue-question-${q.submissionId}`}>
                <TableCell>
                  <a href={q.url}>#{q.submissionId}</a>
                </TableCell>
                <TableCell>
                  {q.opdName ?? '-'} / {q.employeeName ?? '-'}
                </TableCell>
                <TableCell>{q.askedBy}</TableCell>
                <TableCell>{q.question}</TableCell>
                <TableCell>{q.waitingSince}</TableCell>
                <TableCell>{age(q.ageDays)}</TableCell>
                <TableCell>
                  <State item={q} testId={`queue-question-state-${q.submissionId}`} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {tickets ? (
        <>
          <Text mb="sm" data-testid="queue-tickets-total">
            Tiket helpdesk terbuka: <b>{nf.format(tickets.total)}</b> (target {nf.format(tickets.targetDays)} hari kerja)
          </Text>
          {tickets.items.length ? (
            <Table data-testid="queue-tickets">
              <TableHead>
                <TableRow>
                  <TableCell>Tiket</TableCell>
                  <TableCell>Pelapor</TableCell>
                  <TableCell>Jenis</TableCell>
                  <TableCell>Status</TableCell>
                  <TableCell>Usul</TableCell>
                  <TableCell>Dibuka</TableCell>
                  <TableCell>Umur</TableCell>
                  <TableCell>Status target</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {tickets.items.map((t: any) => (
                  <TableRow key={t.id}>
                    <TableCell>
                      <a href={t.url}>#{t.id}</a>
                    </TableCell>
                    <TableCell>{t.reporterName}</TableCell>
                    <TableCell>{t.kindLabel}</TableCell>
                    <TableCell>{t.statusLabel}</TableCell>
                    <TableCell>
                      {t.submissionId ? <a href={`/admin/resources/submissions/records/${t.submissionId}/show`}>#{t.submissionId}</a> : '-'}
                    </TableCell>
                    <TableCell>{t.openedAt}</TableCell>
                    <TableCell>{age(t.ageDays)}</TableCell>
                    <TableCell>
                      <State item={t} testId={`queue-ticket-state-${t.id}`} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ) : null}
        </>
      ) : null}
    </Box>
  );
};

export default ConsultationQueue;
