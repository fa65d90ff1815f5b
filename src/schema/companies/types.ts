import { builder } from '../../builder.js';
import { Permission, Plan } from '../../generated/prisma/enums.js';
import { MemberRoleEnum } from '../accounts/types.js';
import { planInfo, type PlanInfo } from '../../companies/plans.js';

export const PlanCodeEnum = builder.enumType(Plan, { name: 'PlanCode' });

export const PlanRef = builder.objectRef<PlanInfo>('Plan').implement({
  description: 'A subscription plan (Pakiet). Unused documents are not carried over to the next month.',
  fields: (t) => ({
    code: t.expose('code', { type: PlanCodeEnum }),
    name: t.exposeString('name'),
    monthlyDocumentLimit: t.exposeInt('monthlyDocumentLimit'),
    storageLimitBytes: t.exposeFloat('storageLimitBytes', {
      description: 'Bytes a company keeps (a whole number): the content and attachments of every version it sent.',
    }),
    monthlyPriceNet: t.expose('monthlyPriceNet', { type: 'Decimal', description: 'Net price in PLN per month.' }),
  }),
});

export const CompanyRef = builder.prismaNode('Company', {
  id: { field: 'id' },
  fields: (t) => ({
    name: t.exposeString('name'),
    nip: t.exposeString('nip'),
    plan: t.field({ type: PlanRef, select: { plan: true }, resolve: (company) => planInfo(company.plan) }),
    storedBytes: t.float({
      description: "Bytes kept for the company (a whole number), against its plan's storageLimitBytes.",
      select: { storedBytes: true },
      resolve: (company) => Number(company.storedBytes),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const PermissionEnum = builder.enumType(Permission, { name: 'Permission' });

export const MembershipRef = builder.prismaNode('Membership', {
  id: { field: 'id' },
  fields: (t) => ({
    role: t.expose('role', { type: MemberRoleEnum }),
    permissions: t.expose('permissions', { type: [PermissionEnum] }),
    account: t.relation('account', { authScopes: { account: true } }),
    company: t.relation('company', { authScopes: { account: true } }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});
