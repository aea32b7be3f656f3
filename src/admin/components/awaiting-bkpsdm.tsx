import React from 'react';
import { Badge } from '@adminjs/design-system';

/** The inbox column: "menunggu jawaban BKPSDM" while a question to BKPSDM is open, else nothing. */
const AwaitingBkpsdm: React.FC<any> = ({ record }) => {
  const v = record?.params?.awaitingBkpsdm;
  if (!(v === true || v === 'true' || v === 1 || v === '1')) return null;
  return (
    <Badge variant="secondary" size="sm" data-testid="awaiting-bkpsdm">
      menunggu jawaban BKPSDM
    </Badge>
  );
};

export default AwaitingBkpsdm;
