import React from 'react';
import { Box, Label, Text } from '@adminjs/design-system';

const nf = new Intl.NumberFormat('id-ID');

/** The proof files of an OPD report (the show page): links to the authorised route. */
const OpdReportFiles: React.FC<any> = ({ record, property }) => {
  // The label is fixed here: AdminJS shows a virtual property's path otherwise.
  let files: Array<{ id: number; originalName: string; size: number; href: string }>;
  try {
    files = JSON.parse(String(record?.params?.[property.path] ?? '[]'));
  } catch {
    files = [];
  }
  return (
    <Box mb="xl" data-testid="opd-report-proof-files">
      <Label>Bukti penyelesaian (PDF)</Label>
      {files.length === 0 ? <Text>-</Text> : null}
      {files.map((f) => (
        <Box key={f.id} mb="sm">
          <a href={f.href} target="_blank" rel="noreferrer" data-testid="opd-report-proof-link">
            {f.originalName}
          </a>{' '}
          <Text as="span" variant="sm" color="grey60">
            ({nf.format(Math.ceil(f.size / 1024))} KB)
          </Text>
        </Box>
      ))}
    </Box>
  );
};

export default OpdReportFiles;
