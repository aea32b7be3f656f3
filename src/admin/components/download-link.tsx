import React from 'react';
import { Box, H3, Text, Button } from '@adminjs/design-system';

/** A download served by an authorised route (the href template gets the record id). */
const DownloadLink: React.FC<any> = ({ record, action }) => {
  const href = String(action.custom?.href ?? '').replace('{id}', encodeURIComponent(record?.id ?? ''));
  return (
    <Box variant="card" p="xl">
      <H3>{action.custom?.title ?? 'Unduh'}</H3>
      {action.custom?.description ? <Text mb="lg">{action.custom.description}</Text> : null}
      <Button as="a" href={href} data-testid="download-link">
        {action.custom?.button ?? 'Unduh (Excel)'}
      </Button>
    </Box>
  );
};

export default DownloadLink;
