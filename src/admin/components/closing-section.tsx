import React from 'react';
import { Box, H4, Text, Table, TableHead, TableBody, TableRow, TableCell, Badge, MessageBox } from '@adminjs/design-system';

/**
 * The dashboard's section of issue 13 (additive: dashboard.tsx renders it with `data.closing`):
 * the OPD heads' reports to the Bupati (every OPD for the regency roles, the own OPD for the OPD's
 * head and secretary) and the campaign's guides with their download links (every role).
 */
const VARIANT: Record<string, string> = { acknowledged: 'success', submitted: 'info', returned: 'danger' };

const ClosingSection: React.FC<{ closing: any }> = ({ closing }) => {
  if (!closing) return null;
  const reports = closing.opdReports;
  const guides: any[] = closing.guides ?? [];
  return (
    <Box data-testid="closing-section">
      {reports?.own ? (
        <Box variant="card" p="lg" mb="lg" data-testid="own-opd-report">
          <H4>Laporan Kepala OPD kepada Bupati</H4>
          <Text mb="md" data-testid="own-opd-report-state">
            {reports.own.state ? reports.own.state.text : 'Belum melapor'}
          </Text>
          {reports.own.canSubmit ? (
            <a href="/admin/resources/opd_reports/actions/submitReport" data-testid="opd-report-submit-link">
              Kirim laporan
            </a>
          ) : reports.own.eligibility?.reason && (!reports.own.state || reports.own.state.status === 'returned') ? (
            <Text variant="sm">{reports.own.eligibility.reason}</Text>
          ) : null}
        </Box>
      ) : null}
      {reports?.opds ? (
        <Box variant="card" p="lg" mb="lg">
          <H4>
            Laporan Kepala OPD kepada Bupati: {reports.reported} dari {reports.total} OPD
          </H4>
          <Table data-testid="opd-reports-table">
            <TableHead>
              <TableRow>
                <TableCell>OPD</TableCell>
                <TableCell>Laporan Kepala OPD</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {reports.opds.map((r: any) => (
                <TableRow key={r.opdId} data-testid={`opd-report-row-${r.opdId}`}>
                  <TableCell>{r.opdName}</TableCell>
                  <TableCell>
                    {r.state ? (
                      <a href={`/admin/resources/opd_reports/records/${r.state.reportId}/show`}>
                        <Badge variant={VARIANT[r.state.status] ?? 'info'}>{r.state.label}</Badge>
                      </a>
                    ) : (
                      <span className="pdm-tag pdm-tag-default">Belum melapor</span>
                    )}
                    {r.state ? (
                      <Text variant="sm">
                        versi {r.state.version} · {r.state.atText}
                      </Text>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      ) : null}
      <Box variant="card" p="lg" mb="lg" data-testid="guides">
        <H4>Panduan PDM</H4>
        {guides.length === 0 ? (
          <MessageBox variant="info" message="Belum ada panduan untuk putaran PDM ini" />
        ) : (
          guides.map((g) => (
            <Box key={g.id} mb="sm">
              <a href={g.href} target="_blank" rel="noreferrer" data-testid="guide-link">
                {g.title}
              </a>{' '}
              <Text as="span" variant="sm" color="grey60">
                ({g.kindLabel})
              </Text>
            </Box>
          ))
        )}
      </Box>
    </Box>
  );
};

export default ClosingSection;
