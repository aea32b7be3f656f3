import React from 'react';
import { ValueGroup } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';
import { formatDate, formatDateTime } from './shared/format.js';

/**
 * Overrides AdminJS's date and time values in lists and show pages: "2 Des 2026 09.15 WIB" in the
 * regency's zone (a date-only property: "2 Des 2026"), never ISO.
 */
export const dateText = (property: any, value: unknown): string => (property.type === 'date' ? formatDate(value) : formatDateTime(value));

export const DatetimeList: React.FC<any> = ({ property, record }) => (
  <span className="pdm-nowrap">{dateText(property, record?.params?.[property.path])}</span>
);

const DatetimeShow: React.FC<any> = ({ property, record }) => {
  const { translateProperty } = useTranslation();
  return (
    <ValueGroup label={translateProperty(property.label, property.resourceId)}>
      {dateText(property, record?.params?.[property.path])}
    </ValueGroup>
  );
};

export default DatetimeShow;
