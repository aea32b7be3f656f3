import React from 'react';

/** Overrides AdminJS's BooleanPropertyValue: Ya / Tidak, never Yes / No. */
const PropertyBoolean: React.FC<any> = ({ property, record }) => {
  const raw = record?.params?.[property.path];
  if (raw === undefined || raw === null || raw === '') return null;
  const yes = raw === true || raw === 'true' || raw === 1 || raw === '1';
  return <span className={`pdm-tag pdm-tag-${yes ? 'success' : 'default'}`}>{yes ? 'Ya' : 'Tidak'}</span>;
};

export default PropertyBoolean;
