import React, { useEffect } from 'react';
import { BasePropertyComponent } from 'adminjs';

/**
 * The ticket form's employee picker: AdminJS's reference picker (it searches by NIP or name and
 * shows name · NIP · OPD), and choosing fills the ticket's NIP and name in the form, so that
 * helpdesk sees what will be saved. A new ticket starts as "Baru". The service fills and checks
 * the same on save (helpdesk-ticket.rules.ts), whatever the form sends.
 */
const TicketEmployee: React.FC<any> = (props) => {
  const { onChange, property, record } = props;
  const Edit = (BasePropertyComponent as any).Reference.Edit;

  useEffect(() => {
    if (!record?.id && !record?.params?.status) onChange('status', 'open');
    // Once, when the new form opens.
  }, []);

  const change = (path: string, value: unknown, selected?: any) => {
    onChange(path, value, selected);
    if (path !== property.path || !selected?.params) return;
    if (selected.params.nip) onChange('nip', String(selected.params.nip));
    const name = selected.params.name ?? String(selected.title ?? '').split(' · ')[0];
    if (name) onChange('reporterName', String(name));
  };
  return <Edit {...props} onChange={change} />;
};

export default TicketEmployee;
