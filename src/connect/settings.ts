import type { Context } from '../context.js';
import {
  ConfigurationStateError,
  InvalidCredentialsError,
  NoClientCompaniesError,
  RoleMismatchError,
  ValidationError,
} from '../errors.js';
import type { ConnectConfiguration } from '../generated/prisma/client.js';
import type { ConnectStatus } from '../generated/prisma/enums.js';
import { hashSecret, newSecret, verifyPassword } from '../auth/secrets.js';
import { servedThrough } from '../offices/clients.js';
import { permissionFor, roleFor } from './programs.js';

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
  if (configuration.path === 'OFFICE') {
    if ((await ctx.db.membership.count({ where: servedThrough(account.id) })) === 0) throw new NoClientCompaniesError();
  } else {
    const membership = configuration.companyId
      ? await ctx.db.membership.findFirst({
          where: { companyId: configuration.companyId, accountId: account.id, role, permissions: { has: permission } },
          select: { id: true },
        })
      : null;
    if (!membership) throw new RoleMismatchError(role, (m) => m.errors.noLongerRole(role, permission));
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
