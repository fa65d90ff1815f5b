// Signing in to the wizard: wrong passwords, throttling, a NIP that does not match.
import { describe, expect, it } from 'vitest';
import {
  ConnectWizardSignInDocument,
  EnterExchangePasswordDocument,
  StartConnectWizardDocument,
} from './generated/graphql.js';
import { PASSWORD, registerOwner } from './helpers/accounts.js';
import {
  activateFromMail,
  configurationAs,
  ownerDraft,
  ownerWizard,
  signInToDraft,
  startWizard,
} from './helpers/connect.js';
import { newNip, withBadChecksum } from './helpers/nip.js';
import { startTestServer } from './helpers/server.js';

const server = await startTestServer();

describe('signing in to the wizard', () => {
  it('refuses a wrong password and an invalid NIP', async () => {
    const owner = await registerOwner(server);
    const badNip = withBadChecksum(owner.nip);
    const invalid = await server.query(StartConnectWizardDocument, {
      input: { program: 'HANDEL', companyNip: badNip, path: 'OWNER' },
    });
    expect(invalid.startConnectWizard).toMatchObject({ __typename: 'InvalidNipError', nip: badNip });

    const { configurationId, wizardToken } = await ownerDraft(server, owner);
    const wrong = await server.query(
      ConnectWizardSignInDocument,
      { input: { configurationId, email: owner.email, password: 'a wrong password' } },
      wizardToken,
    );
    expect(wrong.connectWizardSignIn).toMatchObject({ __typename: 'InvalidCredentialsError' });
    expect((await configurationAs(server, configurationId, wizardToken)).currentStep).toBe('SIGN_IN');
  });

  it('throttles repeated wrong passwords in the wizard and for the exchange password', async () => {
    const owner = await registerOwner(server);
    const { configurationId, wizardToken } = await ownerDraft(server, owner);
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
    expect((await configurationAs(server, wizard.configurationId, other.token)).status).toBe('AWAITING_PASSWORD');
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
      const connectWizardSignIn = await signInToDraft(server, { configurationId, wizardToken }, ownerA);
      expect(connectWizardSignIn).toMatchObject({
        __typename: 'NipMismatchError',
        code: 'NIP_MISMATCH',
        programNip: nip,
      });
      expect(await configurationAs(server, configurationId, wizardToken)).toMatchObject({
        currentStep: 'SIGN_IN',
        summary: { ownerEmail: null, companyName: null },
      });
    }
  });
});
