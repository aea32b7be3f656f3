import React from 'react';
import { Box, Label, Text } from '@adminjs/design-system';

/** File field of the document form: the server checks the content, this only picks the file. */
const UploadPdf: React.FC<any> = ({ property, onChange, record }) => (
  <Box mb="xl">
    <Label htmlFor={property.path}>Berkas PDF (maks. 1 MB)</Label>
    <input id={property.path} type="file" accept="application/pdf,.pdf" onChange={(e) => onChange(property.path, e.target.files?.[0])} />
    {record?.errors?.[property.path] ? <Text color="error">{record.errors[property.path].message}</Text> : null}
  </Box>
);

export default UploadPdf;
