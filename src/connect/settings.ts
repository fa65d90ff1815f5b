import type { Context } from '../context.js';
import {
  AccountNotActiveError,
  ConfigurationStateError,
  InvalidCredentialsError,
  RoleMismatchError,
  TooManyAttemptsError,
  ValidationError,
} from '../errors.js';
import type { ConnectConfiguration } from '../generated/prisma/client.js';
import type { ConnectStatus } from '../generated/prisma/enums.js';
import { hashSecret, newSecret, verifyPassword } from '../auth/secrets.js';
import { monthlyQuota } from '../companies/quota.js';
import { permissionFor, roleFor, sideOf } from './programs.js';

const PASSWORD_STATUSES: ConnectStatus[] = ['AWAITING_ACTIVATION', 'AWAITING_PASSWORD', 'ACTIVE'];

function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

/** "Wprowadź hasło": the exchange account's password, once, for a program token scoped to this configuration. */
export async function enterExchangePassword(ctx: Context, configurationId: string, password: string) {
  const key = configurationId;
  const wait = ctx.throttles.exchangePassword.retryAfterMs(key);
  if (wait > 0) throw new TooManyAttemptsError(Math.ceil(wait / 1000));
  const configuration = await ctx.db.connectConfiguration.findUnique({
    where: { id: configurationId },
    include: { exchangeAccount: true },
  });
  const account = configuration?.exchangeAccount;
  const ok = await verifyPassword(account?.passwordHash, password);
  if (!configuration || !PASSWORD_STATUSES.includes(configuration.status) || !account) {
    ctx.throttles.exchangePassword.fail(key);
    throw new InvalidCredentialsError();
  }
  // The caller has not proven anything yet: name the account only by a hint.
  if (account.status === 'PENDING') throw new AccountNotActiveError(maskEmail(account.email));
  if (!ok || account.status !== 'ACTIVE') {
    ctx.throttles.exchangePassword.fail(key);
    throw new InvalidCredentialsError();
  }
  ctx.throttles.exchangePassword.succeed(key);
  // The password is right, but a token is only worth issuing while the account may do the program's job.
  const role = roleFor(configuration.program);
  const permission = permissionFor(configuration.program);
  const membership = configuration.companyId
    ? await ctx.db.membership.findFirst({
        where: { companyId: configuration.companyId, accountId: account.id, role, permissions: { has: permission } },
        select: { id: true },
      })
    : null;
  if (!membership) {
    throw new RoleMismatchError(
      role,
      `The account ${account.email} is no longer a ${role} of the company with the ${permission} permission`,
    );
  }
  const programToken = newSecret();
  const now = ctx.now();
  await ctx.db.$transaction(async (tx) => {
    // Written first and only while the configuration still takes a password (it may have been
    // deleted meanwhile); the row lock also orders concurrent calls, so the program keeps exactly one token.
    const updated = await tx.connectConfiguration.updateMany({
      where: { id: configurationId, status: { in: PASSWORD_STATUSES } },
      data: { status: 'ACTIVE' },
    });
    if (updated.count !== 1) throw new InvalidCredentialsError();
    await tx.authToken.updateMany({
      where: { configurationId, kind: 'PROGRAM', revokedAt: null },
      data: { revokedAt: now },
    });
    await tx.authToken.create({ data: { kind: 'PROGRAM', configurationId, tokenHash: hashSecret(programToken) } });
  });
  ctx.events.accessChanged({ configurationId });
  return {
    configuration: await ctx.db.connectConfiguration.findUniqueOrThrow({ where: { id: configurationId } }),
    programToken,
  };
}

export interface ConnectionCheck {
  name: string;
  ok: boolean;
  message: string;
}

/** "Test połączenia": every condition the exchange needs, item by item. */
export async function testConnection(ctx: Context, configuration: ConnectConfiguration) {
  const checks: ConnectionCheck[] = [];
  const check = (name: string, ok: boolean, good: string, bad: string) =>
    checks.push({ name, ok, message: ok ? good : bad });

  const token = await ctx.db.authToken.findFirst({
    where: { configurationId: configuration.id, kind: 'PROGRAM', revokedAt: null },
    select: { id: true },
  });
  check(
    'PROGRAM_TOKEN',
    configuration.status === 'ACTIVE' && token !== null,
    'The program token is valid',
    configuration.status === 'ACTIVE'
      ? 'No valid program token: enter the password again'
      : `The configuration is ${configuration.status}, not ACTIVE`,
  );

  const company = configuration.companyId
    ? await ctx.db.company.findUnique({
        where: { id: configuration.companyId },
        include: { memberships: { include: { account: { select: { email: true, status: true } } } } },
      })
    : null;
  check(
    'NIP_MATCH',
    company?.nip === configuration.companyNip,
    `The program's NIP ${configuration.companyNip} matches the company`,
    `The program's NIP ${configuration.companyNip} does not match a company of this configuration`,
  );

  const members = company?.memberships ?? [];
  const own = members.find(
    (m) => m.accountId === configuration.exchangeAccountId && m.role === roleFor(configuration.program),
  );
  check(
    'EXCHANGE_ACCOUNT',
    own?.account.status === 'ACTIVE' && own.permissions.includes(permissionFor(configuration.program)),
    `The exchange account ${own?.account.email ?? ''} is active and allowed to ${sideOf(configuration.program) === 'SALES' ? 'send' : 'receive'}`,
    own
      ? `The exchange account ${own.account.email} is not active or lacks the permission`
      : 'The exchange account is no longer a member of the company',
  );

  const otherRole = roleFor(configuration.program) === 'SENDER' ? 'RECEIVER' : 'SENDER';
  const counterpart = members.find(
    (m) =>
      m.role === otherRole &&
      m.account.status === 'ACTIVE' &&
      m.permissions.includes(otherRole === 'RECEIVER' ? 'RECEIVE_DOCUMENTS' : 'SEND_DOCUMENTS'),
  );
  check(
    otherRole === 'RECEIVER' ? 'RECEIVER_PRESENT' : 'SENDER_PRESENT',
    counterpart !== undefined,
    `An active ${otherRole === 'RECEIVER' ? 'receiving' : 'sending'} user exists: ${counterpart?.account.email ?? ''}`,
    `No active ${otherRole === 'RECEIVER' ? 'receiving' : 'sending'} user in the company yet`,
  );

  if (company) {
    const quota = await monthlyQuota(ctx.db, company, ctx.now());
    check(
      'PLAN_ALLOWS_SENDING',
      quota.remaining > 0,
      `The ${company.plan} plan allows ${quota.remaining} more document(s) this month`,
      `The ${company.plan} plan's ${quota.limit} documents this month are used up`,
    );
  } else {
    check('PLAN_ALLOWS_SENDING', false, '', 'No company is linked to this configuration');
  }
  return { ok: checks.every((c) => c.ok), checks };
}

export async function updateSyncSettings(
  ctx: Context,
  configuration: ConnectConfiguration,
  syncIntervalMinutes: number,
) {
  if (!Number.isInteger(syncIntervalMinutes) || syncIntervalMinutes < 1 || syncIntervalMinutes > 1440) {
    throw new ValidationError('syncIntervalMinutes', 'The synchronisation interval must be 1 to 1440 minutes');
  }
  if (
    configuration.status === 'DELETED' ||
    configuration.status === 'CANCELLED' ||
    configuration.status === 'ABANDONED'
  ) {
    throw new ConfigurationStateError(configuration.status, `The configuration is ${configuration.status}`);
  }
  return ctx.db.connectConfiguration.update({ where: { id: configuration.id }, data: { syncIntervalMinutes } });
}

/** "Usuń konfigurację": its tokens stop working and its subscriptions close; documents stay. */
export async function deleteConfiguration(ctx: Context, configuration: ConnectConfiguration) {
  if (configuration.status === 'DELETED')
    throw new ConfigurationStateError('DELETED', 'The configuration is already deleted');
  const now = ctx.now();
  const deleted = await ctx.db.$transaction(async (tx) => {
    // The configuration row first, as everywhere, so this cannot deadlock with enterExchangePassword.
    const updated = await tx.connectConfiguration.updateMany({
      where: { id: configuration.id, status: { not: 'DELETED' } },
      data: { status: 'DELETED', deletedAt: now },
    });
    if (updated.count !== 1) throw new ConfigurationStateError('DELETED', 'The configuration is already deleted');
    await tx.authToken.updateMany({
      where: { configurationId: configuration.id, revokedAt: null },
      data: { revokedAt: now },
    });
    return tx.connectConfiguration.findUniqueOrThrow({ where: { id: configuration.id } });
  });
  ctx.events.accessChanged({ configurationId: configuration.id });
  return deleted;
}
