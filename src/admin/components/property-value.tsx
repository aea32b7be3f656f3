import React from 'react';
import { useTranslation } from 'adminjs';

/**
 * Overrides AdminJS's DefaultPropertyValue (list and show of text and enum values): an enum value
 * is a coloured label in Indonesian (its availableValues label, else the locale's
 * `<property>.<value>`), never a grey badge or a raw code; any other value as it is.
 */
const COLOUR: Record<string, string> = {
  submitted: 'info',
  needs_fix: 'warning',
  rejected: 'danger',
  verified: 'primary',
  validated: 'primary',
  approved: 'success',
  open: 'info',
  in_progress: 'warning',
  resolved: 'success',
  closed: 'default',
  pending: 'warning',
  sending: 'info',
  sent: 'success',
  failed: 'danger',
  running: 'info',
  done: 'success',
  partial: 'warning',
  ok: 'success',
  denied: 'danger',
  error: 'danger',
};

const PropertyValue: React.FC<any> = ({ property, record, resource }) => {
  const { tl, translateProperty } = useTranslation();
  const raw = record?.params?.[property.path];
  if (raw === undefined || raw === null) return null;
  const option = property.availableValues?.find((o: any) => String(o.value) === String(raw));
  if (!option) return <>{String(raw)}</>;
  const byLocale = translateProperty(`${property.path}.${String(raw)}`, resource.id, { defaultValue: '' });
  const label =
    option.label && option.label !== option.value ? option.label : byLocale || tl(String(raw), resource.id, { defaultValue: String(raw) });
  return (
    <span className={`pdm-tag pdm-tag-${COLOUR[String(raw)] ?? 'default'}`} data-value={String(raw)}>
      {label}
    </span>
  );
};

export default PropertyValue;
