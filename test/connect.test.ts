import { describe, expect, it } from 'vitest';
import {
  CancelConnectWizardDocument,
  ConnectConfigurationDocument,
  ConnectWizardNoAccountDocument,
  ConnectWizardSignInDocument,
  DeleteConnectConfigurationDocument,
  EnterExchangePasswordDocument,
  FinishConnectWizardDocument,
  SetExchangeParticipantsDocument,
  StartConnectWizardDocument,
  TestConnectionDocument,
  UpdateSyncSettingsDocument,
} from './generated/graphql.js';
import { PASSWORD, registerOwner } from './helpers/accounts.js';
import {
  activateFromMail,
  activeOwnerConfiguration,
  enterPassword,
  openLiveSocket,
  ownerWizard,
  startWizard,
  uniqueEmail,
} from './helpers/connect.js';
import { newNip, withBadChecksum } from './helpers/nip.js';
import { startTestServer, type GraphQLResponse } from './helpers/server.js';

const server = await startTestServer();
const DAY = 24 * 60 * 60 * 1000;

const codeOf = (result: GraphQLResponse<unknown>) => result.errors?.[0]?.extensions?.code;

async function configurationAs(id: string, token: string) {
  return (await server.query(ConnectConfigurationDocument, { id }, token)).connectConfiguration;
}

async function expectConnected(configurationId: string, programToken: string) {
  const { testConnection } = await server.query(TestConnectionDocument, { configurationId }, programToken);
  for (const check of testConnection.checks) expect(check, check.name).toMatchObject({ ok: true });
  expect(testConnection.ok).toBe(true);
  return testConnection;
}

describe('owner path with an account', () => {
  it('runs the wizard, activates both participants, enters the password and tests the connection', async () => {
    const owner = await registerOwner(server);
    const { startConnectWizard } = await server.query(StartConnectWizardDocument, {
      input: { program: 'HANDEL', companyNip: `PL ${owner.nip}`, path: 'OWNER' },
    });
    if (startConnectWizard.__typename !== 'StartConnectWizardPayload') throw new Error(startConnectWizard.__typename);
    const { wizardToken, configuration: draft } = startConnectWizard;
    expect(draft).toMatchObject({
      program: 'HANDEL',
      path: 'OWNER',
      companyNip: owner.nip,
      status: 'DRAFT',
      currentStep: 'SIGN_IN',
      allowedSteps: ['SIGN_IN', 'NO_ACCOUNT', 'CANCEL'],
      syncIntervalMinutes: 15,
    });
    expect(new Date(draft.draftExpiresAt!).getTime() - Date.now()).toBeGreaterThan(DAY - 60_000);
    const configurationId = draft.id;

    // The next steps need the wizard token.
    const withoutToken = await server.gql(ConnectWizardSignInDocument, {
      input: { configurationId, email: owner.email, password: PASSWORD },
    });
    expect(codeOf(withoutToken)).toBe('UNAUTHENTICATED');

    const signedIn = await server.query(
      ConnectWizardSignInDocument,
      { input: { configurationId, email: owner.email.toUpperCase(), password: PASSWORD } },
      wizardToken,
    );
    expect(signedIn.connectWizardSignIn).toMatchObject({
      __typename: 'ConnectConfigurationPayload',
      configuration: {
        currentStep: 'PARTICIPANTS',
        allowedSteps: ['SET_PARTICIPANTS', 'CANCEL'],
        summary: { ownerEmail: owner.email, companyName: `Firma ${owner.nip}` },
      },
    });

    const senderEmail = uniqueEmail('sender');
    const receiverEmail = uniqueEmail('receiver');
    const participants = await server.query(
      SetExchangeParticipantsDocument,
      { input: { configurationId, senderEmail: ` ${senderEmail.toUpperCase()} `, receiverEmail } },
      wizardToken,
    );
    expect(participants.setExchangeParticipants).toMatchObject({
      __typename: 'SetExchangeParticipantsPayload',
      warnings: [],
      configuration: { currentStep: 'SUMMARY', allowedSteps: ['FINISH', 'CANCEL'] },
    });

    const summary = await configurationAs(configurationId, wizardToken);
    expect(summary.summary).toEqual({
      program: 'HANDEL',
      path: 'OWNER',
      companyNip: owner.nip,
      companyName: `Firma ${owner.nip}`,
      ownerEmail: owner.email,
      senderEmail,
      receiverEmail,
      exchangeAccountEmail: senderEmail,
    });
    // Nothing is created or mailed before Finish.
    expect(server.smtp.mailsTo(senderEmail)).toHaveLength(0);

    const { finishConnectWizard } = await server.query(FinishConnectWizardDocument, { configurationId }, wizardToken);
    expect(finishConnectWizard).toMatchObject({
      __typename: 'FinishConnectWizardPayload',
      programToken: null,
      configuration: {
        status: 'AWAITING_ACCEPTANCE',
        currentStep: 'DONE',
        draftExpiresAt: null,
        allowedSteps: ['TEST_CONNECTION', 'UPDATE_SYNC_SETTINGS', 'DELETE'],
      },
    });

    // The sales program asks for the password too early: the sending user has not joined yet.
    const early = await server.query(EnterExchangePasswordDocument, {
      input: { configurationId, password: PASSWORD },
    });
    expect(early.enterExchangePassword).toMatchObject({
      __typename: 'ConfigurationStateError',
      code: 'CONFIGURATION_STATE',
      status: 'AWAITING_ACCEPTANCE',
      // Only a hint: the caller has not proven anything yet.
      message: expect.stringContaining(`${senderEmail[0]}***@${senderEmail.split('@')[1]} has not accepted`),
    });

    // Activating the account created for the invitation is the sending user's consent to join.
    const senderMail = await activateFromMail(server, senderEmail);
    expect(senderMail.text).toContain(`Firma ${owner.nip}`);
    expect(await configurationAs(configurationId, owner.token)).toMatchObject({
      status: 'AWAITING_PASSWORD',
      allowedSteps: ['ENTER_PASSWORD', 'TEST_CONNECTION', 'UPDATE_SYNC_SETTINGS', 'DELETE'],
    });

    const wrong = await server.query(EnterExchangePasswordDocument, {
      input: { configurationId, password: 'not the password at all' },
    });
    expect(wrong.enterExchangePassword.__typename).toBe('InvalidCredentialsError');

    const programToken = await enterPassword(server, configurationId);
    const active = await configurationAs(configurationId, programToken);
    expect(active).toMatchObject({
      status: 'ACTIVE',
      allowedSteps: [
        'ENTER_PASSWORD',
        'TEST_CONNECTION',
        'UPDATE_SYNC_SETTINGS',
        'SHOW_DOCUMENTS',
        'SYNCHRONIZE',
        'DELETE',
      ],
    });

    // Until the receiving user activates, the test names exactly what is missing.
    const half = await server.query(TestConnectionDocument, { configurationId }, programToken);
    expect(half.testConnection.ok).toBe(false);
    expect(half.testConnection.checks.filter((check) => !check.ok).map((check) => check.name)).toEqual([
      'RECEIVER_PRESENT',
    ]);

    await activateFromMail(server, receiverEmail);
    const test = await expectConnected(configurationId, programToken);
    expect(test.checks.map((check) => check.name)).toEqual([
      'PROGRAM_TOKEN',
      'NIP_MATCH',
      'EXCHANGE_ACCOUNT',
      'RECEIVER_PRESENT',
      'PLAN_ALLOWS_SENDING',
    ]);
    // The owner's session sees the same.
    expect((await server.query(TestConnectionDocument, { configurationId }, owner.token)).testConnection.ok).toBe(true);
  });

  it("warns when the owner's own account is a participant, and reuses that account", async () => {
    const owner = await registerOwner(server);
    const { configurationId, wizardToken } = await startWizard(server, {
      program: 'HANDEL_START',
      companyNip: owner.nip,
      path: 'OWNER',
    });
    await server.query(
      ConnectWizardSignInDocument,
      { input: { configurationId, email: owner.email, password: PASSWORD } },
      wizardToken,
    );
    const receiverEmail = uniqueEmail('receiver');
    const { setExchangeParticipants } = await server.query(
      SetExchangeParticipantsDocument,
      { input: { configurationId, senderEmail: owner.email, receiverEmail } },
      wizardToken,
    );
    if (setExchangeParticipants.__typename !== 'SetExchangeParticipantsPayload') {
      throw new Error(setExchangeParticipants.__typename);
    }
    expect(setExchangeParticipants.warnings).toEqual([
      { code: 'OWNER_ACCOUNT_USED', message: expect.stringContaining('sending') },
    ]);
    expect(setExchangeParticipants.configuration.summary).toMatchObject({ senderEmail: owner.email, receiverEmail });

    const { finishConnectWizard } = await server.query(FinishConnectWizardDocument, { configurationId }, wizardToken);
    // The owner named its own account: it joins at once, and the program may ask for its password.
    expect(finishConnectWizard).toMatchObject({ configuration: { status: 'AWAITING_PASSWORD' } });
    const programToken = await enterPassword(server, configurationId);
    await activateFromMail(server, receiverEmail);
    // Mailed in the same transaction as the receiver's invitation: the owner is not mailed about its own act.
    expect(server.smtp.mailsTo(owner.email)).toHaveLength(0);
    await expectConnected(configurationId, programToken);
  });

  it('rejects invalid participant e-mails and warns when one account is on both sides', async () => {
    const owner = await registerOwner(server);
    const { configurationId, wizardToken } = await startWizard(server, {
      program: 'HANDEL',
      companyNip: owner.nip,
      path: 'OWNER',
    });
    await server.query(
      ConnectWizardSignInDocument,
      { input: { configurationId, email: owner.email, password: PASSWORD } },
      wizardToken,
    );
    const invalid = await server.query(
      SetExchangeParticipantsDocument,
      { input: { configurationId, senderEmail: 'not-an-email', receiverEmail: uniqueEmail('r') } },
      wizardToken,
    );
    expect(invalid.setExchangeParticipants).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION' });
    expect((await configurationAs(configurationId, wizardToken)).currentStep).toBe('PARTICIPANTS');

    const both = uniqueEmail('both');
    const same = await server.query(
      SetExchangeParticipantsDocument,
      { input: { configurationId, senderEmail: both, receiverEmail: both } },
      wizardToken,
    );
    if (same.setExchangeParticipants.__typename !== 'SetExchangeParticipantsPayload') throw new Error('failed');
    expect(same.setExchangeParticipants.warnings.map((warning) => warning.code)).toEqual(['SAME_ACCOUNT_BOTH_SIDES']);
    await server.query(FinishConnectWizardDocument, { configurationId }, wizardToken);
    // One account, one activation mail.
    await activateFromMail(server, both);
    expect(server.smtp.mailsTo(both)).toHaveLength(0);
    const programToken = await enterPassword(server, configurationId);
    await expectConnected(configurationId, programToken);
  });
});

describe('owner path without an account', () => {
  it('returns the registration link, ends the draft as abandoned, and after registering goes the first path', async () => {
    const nip = newNip();
    const first = await startWizard(server, { program: 'FAKTURA_START', companyNip: nip, path: 'OWNER' });
    const { connectWizardNoAccount } = await server.query(
      ConnectWizardNoAccountDocument,
      { configurationId: first.configurationId },
      first.wizardToken,
    );
    if (connectWizardNoAccount.__typename !== 'ConnectWizardNoAccountPayload') {
      throw new Error(connectWizardNoAccount.__typename);
    }
    expect(new URL(connectWizardNoAccount.registrationUrl).port).toBe(new URL(server.baseUrl).port);
    expect(connectWizardNoAccount.configuration).toMatchObject({
      status: 'DRAFT',
      currentStep: 'NO_ACCOUNT',
      allowedSteps: ['SIGN_IN', 'FINISH', 'CANCEL'],
    });

    const { finishConnectWizard } = await server.query(
      FinishConnectWizardDocument,
      { configurationId: first.configurationId },
      first.wizardToken,
    );
    expect(finishConnectWizard).toMatchObject({
      __typename: 'FinishConnectWizardPayload',
      programToken: null,
      configuration: { status: 'ABANDONED', currentStep: 'DONE', allowedSteps: [] },
    });
    const reused = await server.gql(ConnectConfigurationDocument, { id: first.configurationId }, first.wizardToken);
    expect(codeOf(reused)).toBe('UNAUTHENTICATED');

    // The owner registers on the portal with the program's NIP, activates, and starts again.
    const owner = await registerOwner(server, { nip });
    const wizard = await ownerWizard(server, owner, { program: 'FAKTURA_START' });
    expect(wizard.finished.configuration).toMatchObject({
      status: 'AWAITING_ACCEPTANCE',
      summary: { companyNip: nip, ownerEmail: owner.email },
    });
    await activateFromMail(server, wizard.senderEmail);
    await activateFromMail(server, wizard.receiverEmail);
    const programToken = await enterPassword(server, wizard.configurationId);
    await expectConnected(wizard.configurationId, programToken);
  });
});

describe('invited user path', () => {
  it('lets the invited receiver configure an accounting program', async () => {
    const owner = await registerOwner(server);
    const sales = await activeOwnerConfiguration(server, owner);

    const { startConnectWizard } = await server.query(StartConnectWizardDocument, {
      input: { program: 'FINANSE_KSIEGOWOSC', companyNip: owner.nip, path: 'INVITED' },
    });
    if (startConnectWizard.__typename !== 'StartConnectWizardPayload') throw new Error(startConnectWizard.__typename);
    const { wizardToken, configuration: draft } = startConnectWizard;
    expect(draft).toMatchObject({ path: 'INVITED', currentStep: 'SIGN_IN', allowedSteps: ['SIGN_IN', 'CANCEL'] });
    const configurationId = draft.id;

    // "I have no account" belongs to the owner path only.
    const noAccount = await server.query(ConnectWizardNoAccountDocument, { configurationId }, wizardToken);
    expect(noAccount.connectWizardNoAccount).toMatchObject({ __typename: 'WizardStepError', expectedStep: 'SIGN_IN' });

    const { connectWizardSignIn } = await server.query(
      ConnectWizardSignInDocument,
      { input: { configurationId, email: sales.receiverEmail, password: PASSWORD } },
      wizardToken,
    );
    expect(connectWizardSignIn).toMatchObject({
      __typename: 'ConnectConfigurationPayload',
      configuration: {
        currentStep: 'SUMMARY',
        allowedSteps: ['FINISH', 'CANCEL'],
        summary: {
          path: 'INVITED',
          companyName: `Firma ${owner.nip}`,
          receiverEmail: sales.receiverEmail,
          exchangeAccountEmail: sales.receiverEmail,
        },
      },
    });

    const { finishConnectWizard } = await server.query(FinishConnectWizardDocument, { configurationId }, wizardToken);
    if (finishConnectWizard.__typename !== 'FinishConnectWizardPayload')
      throw new Error(finishConnectWizard.__typename);
    expect(finishConnectWizard.configuration).toMatchObject({ status: 'ACTIVE', currentStep: 'DONE' });
    const programToken = finishConnectWizard.programToken!;
    expect(programToken).toEqual(expect.any(String));

    const test = await expectConnected(configurationId, programToken);
    expect(test.checks.map((check) => check.name)).toContain('SENDER_PRESENT');
    // Each program holds a token for its own configuration only.
    await expectConnected(sales.configurationId, sales.programToken);
    const crossed = await server.gql(TestConnectionDocument, { configurationId: sales.configurationId }, programToken);
    expect(codeOf(crossed)).toBe('FORBIDDEN');
    expect(codeOf(await server.gql(ConnectConfigurationDocument, { id: configurationId }, wizardToken))).toBe(
      'UNAUTHENTICATED',
    );
  });
});

describe('wizard refusals', () => {
  it('refuses steps out of order with the step the wizard is at, and changes nothing', async () => {
    const owner = await registerOwner(server);
    const { configurationId, wizardToken } = await startWizard(server, {
      program: 'HANDEL',
      companyNip: owner.nip,
      path: 'OWNER',
    });
    const senderEmail = uniqueEmail('early-sender');
    const early = await server.query(
      SetExchangeParticipantsDocument,
      { input: { configurationId, senderEmail, receiverEmail: uniqueEmail('early-receiver') } },
      wizardToken,
    );
    expect(early.setExchangeParticipants).toMatchObject({
      __typename: 'WizardStepError',
      code: 'WIZARD_STEP',
      expectedStep: 'SIGN_IN',
      attemptedStep: 'SET_PARTICIPANTS',
    });
    const earlyFinish = await server.query(FinishConnectWizardDocument, { configurationId }, wizardToken);
    expect(earlyFinish.finishConnectWizard).toMatchObject({
      __typename: 'WizardStepError',
      expectedStep: 'SIGN_IN',
      attemptedStep: 'FINISH',
    });
    expect(await configurationAs(configurationId, wizardToken)).toMatchObject({
      status: 'DRAFT',
      currentStep: 'SIGN_IN',
      summary: { senderEmail: null, receiverEmail: null, ownerEmail: null },
    });

    await server.query(
      ConnectWizardSignInDocument,
      { input: { configurationId, email: owner.email, password: PASSWORD } },
      wizardToken,
    );
    const finishBeforeSummary = await server.query(FinishConnectWizardDocument, { configurationId }, wizardToken);
    expect(finishBeforeSummary.finishConnectWizard).toMatchObject({
      __typename: 'WizardStepError',
      expectedStep: 'PARTICIPANTS',
      attemptedStep: 'FINISH',
    });
    const signInAgain = await server.query(
      ConnectWizardSignInDocument,
      { input: { configurationId, email: owner.email, password: PASSWORD } },
      wizardToken,
    );
    expect(signInAgain.connectWizardSignIn).toMatchObject({
      __typename: 'WizardStepError',
      expectedStep: 'PARTICIPANTS',
    });
    const noAccount = await server.query(ConnectWizardNoAccountDocument, { configurationId }, wizardToken);
    expect(noAccount.connectWizardNoAccount).toMatchObject({
      __typename: 'WizardStepError',
      expectedStep: 'PARTICIPANTS',
    });
    expect(await configurationAs(configurationId, wizardToken)).toMatchObject({
      status: 'DRAFT',
      currentStep: 'PARTICIPANTS',
      finishedAt: null,
    });
    expect(server.smtp.mailsTo(senderEmail)).toHaveLength(0);
  });

  it('refuses a wrong password and an invalid NIP', async () => {
    const owner = await registerOwner(server);
    const badNip = withBadChecksum(owner.nip);
    const invalid = await server.query(StartConnectWizardDocument, {
      input: { program: 'HANDEL', companyNip: badNip, path: 'OWNER' },
    });
    expect(invalid.startConnectWizard).toMatchObject({ __typename: 'InvalidNipError', nip: badNip });

    const { configurationId, wizardToken } = await startWizard(server, {
      program: 'HANDEL',
      companyNip: owner.nip,
      path: 'OWNER',
    });
    const wrong = await server.query(
      ConnectWizardSignInDocument,
      { input: { configurationId, email: owner.email, password: 'a wrong password' } },
      wizardToken,
    );
    expect(wrong.connectWizardSignIn).toMatchObject({ __typename: 'InvalidCredentialsError' });
    expect((await configurationAs(configurationId, wizardToken)).currentStep).toBe('SIGN_IN');
  });

  it('throttles repeated wrong passwords in the wizard and for the exchange password', async () => {
    const owner = await registerOwner(server);
    const { configurationId, wizardToken } = await startWizard(server, {
      program: 'HANDEL',
      companyNip: owner.nip,
      path: 'OWNER',
    });
    const attempt = (password: string) =>
      server.query(
        ConnectWizardSignInDocument,
        { input: { configurationId, email: owner.email, password } },
        wizardToken,
      );
    for (let i = 0; i < 5; i++) {
      expect((await attempt(`wrong password ${i}`)).connectWizardSignIn.__typename).toBe('InvalidCredentialsError');
    }
    const locked = await attempt(PASSWORD);
    expect(locked.connectWizardSignIn).toMatchObject({ __typename: 'TooManyAttemptsError', code: 'TOO_MANY_ATTEMPTS' });

    const other = await registerOwner(server);
    const wizard = await ownerWizard(server, other);
    await activateFromMail(server, wizard.senderEmail);
    const enter = (password: string) =>
      server.query(EnterExchangePasswordDocument, { input: { configurationId: wizard.configurationId, password } });
    for (let i = 0; i < 5; i++) {
      expect((await enter(`wrong password ${i}`)).enterExchangePassword.__typename).toBe('InvalidCredentialsError');
    }
    expect((await enter(PASSWORD)).enterExchangePassword.__typename).toBe('TooManyAttemptsError');
    expect((await configurationAs(wizard.configurationId, other.token)).status).toBe('AWAITING_PASSWORD');
  });

  it("refuses an owner whose company's NIP differs from the program's", async () => {
    const ownerA = await registerOwner(server);
    const ownerB = await registerOwner(server);
    for (const nip of [ownerB.nip, newNip()]) {
      const { configurationId, wizardToken } = await startWizard(server, {
        program: 'HANDEL',
        companyNip: nip,
        path: 'OWNER',
      });
      const { connectWizardSignIn } = await server.query(
        ConnectWizardSignInDocument,
        { input: { configurationId, email: ownerA.email, password: PASSWORD } },
        wizardToken,
      );
      expect(connectWizardSignIn).toMatchObject({
        __typename: 'NipMismatchError',
        code: 'NIP_MISMATCH',
        programNip: nip,
      });
      expect(await configurationAs(configurationId, wizardToken)).toMatchObject({
        currentStep: 'SIGN_IN',
        summary: { ownerEmail: null, companyName: null },
      });
    }
  });

  it('refuses an invited account of another company, and an account without the role the program needs', async () => {
    const owner = await registerOwner(server);
    const other = await registerOwner(server);
    const sales = await activeOwnerConfiguration(server, owner);

    // The receiver of company A into a draft for company B's NIP.
    const foreign = await startWizard(server, {
      program: 'FINANSE_KSIEGOWOSC',
      companyNip: other.nip,
      path: 'INVITED',
    });
    const mismatch = await server.query(
      ConnectWizardSignInDocument,
      { input: { configurationId: foreign.configurationId, email: sales.receiverEmail, password: PASSWORD } },
      foreign.wizardToken,
    );
    expect(mismatch.connectWizardSignIn).toMatchObject({ __typename: 'NipMismatchError', programNip: other.nip });

    // The sending user may not configure an accounting program, nor the receiving user a sales program.
    for (const [program, email, requiredRole] of [
      ['FINANSE_KSIEGOWOSC', sales.senderEmail, 'RECEIVER'],
      ['MALA_KSIEGOWOSC_START', owner.email, 'RECEIVER'],
      ['HANDEL_MAGAZYN', sales.receiverEmail, 'SENDER'],
    ] as const) {
      const draft = await startWizard(server, { program, companyNip: owner.nip, path: 'INVITED' });
      const { connectWizardSignIn } = await server.query(
        ConnectWizardSignInDocument,
        { input: { configurationId: draft.configurationId, email, password: PASSWORD } },
        draft.wizardToken,
      );
      expect(connectWizardSignIn, `${email} for ${program}`).toMatchObject({
        __typename: 'RoleMismatchError',
        code: 'ROLE_MISMATCH',
        requiredRole,
      });
      expect((await configurationAs(draft.configurationId, draft.wizardToken)).currentStep).toBe('SIGN_IN');
    }

    // Only the owner may run the owner path.
    const ownerPath = await startWizard(server, { program: 'HANDEL', companyNip: owner.nip, path: 'OWNER' });
    const notOwner = await server.query(
      ConnectWizardSignInDocument,
      { input: { configurationId: ownerPath.configurationId, email: sales.senderEmail, password: PASSWORD } },
      ownerPath.wizardToken,
    );
    expect(notOwner.connectWizardSignIn).toMatchObject({ __typename: 'RoleMismatchError', requiredRole: 'OWNER' });
  });

  it('refuses a wizard token after Finish, and a wizard token of another draft', async () => {
    const owner = await registerOwner(server);
    const wizard = await ownerWizard(server, owner);
    for (const result of [
      await server.gql(FinishConnectWizardDocument, { configurationId: wizard.configurationId }, wizard.wizardToken),
      await server.gql(
        SetExchangeParticipantsDocument,
        {
          input: {
            configurationId: wizard.configurationId,
            senderEmail: uniqueEmail('s'),
            receiverEmail: uniqueEmail('r'),
          },
        },
        wizard.wizardToken,
      ),
      await server.gql(ConnectConfigurationDocument, { id: wizard.configurationId }, wizard.wizardToken),
      await server.gql(CancelConnectWizardDocument, { configurationId: wizard.configurationId }, wizard.wizardToken),
    ]) {
      expect(codeOf(result)).toBe('UNAUTHENTICATED');
    }

    const mine = await startWizard(server, { program: 'HANDEL', companyNip: owner.nip, path: 'OWNER' });
    const theirs = await startWizard(server, { program: 'HANDEL', companyNip: owner.nip, path: 'OWNER' });
    for (const result of [
      await server.gql(
        ConnectWizardSignInDocument,
        { input: { configurationId: theirs.configurationId, email: owner.email, password: PASSWORD } },
        mine.wizardToken,
      ),
      await server.gql(ConnectWizardNoAccountDocument, { configurationId: theirs.configurationId }, mine.wizardToken),
      await server.gql(FinishConnectWizardDocument, { configurationId: theirs.configurationId }, mine.wizardToken),
      await server.gql(CancelConnectWizardDocument, { configurationId: theirs.configurationId }, mine.wizardToken),
      await server.gql(ConnectConfigurationDocument, { id: theirs.configurationId }, mine.wizardToken),
    ]) {
      expect(codeOf(result)).toBe('FORBIDDEN');
    }
    expect((await configurationAs(theirs.configurationId, theirs.wizardToken)).currentStep).toBe('SIGN_IN');
    // A wizard token is not a session: it cannot reach the settings of another configuration either.
    expect(
      codeOf(await server.gql(TestConnectionDocument, { configurationId: theirs.configurationId }, mine.wizardToken)),
    ).toBe('FORBIDDEN');
  });

  it('cancels a draft: its token stops working and it cannot be finished', async () => {
    const owner = await registerOwner(server);
    const { configurationId, wizardToken } = await startWizard(server, {
      program: 'HANDEL',
      companyNip: owner.nip,
      path: 'OWNER',
    });
    await server.query(
      ConnectWizardSignInDocument,
      { input: { configurationId, email: owner.email, password: PASSWORD } },
      wizardToken,
    );
    const { cancelConnectWizard } = await server.query(CancelConnectWizardDocument, { configurationId }, wizardToken);
    expect(cancelConnectWizard).toMatchObject({
      __typename: 'ConnectConfigurationPayload',
      configuration: { status: 'CANCELLED', currentStep: 'DONE', allowedSteps: [] },
    });
    expect(codeOf(await server.gql(FinishConnectWizardDocument, { configurationId }, wizardToken))).toBe(
      'UNAUTHENTICATED',
    );
    expect((await configurationAs(configurationId, owner.token)).status).toBe('CANCELLED');
    const again = await server.query(CancelConnectWizardDocument, { configurationId }, owner.token);
    expect(again.cancelConnectWizard).toMatchObject({ __typename: 'WizardStepError', expectedStep: 'DONE' });

    // The owner's session may cancel a draft of its company too, but not a finished configuration.
    const second = await startWizard(server, { program: 'HANDEL', companyNip: owner.nip, path: 'OWNER' });
    await server.query(
      ConnectWizardSignInDocument,
      { input: { configurationId: second.configurationId, email: owner.email, password: PASSWORD } },
      second.wizardToken,
    );
    const byOwner = await server.query(
      CancelConnectWizardDocument,
      { configurationId: second.configurationId },
      owner.token,
    );
    expect(byOwner.cancelConnectWizard).toMatchObject({ configuration: { status: 'CANCELLED' } });
    expect(
      codeOf(await server.gql(ConnectConfigurationDocument, { id: second.configurationId }, second.wizardToken)),
    ).toBe('UNAUTHENTICATED');
    const finished = await ownerWizard(server, owner);
    const notDraft = await server.query(
      CancelConnectWizardDocument,
      { configurationId: finished.configurationId },
      owner.token,
    );
    expect(notDraft.cancelConnectWizard).toMatchObject({ __typename: 'WizardStepError', expectedStep: 'DONE' });
  });

  it('finishes a draft once when Finish is pressed twice at the same time', async () => {
    const owner = await registerOwner(server);
    const { configurationId, wizardToken } = await startWizard(server, {
      program: 'HANDEL',
      companyNip: owner.nip,
      path: 'OWNER',
    });
    await server.query(
      ConnectWizardSignInDocument,
      { input: { configurationId, email: owner.email, password: PASSWORD } },
      wizardToken,
    );
    const senderEmail = uniqueEmail('twice-sender');
    const receiverEmail = uniqueEmail('twice-receiver');
    await server.query(
      SetExchangeParticipantsDocument,
      { input: { configurationId, senderEmail, receiverEmail } },
      wizardToken,
    );
    const results = await Promise.all(
      [1, 2].map(() => server.gql(FinishConnectWizardDocument, { configurationId }, wizardToken)),
    );
    const outcomes = results.map((result) => result.data?.finishConnectWizard.__typename ?? codeOf(result)).sort();
    expect(outcomes[0]).toBe('FinishConnectWizardPayload');
    expect(['UNAUTHENTICATED', 'WizardStepError']).toContain(outcomes[1]);
    // Only the Finish that committed queued mails: each participant gets one.
    await activateFromMail(server, senderEmail);
    await activateFromMail(server, receiverEmail);
    expect(server.smtp.mailsTo(senderEmail)).toHaveLength(0);
    expect(server.smtp.mailsTo(receiverEmail)).toHaveLength(0);

    // The invited path: two Finishes never give two program tokens.
    const draft = await startWizard(server, { program: 'FINANSE_KSIEGOWOSC', companyNip: owner.nip, path: 'INVITED' });
    await server.query(
      ConnectWizardSignInDocument,
      { input: { configurationId: draft.configurationId, email: receiverEmail, password: PASSWORD } },
      draft.wizardToken,
    );
    const finishes = await Promise.all(
      [1, 2].map(() =>
        server.gql(FinishConnectWizardDocument, { configurationId: draft.configurationId }, draft.wizardToken),
      ),
    );
    const tokens = finishes.flatMap((result) => {
      const payload = result.data?.finishConnectWizard;
      return payload?.__typename === 'FinishConnectWizardPayload' && payload.programToken ? [payload.programToken] : [];
    });
    expect(tokens).toHaveLength(1);
  });

  it('keeps exactly one program token when the password is entered twice at the same time', async () => {
    const owner = await registerOwner(server);
    const wizard = await ownerWizard(server, owner);
    await activateFromMail(server, wizard.senderEmail);
    await activateFromMail(server, wizard.receiverEmail);
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        server.query(EnterExchangePasswordDocument, {
          input: { configurationId: wizard.configurationId, password: PASSWORD },
        }),
      ),
    );
    const tokens = results.flatMap(({ enterExchangePassword: payload }) =>
      payload.__typename === 'EnterExchangePasswordPayload' ? [payload.programToken] : [],
    );
    expect(tokens.length).toBeGreaterThan(0);
    const working = [];
    for (const token of tokens) {
      const result = await server.gql(TestConnectionDocument, { configurationId: wizard.configurationId }, token);
      if (result.data?.testConnection.ok) working.push(token);
    }
    expect(working).toHaveLength(1);
  });

  it('closes a socket opened with the wizard token once the wizard is finished', async () => {
    const owner = await registerOwner(server);
    const { configurationId, wizardToken } = await startWizard(server, {
      program: 'HANDEL',
      companyNip: owner.nip,
      path: 'OWNER',
    });
    const socket = await openLiveSocket(server, wizardToken);
    expect(
      await socket.run('query ($id: ID!) { connectConfiguration(id: $id) { currentStep } }', { id: configurationId }),
    ).toEqual({ data: { connectConfiguration: { currentStep: 'SIGN_IN' } } });
    await server.query(ConnectWizardNoAccountDocument, { configurationId }, wizardToken);
    expect(socket.isClosed()).toBe(false);
    await server.query(FinishConnectWizardDocument, { configurationId }, wizardToken);
    await expect(socket.closed()).resolves.toMatchObject({ code: 4403 });
  });

  it('refuses every step of a draft older than 24 hours', async () => {
    const owner = await registerOwner(server);
    const { configurationId, wizardToken } = await startWizard(server, {
      program: 'HANDEL',
      companyNip: owner.nip,
      path: 'OWNER',
    });
    server.advanceClock(DAY + 1000);
    const signIn = await server.query(
      ConnectWizardSignInDocument,
      { input: { configurationId, email: owner.email, password: PASSWORD } },
      wizardToken,
    );
    expect(signIn.connectWizardSignIn).toMatchObject({ __typename: 'WizardExpiredError', code: 'WIZARD_EXPIRED' });
    const noAccount = await server.query(ConnectWizardNoAccountDocument, { configurationId }, wizardToken);
    expect(noAccount.connectWizardNoAccount.__typename).toBe('WizardExpiredError');
    const finish = await server.query(FinishConnectWizardDocument, { configurationId }, wizardToken);
    expect(finish.finishConnectWizard.__typename).toBe('WizardExpiredError');
    expect((await configurationAs(configurationId, wizardToken)).currentStep).toBe('SIGN_IN');
  });
});

describe('settings of a configuration', () => {
  it('validates the synchronisation interval', async () => {
    const owner = await registerOwner(server);
    const { configurationId, programToken } = await activeOwnerConfiguration(server, owner);
    for (const syncIntervalMinutes of [0, 1441, -5]) {
      const { updateSyncSettings } = await server.query(
        UpdateSyncSettingsDocument,
        { input: { configurationId, syncIntervalMinutes } },
        programToken,
      );
      expect(updateSyncSettings).toMatchObject({
        __typename: 'ValidationError',
        code: 'VALIDATION',
        field: 'syncIntervalMinutes',
      });
    }
    expect((await configurationAs(configurationId, programToken)).syncIntervalMinutes).toBe(15);
    const { updateSyncSettings } = await server.query(
      UpdateSyncSettingsDocument,
      { input: { configurationId, syncIntervalMinutes: 30 } },
      programToken,
    );
    expect(updateSyncSettings).toMatchObject({ configuration: { syncIntervalMinutes: 30 } });
    const byOwner = await server.query(
      UpdateSyncSettingsDocument,
      { input: { configurationId, syncIntervalMinutes: 1440 } },
      owner.token,
    );
    expect(byOwner.updateSyncSettings).toMatchObject({ configuration: { syncIntervalMinutes: 1440 } });
    expect(
      codeOf(await server.gql(UpdateSyncSettingsDocument, { input: { configurationId, syncIntervalMinutes: 5 } })),
    ).toBe('UNAUTHENTICATED');
  });

  it('replaces the program token when the password is entered again', async () => {
    const owner = await registerOwner(server);
    const { configurationId, programToken } = await activeOwnerConfiguration(server, owner);
    const socket = await openLiveSocket(server, programToken);
    const newToken = await enterPassword(server, configurationId);
    expect(codeOf(await server.gql(TestConnectionDocument, { configurationId }, programToken))).toBe('UNAUTHENTICATED');
    await expect(socket.closed()).resolves.toMatchObject({ code: 4403 });
    await expectConnected(configurationId, newToken);
  });

  it('deletes a configuration: its program token is refused and its open socket is closed', async () => {
    const owner = await registerOwner(server);
    const { configurationId, programToken } = await activeOwnerConfiguration(server, owner);

    const socket = await openLiveSocket(server, programToken);
    const overSocket = await socket.run('query ($id: ID!) { connectConfiguration(id: $id) { status } }', {
      id: configurationId,
    });
    expect(overSocket).toEqual({ data: { connectConfiguration: { status: 'ACTIVE' } } });
    expect(socket.isClosed()).toBe(false);

    const { deleteConnectConfiguration } = await server.query(
      DeleteConnectConfigurationDocument,
      { configurationId },
      owner.token,
    );
    expect(deleteConnectConfiguration).toMatchObject({
      __typename: 'ConnectConfigurationPayload',
      configuration: { status: 'DELETED', allowedSteps: [] },
    });
    const refused = await server.gql(TestConnectionDocument, { configurationId }, programToken);
    expect(codeOf(refused)).toBe('UNAUTHENTICATED');
    await expect(socket.closed()).resolves.toMatchObject({ code: 4403 });
    // A new socket with the token is refused outright.
    await expect(openLiveSocket(server, programToken)).rejects.toThrow(/closed before/);

    // The password no longer revives it, and it cannot be deleted twice.
    const revived = await server.query(EnterExchangePasswordDocument, {
      input: { configurationId, password: PASSWORD },
    });
    expect(revived.enterExchangePassword).toMatchObject({ __typename: 'ConfigurationStateError', status: 'DELETED' });
    const twice = await server.query(DeleteConnectConfigurationDocument, { configurationId }, owner.token);
    expect(twice.deleteConnectConfiguration).toMatchObject({
      __typename: 'ConfigurationStateError',
      status: 'DELETED',
    });
    const sync = await server.query(
      UpdateSyncSettingsDocument,
      { input: { configurationId, syncIntervalMinutes: 30 } },
      owner.token,
    );
    expect(sync.updateSyncSettings.__typename).toBe('ConfigurationStateError');
  });

  it('lets a program delete its own configuration', async () => {
    const owner = await registerOwner(server);
    const { configurationId, programToken } = await activeOwnerConfiguration(server, owner);
    const { deleteConnectConfiguration } = await server.query(
      DeleteConnectConfigurationDocument,
      { configurationId },
      programToken,
    );
    expect(deleteConnectConfiguration).toMatchObject({ configuration: { status: 'DELETED' } });
    expect(codeOf(await server.gql(ConnectConfigurationDocument, { id: configurationId }, programToken))).toBe(
      'UNAUTHENTICATED',
    );
    expect((await configurationAs(configurationId, owner.token)).status).toBe('DELETED');
  });

  it("keeps another company's owner out of a configuration", async () => {
    const owner = await registerOwner(server);
    const stranger = await registerOwner(server);
    const { configurationId } = await activeOwnerConfiguration(server, owner);
    for (const result of [
      await server.gql(ConnectConfigurationDocument, { id: configurationId }, stranger.token),
      await server.gql(TestConnectionDocument, { configurationId }, stranger.token),
      await server.gql(DeleteConnectConfigurationDocument, { configurationId }, stranger.token),
    ]) {
      expect(codeOf(result)).toBe('NOT_FOUND');
    }
    expect(codeOf(await server.gql(TestConnectionDocument, { configurationId }))).toBe('UNAUTHENTICATED');
  });
});
