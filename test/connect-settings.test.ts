// The settings window of a finished configuration.
import { describe, expect, it } from 'vitest';
import {
  ConnectConfigurationDocument,
  DeleteConnectConfigurationDocument,
  EnterExchangePasswordDocument,
  TestConnectionDocument,
  UpdateSyncSettingsDocument,
} from './generated/graphql.js';
import { PASSWORD, registerOwner } from './helpers/accounts.js';
import {
  activeOwnerConfiguration,
  codeOf,
  configurationAs,
  enterPassword,
  expectConnected,
  openLiveSocket,
} from './helpers/connect.js';
import { startTestServer } from './helpers/server.js';

const server = await startTestServer();

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
    expect((await configurationAs(server, configurationId, programToken)).syncIntervalMinutes).toBe(15);
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
    await expectConnected(server, configurationId, newToken);
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
    expect((await configurationAs(server, configurationId, owner.token)).status).toBe('DELETED');
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
