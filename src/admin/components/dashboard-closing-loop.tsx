import React from 'react';
import { Box, H4, Text, Table, TableHead, TableBody, TableRow, TableCell } from '@adminjs/design-system';

/**
 * Dashboard section of issue 13 (its own file so the dashboard layout can change around it):
 * the open items per stage by state (sesuai target / berisiko / terlambat) and the completion
 * forecast line, for the viewer's scope (the service scopes the data: DashboardService).
 */

const nf = new Intl.NumberFormat('id-ID');
const df = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 });
const STATE_COLOR = { onTrack: '#C6EFCE', atRisk: '#FFE699', overdue: '#F4CCCC' };

const ClosingLoop: React.FC<{ section: any }> = ({ section }) => {
  if (!section || (!section.ageing && !section.forecast)) return null;
  const { ageing, forecast } = section;
  return (
    <Box flex flexDirection="row" flexWrap="wrap" data-testid="closing-loop">
      {forecast ? (
        <Box variant="card" p="lg" mr="lg" mb="lg" style={{ minWidth: 320 }} data-testid="forecast">
          <H4>Perkiraan penyelesaian</H4>
          <Text mb="sm" data-testid="forecast-sentence">
            <strong>{forecast.sentence}</strong>
          </Text>
          <Text variant="sm">
            Selesai {nf.format(forecast.completed)} dari {nf.format(forecast.total)} ASN; sisa {nf.format(forecast.remaining)}.
          </Text>
          <Text variant="sm">
            Laju {df.format(forecast.pace)} ASN/hari kerja (5 hari kerja terakhir: {nf.format(forecast.windowCompleted)} ASN).
          </Text>
          <Text variant="sm">
            Batas waktu {forecast.deadlineLabel}: {nf.format(forecast.workingDaysLeft)} hari kerja lagi; perkiraan selesai pada batas waktu{' '}
            {nf.format(forecast.expectedAtDeadline)} ASN.
          </Text>
        </Box>
      ) : null}
      {ageing ? (
        <Box variant="card" p="lg" mb="lg" data-testid="ageing">
          <H4>Umur antrean (hari kerja)</H4>
          <Table>
            <TableHead>
              <TableRow>
                <TableCell>Tahap</TableCell>
                <TableCell>Target</TableCell>
                <TableCell style={{ background: STATE_COLOR.onTrack }}>{ageing.stateLabels.on_track}</TableCell>
                <TableCell style={{ background: STATE_COLOR.atRisk }}>{ageing.stateLabels.at_risk}</TableCell>
                <TableCell style={{ background: STATE_COLOR.overdue }}>{ageing.stateLabels.overdue}</TableCell>
                <TableCell>Tertua</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {ageing.stages.map((s: any) => (
                <TableRow key={s.stage} data-testid={`ageing-${s.stage}`}>
                  <TableCell>{s.label}</TableCell>
                  <TableCell>{s.targetDays} hari</TableCell>
                  <TableCell>{nf.format(s.onTrack)}</TableCell>
                  <TableCell>{nf.format(s.atRisk)}</TableCell>
                  <TableCell>{nf.format(s.overdue)}</TableCell>
                  <TableCell>{s.oldestDays === null ? '-' : `${s.oldestDays} hari`}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      ) : null}
    </Box>
  );
};

export default ClosingLoop;
