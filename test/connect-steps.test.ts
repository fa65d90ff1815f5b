// The wizard's steps: their order, the wizard token's life, cancelling, expiry and races.
import { describe, expect, it } from 'vitest';
import {
  CancelConnectWizardDocument,
  ConnectConfigurationDocument,
  ConnectWizardNoAccountDocument,
  ConnectWizardSignInDocument,
  EnterExchangePasswordDocument,
  FinishConnectWizardDocument,
  SetExchangeParticipantsDocument,
  TestConnectionDocument,
} from './generated/graphql.js';
import { PASSWORD, registerOwner } from './helpers/accounts.js';
import {
  activateFromMail,
  codeOf,
  configurationAs,
  openLiveSocket,
  ownerDraft,
  ownerSignedIn,
  ownerWizard,
  signInToDraft,
  startWizard,
  uniqueEmail,
} from './helpers/connect.js';
import { startTestServer } from './helpers/server.js';

const server = await startTestServer();
const DAY = 24 * 60 * 60 * 1000;

describe('wizard steps', () => {
  it('refuses steps out of order with the step the wizard is at, and changes nothing', async () => {
    const owner = await registerOwner(server);
    const { configurationId, wizardToken } = await ownerDraft(server, owner);
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
    expect(await configurationAs(server, configurationId, wizardToken)).toMatchObject({
      status: 'DRAFT',
      currentStep: 'SIGN_IN',
      summary: { senderEmail: null, receiverEmail: null, ownerEmail: null },
    });

    await signInToDraft(server, { configurationId, wizardToken }, owner);
    const finishBeforeSummary = await server.query(FinishConnectWizardDocument, { configurationId }, wizardToken);
    expect(finishBeforeSummary.finishConnectWizard).toMatchObject({
      __typename: 'WizardStepError',
      expectedStep: 'PARTICIPANTS',
      attemptedStep: 'FINISH',
    });
    const signInAgain = await signInToDraft(server, { configurationId, wizardToken }, owner);
    expect(signInAgain).toMatchObject({
      __typename: 'WizardStepError',
      expectedStep: 'PARTICIPANTS',
    });
    const noAccount = await server.query(ConnectWizardNoAccountDocument, { configurationId }, wizardToken);
    expect(noAccount.connectWizardNoAccount).toMatchObject({
      __typename: 'WizardStepError',
      expectedStep: 'PARTICIPANTS',
    });
    expect(await configurationAs(server, configurationId, wizardToken)).toMatchObject({
      status: 'DRAFT',
      currentStep: 'PARTICIPANTS',
      finishedAt: null,
    });
    expect(server.smtp.mailsTo(senderEmail)).toHaveLength(0);
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

    const mine = await ownerDraft(server, owner);
    const theirs = await ownerDraft(server, owner);
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
    expect((await configurationAs(server, theirs.configurationId, theirs.wizardToken)).currentStep).toBe('SIGN_IN');
    // A wizard token is not a session: it cannot reach the settings of another configuration either.
    expect(
      codeOf(await server.gql(TestConnectionDocument, { configurationId: theirs.configurationId }, mine.wizardToken)),
    ).toBe('FORBIDDEN');
  });

  it('cancels a draft: its token stops working and it cannot be finished', async () => {
    const owner = await registerOwner(server);
    const { configurationId, wizardToken } = await ownerSignedIn(server, owner);
    const { cancelConnectWizard } = await server.query(CancelConnectWizardDocument, { configurationId }, wizardToken);
    expect(cancelConnectWizard).toMatchObject({
      __typename: 'ConnectConfigurationPayload',
      configuration: { status: 'CANCELLED', currentStep: 'DONE', allowedSteps: [] },
    });
    expect(codeOf(await server.gql(FinishConnectWizardDocument, { configurationId }, wizardToken))).toBe(
      'UNAUTHENTICATED',
    );
    expect((await configurationAs(server, configurationId, owner.token)).status).toBe('CANCELLED');
    const again = await server.query(CancelConnectWizardDocument, { configurationId }, owner.token);
    expect(again.cancelConnectWizard).toMatchObject({ __typename: 'WizardStepError', expectedStep: 'DONE' });

    // The owner's session may cancel a draft of its company too, but not a finished configuration.
    const second = await ownerDraft(server, owner);
    await signInToDraft(server, second, owner);
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
    const { configurationId, wizardToken } = await ownerSignedIn(server, owner);
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
    const { configurationId, wizardToken } = await ownerDraft(server, owner);
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
    const { configurationId, wizardToken } = await ownerDraft(server, owner);
    server.advanceClock(DAY + 1000);
    const signIn = await signInToDraft(server, { configurationId, wizardToken }, owner);
    expect(signIn).toMatchObject({ __typename: 'WizardExpiredError', code: 'WIZARD_EXPIRED' });
    const noAccount = await server.query(ConnectWizardNoAccountDocument, { configurationId }, wizardToken);
    expect(noAccount.connectWizardNoAccount.__typename).toBe('WizardExpiredError');
    const finish = await server.query(FinishConnectWizardDocument, { configurationId }, wizardToken);
    expect(finish.finishConnectWizard.__typename).toBe('WizardExpiredError');
    expect((await configurationAs(server, configurationId, wizardToken)).currentStep).toBe('SIGN_IN');
  });
});
