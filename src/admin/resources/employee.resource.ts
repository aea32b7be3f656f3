import type { ActionContext, ActionRequest, ActionResponse } from 'adminjs';
import type { Models } from '../../db/models/index.js';
import { EMPLOYEE_TYPES } from '../../domain/shared/constants.js';
import { NAV, allowed, scopedResource, type ResourceDeps } from '../resource-helpers.js';
import { actorFrom } from '../current-admin.js';
import { EMPLOYEE_WRITABLE_FIELDS } from '../../domain/employees/employee.rules.js';

export const employeeResource = (models: Models, deps: ResourceDeps) =>
  scopedResource(models.Employee, deps, {
    navigation: NAV.data,
    titleProperty: 'name',
    sort: { sortBy: 'name', direction: 'asc' },
    listProperties: ['nip', 'name', 'employeeType', 'opdId', 'nik', 'mysapkActivatedAt', 'passwordChangedAt', 'serviceBlocked'],
    filterProperties: ['nip', 'name', 'employeeType', 'opdId', 'serviceBlocked'],
    // The form offers exactly what the employee rules accept.
    editProperties: [...EMPLOYEE_WRITABLE_FIELDS],
    showProperties: [
      'nip',
      'nik',
      'name',
      'employeeType',
      'opdId',
      'unit',
      'position',
      'rankGrade',
      'birthDate',
      'sex',
      'email',
      'phone',
      'mysapkActivatedAt',
      'passwordChangedAt',
      'serviceBlocked',
      'serviceBlockedAt',
      'active',
      'createdAt',
      'updatedAt',
    ],
    properties: {
      employeeType: { availableValues: EMPLOYEE_TYPES.map((t) => ({ value: t, label: t })) },
      sex: {
        availableValues: [
          { value: 'L', label: 'Laki-laki' },
          { value: 'P', label: 'Perempuan' },
        ],
      },
      nip: { isTitle: false },
    },
    actions: {
      // Pickers (a ticket's or a submission's employee): name, NIP and OPD, so namesakes differ.
      search: {
        after: async (response: ActionResponse) => {
          const records = (response.records ?? []) as Array<{ title: string; params: Record<string, unknown> }>;
          const ids = [...new Set(records.map((r) => Number(r.params.opdId)).filter(Boolean))];
          const opds = ids.length ? await models.Opd.findAll({ where: { id: ids }, attributes: ['id', 'name'] }) : [];
          const name = new Map(opds.map((o) => [o.id, o.name]));
          for (const r of records)
            r.title = [r.params.name, r.params.nip ? `NIP ${String(r.params.nip as string)}` : null, name.get(Number(r.params.opdId))]
              .filter(Boolean)
              .join(' · ');
          return response;
        },
      },
      // Diktum KESATU h: after the deadline, employees with no completed update are flagged
      // "layanan kepegawaian tidak diproses" (filter: Layanan tidak diproses = ya).
      flagIncomplete: {
        actionType: 'resource',
        icon: 'Flag',
        component: deps.components.ConfirmAction,
        isAccessible: allowed('employees', 'flagIncomplete'),
        custom: {
          description:
            'Tandai ASN yang belum menyelesaikan pemutakhiran setelah batas waktu: "layanan kepegawaian tidak diproses". Tanda dicabut otomatis bagi yang sudah selesai.',
          reason: 'Alasan (hanya bila dijalankan di luar jadwal, oleh administrator)',
        },
        handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
          const reason = String((request.payload as { reason?: string } | undefined)?.reason ?? '').trim();
          const r = await deps.workflow.flagIncomplete(actorFrom(context.currentAdmin, request), undefined, {
            override: reason ? { reason } : null,
          });
          return {
            notice: { message: `${r.blocked} ASN ditandai, ${r.cleared} tanda dicabut`, type: 'success' },
            result: [`Ditandai: ${r.blocked}`, `Dicabut: ${r.cleared}`, `Tanggal: ${r.date}`],
          };
        },
      },
    },
  });
