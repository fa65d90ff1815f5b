import { describe, expect, it } from 'vitest';
import {
  ConnectWizardSignInDocument,
  DeleteConnectConfigurationDocument,
  EnterExchangePasswordDocument,
  FinishConnectWizardDocument,
  OfficeConfigurationDocument,
  StartConnectWizardDocument,
  TestOfficeConnectionDocument,
  UpdateOfficeRemindersDocument,
  UpdateSyncSettingsDocument,
} from './generated/graphql.js';
import { PASSWORD, registerOwner } from './helpers/accounts.js';
import { openLiveSocket } from './helpers/connect.js';
import { addClient, officeWithClients, removeOffice, withdrawReceiving } from './helpers/offices.js';
import { startTestServer } from './helpers/server.js';

const server = await startTestServer();

async function startOffice(input: {
  program?: 'FINANSE_KSIEGOWOSC' | 'HANDEL';
  companyNip?: string;
  path?: 'OFFICE' | 'OWNER';
}) {
  const { startConnectWizard } = await server.query(StartConnectWizardDocument, {
    input: {
      program: input.program ?? 'FINANSE_KSIEGOWOSC',
      companyNip: input.companyNip,
      path: input.path ?? 'OFFICE',
    },
  });
  return startConnectWizard;
}

describe('the office path of the wizard', () => {
  it('connects one accounting program for every company where the account is the receiving user', async () => {
    const office = await officeWithClients(server, 2);
    const { connectConfiguration } = await server.query(
      OfficeConfigurationDocument,
      { id: office.configurationId },
      office.token,
    );
    expect(connectConfiguration).toMatchObject({
      path: 'OFFICE',
      program: 'FINANSE_KSIEGOWOSC',
      status: 'ACTIVE',
      currentStep: 'DONE',
      companyNip: null,
      reminderAfterHours: null,
      allowedSteps: [
        'ENTER_PASSWORD',
        'TEST_CONNECTION',
        'UPDATE_SYNC_SETTINGS',
        'UPDATE_REMINDERS',
        'SHOW_DOCUMENTS',
        'DELETE',
      ],
      summary: { companyNip: null, exchangeAccountEmail: office.email, receiverEmail: office.email },
    });
    expect(connectConfiguration.clientCompanies.map((c) => c.nip).sort()).toEqual(
      office.clients.map((c) => c.nip).sort(),
    );
  });

  it('refuses a NIP, a sales program, and an account that receives for no company, saying why', async () => {
    expect(await startOffice({ companyNip: '5260001246' })).toMatchObject({
      __typename: 'ValidationError',
      field: 'companyNip',
      message: 'An office program connects without a company NIP: leave companyNip out',
    });
    expect(await startOffice({ program: 'HANDEL' })).toMatchObject({ __typename: 'ValidationError', field: 'program' });
    expect(await startOffice({ path: 'OWNER' })).toMatchObject({ __typename: 'ValidationError', field: 'companyNip' });

    // An owner receives for its company only as the owner, not as the company's receiving user.
    const owner = await registerOwner(server);
    const started = await startOffice({});
    if (started.__typename !== 'StartConnectWizardPayload') throw new Error(JSON.stringify(started));
    const { connectWizardSignIn } = await server.query(
      ConnectWizardSignInDocument,
      { input: { configurationId: started.configuration.id, email: owner.email, password: PASSWORD } },
      started.wizardToken,
    );
    expect(connectWizardSignIn).toMatchObject({
      __typename: 'NoClientCompaniesError',
      code: 'NO_CLIENT_COMPANIES',
      message: expect.stringContaining('receiving user'),
    });

    // An office that loses its only client between signing in and Finish gets no token.
    const office = await officeWithClients(server, 1);
    const again = await startOffice({});
    if (again.__typename !== 'StartConnectWizardPayload') throw new Error(JSON.stringify(again));
    await server.query(
      ConnectWizardSignInDocument,
      { input: { configurationId: again.configuration.id, email: office.email, password: PASSWORD } },
      again.wizardToken,
    );
    await removeOffice(server, office.clients[0]!);
    const { finishConnectWizard } = await server.query(
      FinishConnectWizardDocument,
      { configurationId: again.configuration.id },
      again.wizardToken,
    );
    expect(finishConnectWizard).toMatchObject({ __typename: 'NoClientCompaniesError' });
    const { enterExchangePassword } = await server.query(EnterExchangePasswordDocument, {
      input: { configurationId: office.configurationId, password: PASSWORD },
    });
    expect(enterExchangePassword).toMatchObject({ __typename: 'NoClientCompaniesError' });
  });

  it('keeps the settings window working: test connection client by client, sync interval, reminders, password, delete', async () => {
    const office = await officeWithClients(server, 2);
    const [serving, withdrawn] = office.clients;
    await withdrawReceiving(server, withdrawn!);
    const { testConnection } = await server.query(
      TestOfficeConnectionDocument,
      { configurationId: office.configurationId },
      office.token,
    );
    expect(testConnection.checks.map((c) => [c.name, c.ok])).toEqual([
      ['PROGRAM_TOKEN', true],
      ['OFFICE_ACCOUNT', true],
      ['CLIENTS', true],
    ]);
    expect(testConnection.checks[2]!.message).toBe('The office serves 1 client company');
    const byNip = new Map(testConnection.clients.map((c) => [c.company.nip, c]));
    expect(byNip.get(serving!.nip)).toMatchObject({ ok: true });
    expect(byNip.get(serving!.nip)!.checks.map((c) => c.name)).toEqual([
      'EXCHANGE_ACCOUNT',
      'SENDER_PRESENT',
      'PLAN_ALLOWS_SENDING',
    ]);
    expect(
      byNip
        .get(withdrawn!.nip)!
        .checks.filter((c) => !c.ok)
        .map((c) => c.name),
    ).toEqual(['EXCHANGE_ACCOUNT']);
    expect(testConnection.ok).toBe(false);

    // The office account's own session manages its office configuration too.
    const session = await server.signIn(office.email, PASSWORD);
    const bySession = await server.query(
      TestOfficeConnectionDocument,
      { configurationId: office.configurationId },
      session,
    );
    expect(bySession.testConnection.clients).toHaveLength(2);

    const { updateSyncSettings } = await server.query(
      UpdateSyncSettingsDocument,
      { input: { configurationId: office.configurationId, syncIntervalMinutes: 30 } },
      office.token,
    );
    expect(updateSyncSettings).toMatchObject({ configuration: { syncIntervalMinutes: 30 } });
    const reminders = (
      reminderAfterHours: number | null,
      token = office.token,
      configurationId = office.configurationId,
    ) => server.query(UpdateOfficeRemindersDocument, { input: { configurationId, reminderAfterHours } }, token);
    expect((await reminders(0)).updateOfficeReminders).toMatchObject({
      __typename: 'ValidationError',
      field: 'reminderAfterHours',
    });
    expect((await reminders(48)).updateOfficeReminders).toMatchObject({ configuration: { reminderAfterHours: 48 } });
    expect((await reminders(null, session)).updateOfficeReminders).toMatchObject({
      configuration: { reminderAfterHours: null },
    });
    const notAnOffice = await reminders(24, serving!.owner.token, serving!.salesConfigurationId);
    expect(notAnOffice.updateOfficeReminders).toMatchObject({
      __typename: 'ValidationError',
      field: 'configurationId',
    });

    // "Wprowadź hasło": a new token replaces the old one.
    const { enterExchangePassword } = await server.query(EnterExchangePasswordDocument, {
      input: { configurationId: office.configurationId, password: PASSWORD },
    });
    if (enterExchangePassword.__typename !== 'EnterExchangePasswordPayload') throw new Error('no new token');
    expect((await server.gql(OfficeConfigurationDocument, { id: office.configurationId }, office.token)).status).toBe(
      401,
    );
    const token = enterExchangePassword.programToken;

    // Deleting the configuration ends the token and closes its open connections.
    const socket = await openLiveSocket(server, token);
    const { deleteConnectConfiguration } = await server.query(
      DeleteConnectConfigurationDocument,
      { configurationId: office.configurationId },
      token,
    );
    expect(deleteConnectConfiguration).toMatchObject({ configuration: { status: 'DELETED' } });
    expect((await socket.closed()).code).toBe(4403);
    expect((await server.gql(OfficeConfigurationDocument, { id: office.configurationId }, token)).status).toBe(401);
  });

  it('lets a company add the office to an existing office program without running the wizard again', async () => {
    const office = await officeWithClients(server, 1);
    const later = await addClient(server, office.email);
    const { connectConfiguration } = await server.query(
      OfficeConfigurationDocument,
      { id: office.configurationId },
      office.token,
    );
    expect(connectConfiguration.clientCompanies.map((c) => c.nip).sort()).toEqual(
      [office.clients[0]!.nip, later.nip].sort(),
    );
  });
});
