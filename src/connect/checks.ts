import type { Context } from '../context.js';
import type { Account, Company, ConnectConfiguration, Membership } from '../generated/prisma/client.js';
import type { ProgramKind } from '../generated/prisma/enums.js';
import type { Phrase } from '../i18n/index.js';
import { monthlyQuota } from '../companies/quota.js';
import { permissionFor, roleFor, sideOf } from './programs.js';

export interface ConnectionCheck {
  name: string;
  ok: boolean;
  describe: Phrase;
}

type CompanyWithMembers = Company & {
  memberships: (Membership & { account: Pick<Account, 'email' | 'status'> })[];
};

const withMembers = { memberships: { include: { account: { select: { email: true, status: true } } } } } as const;

class Checklist {
  readonly checks: ConnectionCheck[] = [];

  add(name: string, ok: boolean, good: Phrase, bad: Phrase) {
    this.checks.push({ name, ok, describe: ok ? good : bad });
  }

  get ok() {
    return this.checks.every((check) => check.ok);
  }
}

async function checkToken(ctx: Context, configuration: ConnectConfiguration, list: Checklist) {
  const { status } = configuration;
  const token = await ctx.db.authToken.findFirst({
    where: { configurationId: configuration.id, kind: 'PROGRAM', revokedAt: null },
    select: { id: true },
  });
  list.add(
    'PROGRAM_TOKEN',
    status === 'ACTIVE' && token !== null,
    (m) => m.checks.tokenOk,
    (m) => (status === 'ACTIVE' ? m.checks.tokenMissing : m.checks.notActive(status)),
  );
}

/** One company the program exchanges with: its exchange account there, the other side, the plan. */
async function checkCompany(
  ctx: Context,
  list: Checklist,
  company: CompanyWithMembers | null,
  exchangeAccountId: string | null,
  program: ProgramKind,
  /** The exchange user the company invited and who has not accepted yet. */
  invited?: string | null,
) {
  const members = company?.memberships ?? [];
  const own = members.find((m) => m.accountId === exchangeAccountId && m.role === roleFor(program));
  const ownEmail = own?.account.email ?? '';
  list.add(
    'EXCHANGE_ACCOUNT',
    own?.account.status === 'ACTIVE' && own.permissions.includes(permissionFor(program)),
    (m) => m.checks.exchangeAccountOk(ownEmail, sideOf(program)),
    (m) =>
      own
        ? m.checks.exchangeAccountBad(ownEmail)
        : invited
          ? m.checks.exchangeAccountInvited(invited)
          : m.checks.exchangeAccountGone,
  );

  const otherRole = roleFor(program) === 'SENDER' ? 'RECEIVER' : 'SENDER';
  const counterpart = members.find(
    (m) =>
      m.role === otherRole &&
      m.account.status === 'ACTIVE' &&
      m.permissions.includes(otherRole === 'RECEIVER' ? 'RECEIVE_DOCUMENTS' : 'SEND_DOCUMENTS'),
  );
  const counterpartEmail = counterpart?.account.email ?? '';
  list.add(
    otherRole === 'RECEIVER' ? 'RECEIVER_PRESENT' : 'SENDER_PRESENT',
    counterpart !== undefined,
    (m) => m.checks.counterpartOk(otherRole, counterpartEmail),
    (m) => m.checks.counterpartMissing(otherRole),
  );

  if (company) {
    const { plan } = company;
    const quota = await monthlyQuota(ctx.db, company, ctx.now());
    list.add(
      'PLAN_ALLOWS_SENDING',
      quota.remaining > 0,
      (m) => m.checks.planOk(plan, quota.remaining),
      (m) => m.checks.planUsedUp(plan, quota.limit),
    );
  } else {
    list.add(
      'PLAN_ALLOWS_SENDING',
      false,
      () => '',
      (m) => m.checks.noCompany,
    );
  }
}

/** "Test połączenia": every condition the exchange needs, item by item; an office's, client by client. */
export async function testConnection(ctx: Context, configuration: ConnectConfiguration) {
  if (configuration.path === 'OFFICE') return testOfficeConnection(ctx, configuration);
  const list = new Checklist();
  await checkToken(ctx, configuration, list);
  const company = configuration.companyId
    ? await ctx.db.company.findUnique({ where: { id: configuration.companyId }, include: withMembers })
    : null;
  const companyNip = configuration.companyNip ?? '';
  list.add(
    'NIP_MATCH',
    company?.nip === companyNip,
    (m) => m.checks.nipOk(companyNip),
    (m) => m.checks.nipBad(companyNip),
  );
  const { status, program } = configuration;
  const invited =
    status === 'AWAITING_ACCEPTANCE'
      ? sideOf(program) === 'SALES'
        ? configuration.senderEmail
        : configuration.receiverEmail
      : null;
  await checkCompany(ctx, list, company, configuration.exchangeAccountId, program, invited);
  return { ok: list.ok, checks: list.checks, clients: [] };
}

/**
 * An office: its token and account, then every company where its account is the receiving user,
 * each with that company's own checks (a company that withdrew the permission shows up failing).
 */
async function testOfficeConnection(ctx: Context, configuration: ConnectConfiguration) {
  const list = new Checklist();
  await checkToken(ctx, configuration, list);
  const accountId = configuration.exchangeAccountId;
  const account = accountId ? await ctx.db.account.findUnique({ where: { id: accountId } }) : null;
  const email = account?.email ?? '';
  list.add(
    'OFFICE_ACCOUNT',
    account?.status === 'ACTIVE',
    (m) => m.offices.checks.accountOk(email),
    (m) => m.offices.checks.accountBad(email),
  );
  const companies = accountId
    ? await ctx.db.company.findMany({
        where: { memberships: { some: { accountId, role: roleFor(configuration.program) } } },
        include: withMembers,
        orderBy: { name: 'asc' },
      })
    : [];
  const clients = [];
  for (const company of companies) {
    const own = new Checklist();
    await checkCompany(ctx, own, company, accountId, configuration.program);
    clients.push({ company, ok: own.ok, checks: own.checks });
  }
  const served = clients.filter((client) => client.checks[0]!.ok).length;
  list.add(
    'CLIENTS',
    served > 0,
    (m) => m.offices.checks.clientsOk(served),
    (m) => m.offices.checks.clientsNone,
  );
  return { ok: list.ok && clients.every((client) => client.ok), checks: list.checks, clients };
}
