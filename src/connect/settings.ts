import type { Context } from '../context.js';
import { ConfigurationStateError, InvalidCredentialsError, RoleMismatchError, ValidationError } from '../errors.js';
import type { ConnectConfiguration } from '../generated/prisma/client.js';
import type { ConnectStatus } from '../generated/prisma/enums.js';
import type { Phrase } from '../i18n/index.js';
import { hashSecret, newSecret, verifyPassword } from '../auth/secrets.js';
import { monthlyQuota } from '../companies/quota.js';
import { permissionFor, roleFor, sideOf } from './programs.js';

const PASSWORD_STATUSES: ConnectStatus[] = ['AWAITING_PASSWORD', 'ACTIVE'];

function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

/** "Wprowadź hasło": the exchange account's password, once, for a program token scoped to this configuration. */
export async function enterExchangePassword(ctx: Context, configurationId: string, password: string) {
  const configuration = await ctx.db.connectConfiguration.findUnique({
    where: { id: configurationId },
    include: { exchangeAccount: true },
  });
  const account = configuration?.exchangeAccount;
  // The same account's password is guessed here as in signIn: both count against the same keys.
  const attempt = await ctx.attempts.password(account?.email ?? `configuration:${configurationId}`, ctx.clientAddress);
  const ok = await verifyPassword(account?.passwordHash, password);
  if (!configuration) throw new InvalidCredentialsError();
  if (!PASSWORD_STATUSES.includes(configuration.status) || !account) {
    const { status } = configuration;
    // The caller has not proven anything yet: name the account only by a hint.
    const hint = account ? maskEmail(account.email) : '';
    throw new ConfigurationStateError(status, (m) =>
      status === 'DRAFT'
        ? m.errors.configurationNotFinished(status)
        : status === 'AWAITING_ACCEPTANCE'
          ? m.errors.awaitingAcceptance(hint)
          : m.errors.configurationState(status),
    );
  }
  if (!ok || account.status !== 'ACTIVE') throw new InvalidCredentialsError();
  await attempt.succeeded();
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
    throw new RoleMismatchError(role, (m) => m.errors.noLongerRole(role, permission));
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
  describe: Phrase;
}

/** "Test połączenia": every condition the exchange needs, item by item. */
export async function testConnection(ctx: Context, configuration: ConnectConfiguration) {
  const checks: ConnectionCheck[] = [];
  const check = (name: string, ok: boolean, good: Phrase, bad: Phrase) =>
    checks.push({ name, ok, describe: ok ? good : bad });
  const { status, companyNip, program } = configuration;

  const token = await ctx.db.authToken.findFirst({
    where: { configurationId: configuration.id, kind: 'PROGRAM', revokedAt: null },
    select: { id: true },
  });
  check(
    'PROGRAM_TOKEN',
    status === 'ACTIVE' && token !== null,
    (m) => m.checks.tokenOk,
    (m) => (status === 'ACTIVE' ? m.checks.tokenMissing : m.checks.notActive(status)),
  );

  const company = configuration.companyId
    ? await ctx.db.company.findUnique({
        where: { id: configuration.companyId },
        include: { memberships: { include: { account: { select: { email: true, status: true } } } } },
      })
    : null;
  check(
    'NIP_MATCH',
    company?.nip === companyNip,
    (m) => m.checks.nipOk(companyNip),
    (m) => m.checks.nipBad(companyNip),
  );

  const members = company?.memberships ?? [];
  const own = members.find((m) => m.accountId === configuration.exchangeAccountId && m.role === roleFor(program));
  const ownEmail = own?.account.email ?? '';
  check(
    'EXCHANGE_ACCOUNT',
    own?.account.status === 'ACTIVE' && own.permissions.includes(permissionFor(program)),
    (m) => m.checks.exchangeAccountOk(ownEmail, sideOf(program)),
    (m) =>
      own
        ? m.checks.exchangeAccountBad(ownEmail)
        : status === 'AWAITING_ACCEPTANCE'
          ? m.checks.exchangeAccountInvited(
              (sideOf(program) === 'SALES' ? configuration.senderEmail : configuration.receiverEmail) ?? '',
            )
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
  check(
    otherRole === 'RECEIVER' ? 'RECEIVER_PRESENT' : 'SENDER_PRESENT',
    counterpart !== undefined,
    (m) => m.checks.counterpartOk(otherRole, counterpartEmail),
    (m) => m.checks.counterpartMissing(otherRole),
  );

  if (company) {
    const { plan } = company;
    const quota = await monthlyQuota(ctx.db, company, ctx.now());
    check(
      'PLAN_ALLOWS_SENDING',
      quota.remaining > 0,
      (m) => m.checks.planOk(plan, quota.remaining),
      (m) => m.checks.planUsedUp(plan, quota.limit),
    );
  } else {
    check(
      'PLAN_ALLOWS_SENDING',
      false,
      () => '',
      (m) => m.checks.noCompany,
    );
  }
  return { ok: checks.every((c) => c.ok), checks };
}

export async function updateSyncSettings(
  ctx: Context,
  configuration: ConnectConfiguration,
  syncIntervalMinutes: number,
) {
  if (!Number.isInteger(syncIntervalMinutes) || syncIntervalMinutes < 1 || syncIntervalMinutes > 1440) {
    throw new ValidationError('syncIntervalMinutes', (m) => m.validation.syncInterval(1, 1440));
  }
  if (
    configuration.status === 'DELETED' ||
    configuration.status === 'CANCELLED' ||
    configuration.status === 'ABANDONED'
  ) {
    throw new ConfigurationStateError(configuration.status);
  }
  return ctx.db.connectConfiguration.update({ where: { id: configuration.id }, data: { syncIntervalMinutes } });
}

/** "Usuń konfigurację": its tokens stop working and its subscriptions close; documents stay. */
export async function deleteConfiguration(ctx: Context, configuration: ConnectConfiguration) {
  if (configuration.status === 'DELETED')
    throw new ConfigurationStateError('DELETED', (m) => m.errors.configurationDeleted);
  const now = ctx.now();
  const deleted = await ctx.db.$transaction(async (tx) => {
    // The configuration row first, as everywhere, so this cannot deadlock with enterExchangePassword.
    const updated = await tx.connectConfiguration.updateMany({
      where: { id: configuration.id, status: { not: 'DELETED' } },
      data: { status: 'DELETED', deletedAt: now },
    });
    if (updated.count !== 1) throw new ConfigurationStateError('DELETED', (m) => m.errors.configurationDeleted);
    await tx.authToken.updateMany({
      where: { configurationId: configuration.id, revokedAt: null },
      data: { revokedAt: now },
    });
    return tx.connectConfiguration.findUniqueOrThrow({ where: { id: configuration.id } });
  });
  ctx.events.accessChanged({ configurationId: configuration.id });
  return deleted;
}
