// The owner path of the connect wizard: with an account, and without one.
import { describe, expect, it } from 'vitest';
import {
  ConnectConfigurationDocument,
  ConnectWizardNoAccountDocument,
  ConnectWizardSignInDocument,
  EnterExchangePasswordDocument,
  FinishConnectWizardDocument,
  SetExchangeParticipantsDocument,
  StartConnectWizardDocument,
  TestConnectionDocument,
} from './generated/graphql.js';
import { PASSWORD, registerOwner } from './helpers/accounts.js';
import {
  activateFromMail,
  codeOf,
  configurationAs,
  enterPassword,
  expectConnected,
  ownerSignedIn,
  ownerWizard,
  startWizard,
  uniqueEmail,
} from './helpers/connect.js';
import { newNip } from './helpers/nip.js';
import { startTestServer } from './helpers/server.js';

const server = await startTestServer();
const DAY = 24 * 60 * 60 * 1000;

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

    const summary = await configurationAs(server, configurationId, wizardToken);
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
    expect(await configurationAs(server, configurationId, owner.token)).toMatchObject({
      status: 'AWAITING_PASSWORD',
      allowedSteps: ['ENTER_PASSWORD', 'TEST_CONNECTION', 'UPDATE_SYNC_SETTINGS', 'DELETE'],
    });

    const wrong = await server.query(EnterExchangePasswordDocument, {
      input: { configurationId, password: 'not the password at all' },
    });
    expect(wrong.enterExchangePassword.__typename).toBe('InvalidCredentialsError');

    const programToken = await enterPassword(server, configurationId);
    const active = await configurationAs(server, configurationId, programToken);
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
    const test = await expectConnected(server, configurationId, programToken);
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
    const { configurationId, wizardToken } = await ownerSignedIn(server, owner, 'HANDEL_START');
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
    await expectConnected(server, configurationId, programToken);
  });

  it('rejects invalid participant e-mails and warns when one account is on both sides', async () => {
    const owner = await registerOwner(server);
    const { configurationId, wizardToken } = await ownerSignedIn(server, owner);
    const invalid = await server.query(
      SetExchangeParticipantsDocument,
      { input: { configurationId, senderEmail: 'not-an-email', receiverEmail: uniqueEmail('r') } },
      wizardToken,
    );
    expect(invalid.setExchangeParticipants).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION' });
    expect((await configurationAs(server, configurationId, wizardToken)).currentStep).toBe('PARTICIPANTS');

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
    await expectConnected(server, configurationId, programToken);
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
    await expectConnected(server, wizard.configurationId, programToken);
  });
});
