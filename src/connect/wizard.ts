import type { Context, Services } from '../context.js';
import {
  NipMismatchError,
  NoClientCompaniesError,
  RoleMismatchError,
  ValidationError,
  WizardExpiredError,
  WizardStepError,
  type Warning,
} from '../errors.js';
import type { ConnectConfiguration, Prisma } from '../generated/prisma/client.js';
import type { ConnectPath, MemberRole, ProgramKind, WizardStep } from '../generated/prisma/enums.js';
import { hashSecret, newSecret } from '../auth/secrets.js';
import { parseEmailAddress } from '../accounts/email.js';
import { authenticate } from '../accounts/service.js';
import { inviteInTransaction } from '../companies/invitations.js';
import { parseNip } from '../companies/service.js';
import { transactionWithMail } from '../mail/outbox.js';
import { takeMailQuota } from '../mail/quota.js';
import { servedThrough } from '../offices/clients.js';
import { permissionFor, roleFor, sideOf } from './programs.js';

/** What a caller attempted, named as in `allowedSteps`, for WizardStepError.attemptedStep. */
type WizardAttempt = 'SIGN_IN' | 'NO_ACCOUNT' | 'SET_PARTICIPANTS' | 'FINISH' | 'CANCEL';

const DRAFT_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** The company NIP the program declares: required on the company paths, absent for an office. */
function declaredNip(input: { program: ProgramKind; companyNip?: string | null; path: ConnectPath }) {
  const given = input.companyNip?.trim() ?? '';
  if (input.path !== 'OFFICE') {
    if (!given) throw new ValidationError('companyNip', (m) => m.offices.nipRequired);
    return parseNip(given);
  }
  if (given) throw new ValidationError('companyNip', (m) => m.offices.nipNotForOffice);
  if (sideOf(input.program) !== 'ACCOUNTING') {
    throw new ValidationError('program', (m) => m.offices.accountingProgramOnly(input.program));
  }
  return null;
}

export async function startWizard(
  ctx: Services,
  input: { program: ProgramKind; companyNip?: string | null; path: ConnectPath },
) {
  const companyNip = declaredNip(input);
  const wizardToken = newSecret();
  const configuration = await ctx.db.connectConfiguration.create({
    data: {
      program: input.program,
      path: input.path,
      companyNip,
      currentStep: 'SIGN_IN',
      draftExpiresAt: new Date(ctx.now().getTime() + DRAFT_LIFETIME_MS),
      // The draft's expiry governs the token, so an expired draft can say so instead of "unauthenticated".
      tokens: { create: { kind: 'WIZARD', tokenHash: hashSecret(wizardToken) } },
    },
  });
  return { configuration, wizardToken };
}

/** Loads the draft (the gate admitted only its own wizard token) and checks it is at one of the expected steps. */
export async function draftAt(
  ctx: Context,
  configurationId: string,
  attempted: WizardAttempt,
  allowed: readonly WizardStep[],
) {
  const draft = await ctx.db.connectConfiguration.findUniqueOrThrow({ where: { id: configurationId } });
  if (draft.status !== 'DRAFT') throw new WizardStepError(draft.currentStep, attempted);
  if (draft.draftExpiresAt && draft.draftExpiresAt <= ctx.now()) throw new WizardExpiredError();
  if (!allowed.includes(draft.currentStep)) throw new WizardStepError(draft.currentStep, attempted);
  return draft;
}

/** The step a draft moves to, written only if nobody moved it meanwhile (two tabs, a retried request). */
async function advance(
  db: Services['db'] | Prisma.TransactionClient,
  draft: ConnectConfiguration,
  attempted: WizardAttempt,
  data: Prisma.ConnectConfigurationUncheckedUpdateManyInput,
) {
  const updated = await db.connectConfiguration.updateMany({
    where: { id: draft.id, status: 'DRAFT', currentStep: draft.currentStep },
    data,
  });
  if (updated.count !== 1) {
    const now = await db.connectConfiguration.findUniqueOrThrow({ where: { id: draft.id } });
    throw new WizardStepError(now.currentStep, attempted);
  }
  return db.connectConfiguration.findUniqueOrThrow({ where: { id: draft.id } });
}

/** An office program acts for its account in every company that made it the receiving user: at least one is needed. */
async function ensureServesACompany(db: Services['db'] | Prisma.TransactionClient, accountId: string) {
  if ((await db.membership.count({ where: servedThrough(accountId) })) === 0) throw new NoClientCompaniesError();
}

/**
 * Step 2 of the owner path (the owner's credentials) or step 3 of the invited path (the invited
 * account's credentials). Either way the account must belong to the company whose NIP the program
 * declared; on the office path it must be the receiving user of at least one company.
 */
export async function wizardSignIn(ctx: Context, configurationId: string, email: string, password: string) {
  const draft = await draftAt(ctx, configurationId, 'SIGN_IN', ['SIGN_IN', 'NO_ACCOUNT']);
  const account = await authenticate(ctx, email, password);
  if (draft.path === 'OFFICE') {
    await ensureServesACompany(ctx.db, account.id);
    return advance(ctx.db, draft, 'SIGN_IN', {
      currentStep: 'SUMMARY',
      exchangeAccountId: account.id,
      receiverEmail: account.email,
    });
  }
  const memberships = await ctx.db.membership.findMany({
    where: { accountId: account.id },
    include: { company: { select: { nip: true } } },
  });
  const inCompany = memberships.filter((m) => m.company.nip === draft.companyNip);
  if (inCompany.length === 0) throw new NipMismatchError(draft.companyNip ?? '');
  const companyId = inCompany[0]!.companyId;

  if (draft.path === 'OWNER') {
    if (!inCompany.some((m) => m.role === 'OWNER')) {
      throw new RoleMismatchError('OWNER', (m) => m.errors.ownerPathNeedsOwner);
    }
    return advance(ctx.db, draft, 'SIGN_IN', { currentStep: 'PARTICIPANTS', companyId, ownerAccountId: account.id });
  }
  const role = roleFor(draft.program);
  const permission = permissionFor(draft.program);
  const membership = inCompany.find((m) => m.role === role);
  if (!membership) {
    const side = sideOf(draft.program);
    throw new RoleMismatchError(role, (m) =>
      side === 'SALES' ? m.errors.salesNeedsSender : m.errors.accountingNeedsReceiver,
    );
  }
  // A token for an account that may not do the program's job would be refused at once.
  if (!membership.permissions.includes(permission)) {
    throw new RoleMismatchError(role, (m) => m.errors.roleLacksPermission(role, permission));
  }
  return advance(ctx.db, draft, 'SIGN_IN', {
    currentStep: 'SUMMARY',
    companyId,
    exchangeAccountId: account.id,
    ...(role === 'SENDER' ? { senderEmail: account.email } : { receiverEmail: account.email }),
  });
}

export async function wizardNoAccount(ctx: Context, configurationId: string) {
  const draft = await draftAt(ctx, configurationId, 'NO_ACCOUNT', ['SIGN_IN']);
  if (draft.path !== 'OWNER') throw new WizardStepError(draft.currentStep, 'NO_ACCOUNT');
  return advance(ctx.db, draft, 'NO_ACCOUNT', { currentStep: 'NO_ACCOUNT' });
}

export async function setParticipants(
  ctx: Context,
  configurationId: string,
  senderInput: string,
  receiverInput: string,
) {
  const draft = await draftAt(ctx, configurationId, 'SET_PARTICIPANTS', ['PARTICIPANTS']);
  const senderEmail = parseEmailAddress(senderInput, 'senderEmail');
  const receiverEmail = parseEmailAddress(receiverInput, 'receiverEmail');
  const owner = await ctx.db.account.findUniqueOrThrow({ where: { id: draft.ownerAccountId! } });
  const warnings: Warning[] = [];
  for (const [side, email] of [
    ['SENDER', senderEmail],
    ['RECEIVER', receiverEmail],
  ] as const) {
    if (email === owner.email) {
      warnings.push({ code: 'OWNER_ACCOUNT_USED', describe: (m) => m.warnings.ownerAccountUsed(side) });
    }
  }
  if (senderEmail === receiverEmail) {
    warnings.push({ code: 'SAME_ACCOUNT_BOTH_SIDES', describe: (m) => m.warnings.sameAccountBothSides });
  }
  const configuration = await advance(ctx.db, draft, 'SET_PARTICIPANTS', {
    currentStep: 'SUMMARY',
    senderEmail,
    receiverEmail,
  });
  return { configuration, warnings };
}

export async function finishWizard(ctx: Context, configurationId: string) {
  const draft = await draftAt(ctx, configurationId, 'FINISH', ['SUMMARY', 'NO_ACCOUNT']);
  const now = ctx.now();
  /**
   * Ends the draft, written only if it is still where draftAt found it, so a second Finish (a
   * double click, a retried request) gets WizardStepError instead of a second token or second mails.
   */
  const claim = async (tx: Prisma.TransactionClient, data: Prisma.ConnectConfigurationUncheckedUpdateManyInput) => {
    await advance(tx, draft, 'FINISH', { ...data, currentStep: 'DONE', finishedAt: now, draftExpiresAt: null });
    await tx.authToken.updateMany({
      where: { configurationId: draft.id, kind: 'WIZARD', revokedAt: null },
      data: { revokedAt: now },
    });
  };
  const finished = <T>(result: T) => {
    // Sockets opened with the wizard token close now that it is revoked.
    ctx.events.accessChanged({ configurationId: draft.id });
    return result;
  };

  if (draft.currentStep === 'NO_ACCOUNT') {
    await ctx.db.$transaction((tx) => claim(tx, { status: 'ABANDONED' }));
    return finished({
      configuration: await ctx.db.connectConfiguration.findUniqueOrThrow({ where: { id: draft.id } }),
      programToken: null,
    });
  }

  if (draft.path === 'INVITED' || draft.path === 'OFFICE') {
    const role = roleFor(draft.program);
    const permission = permissionFor(draft.program);
    const programToken = newSecret();
    await ctx.db.$transaction(async (tx) => {
      // The account may have lost its role (or, for an office, every client) since it signed in.
      if (draft.path === 'OFFICE') await ensureServesACompany(tx, draft.exchangeAccountId!);
      const membership = await tx.membership.findFirst({
        where: {
          ...(draft.path === 'INVITED' ? { companyId: draft.companyId! } : {}),
          accountId: draft.exchangeAccountId!,
          role,
          permissions: { has: permission },
        },
        select: { id: true },
      });
      if (!membership) throw new RoleMismatchError(role, (m) => m.errors.noLongerRole(role, permission));
      await claim(tx, { status: 'ACTIVE' });
      await tx.authToken.create({
        data: { kind: 'PROGRAM', configurationId: draft.id, tokenHash: hashSecret(programToken) },
      });
    });
    return finished({
      configuration: await ctx.db.connectConfiguration.findUniqueOrThrow({ where: { id: draft.id } }),
      programToken,
    });
  }

  // The owner path invites both participants; the configuration waits until its exchange user has
  // joined (the same state for any address, so it says nothing about who had an account).
  const company = await ctx.db.company.findUniqueOrThrow({
    where: { id: draft.companyId! },
    select: { id: true, name: true },
  });
  const owner = await ctx.db.account.findUniqueOrThrow({
    where: { id: draft.ownerAccountId! },
    select: { id: true, email: true, locale: true },
  });
  const ownSide = roleFor(draft.program);
  const rolesByEmail = new Map<string, MemberRole[]>();
  for (const [email, role] of [
    [draft.senderEmail!, 'SENDER'],
    [draft.receiverEmail!, 'RECEIVER'],
  ] as const) {
    rolesByEmail.set(email, [...(rolesByEmail.get(email) ?? []), role]);
  }
  await takeMailQuota(
    ctx,
    [...rolesByEmail.keys()].filter((email) => email !== owner.email),
  );
  const configuration = await transactionWithMail(ctx, async (tx) => {
    await claim(tx, {});
    for (const [email, roles] of rolesByEmail) {
      await inviteInTransaction(tx, ctx, now, { company, inviter: owner, email, roles, whenMember: 'skip' });
    }
    const exchangeAccount = await tx.account.findUniqueOrThrow({
      where: { email: ownSide === 'SENDER' ? draft.senderEmail! : draft.receiverEmail! },
      select: {
        id: true,
        status: true,
        memberships: { where: { companyId: company.id, role: ownSide }, select: { id: true } },
      },
    });
    const joined = exchangeAccount.status === 'ACTIVE' && exchangeAccount.memberships.length > 0;
    return tx.connectConfiguration.update({
      where: { id: draft.id },
      data: { status: joined ? 'AWAITING_PASSWORD' : 'AWAITING_ACCEPTANCE', exchangeAccountId: exchangeAccount.id },
    });
  });
  // The owner's own account may have joined as a participant: an office it runs takes the company in.
  ctx.events.accessChanged({ configurationId: draft.id, companyId: company.id });
  return { configuration, programToken: null };
}

export async function cancelWizard(ctx: Context, configuration: ConnectConfiguration) {
  if (configuration.status !== 'DRAFT') throw new WizardStepError(configuration.currentStep, 'CANCEL');
  const now = ctx.now();
  await ctx.db.$transaction(async (tx) => {
    const cancelled = await tx.connectConfiguration.updateMany({
      where: { id: configuration.id, status: 'DRAFT' },
      data: { status: 'CANCELLED', currentStep: 'DONE', finishedAt: now, draftExpiresAt: null },
    });
    if (cancelled.count !== 1) {
      const current = await tx.connectConfiguration.findUniqueOrThrow({ where: { id: configuration.id } });
      throw new WizardStepError(current.currentStep, 'CANCEL');
    }
    await tx.authToken.updateMany({
      where: { configurationId: configuration.id, revokedAt: null },
      data: { revokedAt: now },
    });
  });
  ctx.events.accessChanged({ configurationId: configuration.id });
  return ctx.db.connectConfiguration.findUniqueOrThrow({ where: { id: configuration.id } });
}
