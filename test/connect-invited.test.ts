// The invited path of the connect wizard, and who may take it.
import { describe, expect, it } from 'vitest';
import {
  ConnectConfigurationDocument,
  ConnectWizardNoAccountDocument,
  ConnectWizardSignInDocument,
  FinishConnectWizardDocument,
  StartConnectWizardDocument,
  TestConnectionDocument,
} from './generated/graphql.js';
import { PASSWORD, registerOwner } from './helpers/accounts.js';
import {
  activeOwnerConfiguration,
  codeOf,
  configurationAs,
  expectConnected,
  ownerDraft,
  startWizard,
} from './helpers/connect.js';
import { startTestServer } from './helpers/server.js';

const server = await startTestServer();

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

    const test = await expectConnected(server, configurationId, programToken);
    expect(test.checks.map((check) => check.name)).toContain('SENDER_PRESENT');
    // Each program holds a token for its own configuration only.
    await expectConnected(server, sales.configurationId, sales.programToken);
    const crossed = await server.gql(TestConnectionDocument, { configurationId: sales.configurationId }, programToken);
    expect(codeOf(crossed)).toBe('FORBIDDEN');
    expect(codeOf(await server.gql(ConnectConfigurationDocument, { id: configurationId }, wizardToken))).toBe(
      'UNAUTHENTICATED',
    );
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
      expect((await configurationAs(server, draft.configurationId, draft.wizardToken)).currentStep).toBe('SIGN_IN');
    }

    // Only the owner may run the owner path.
    const ownerPath = await ownerDraft(server, owner);
    const notOwner = await server.query(
      ConnectWizardSignInDocument,
      { input: { configurationId: ownerPath.configurationId, email: sales.senderEmail, password: PASSWORD } },
      ownerPath.wizardToken,
    );
    expect(notOwner.connectWizardSignIn).toMatchObject({ __typename: 'RoleMismatchError', requiredRole: 'OWNER' });
  });
});
