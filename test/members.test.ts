import { describe, expect, it } from 'vitest';
import {
  ChangeMemberRoleDocument,
  CompanyMembersDocument,
  ConnectConfigurationDocument,
  ConnectWizardSignInDocument,
  EnterExchangePasswordDocument,
  InviteMemberDocument,
  RemoveMemberDocument,
  SetMemberPermissionsDocument,
  TestConnectionDocument,
  type Permission,
} from './generated/graphql.js';
import { PASSWORD, registerOwner } from './helpers/accounts.js';
import {
  acceptInvitationAs,
  activateFromMail,
  activeOwnerConfiguration,
  companyIdOf,
  enterPassword,
  openLiveSocket,
  startWizard,
  uniqueEmail,
} from './helpers/connect.js';
import { startTestServer, type GraphQLResponse } from './helpers/server.js';

const server = await startTestServer();

const codeOf = (result: GraphQLResponse<unknown>) => result.errors?.[0]?.extensions?.code;

/** A company whose sales configuration is active, with the owner's view of its members. */
async function connectedCompany() {
  const owner = await registerOwner(server);
  const companyId = await companyIdOf(server, owner.token, owner.nip);
  const sales = await activeOwnerConfiguration(server, owner);
  const members = async () => (await server.query(CompanyMembersDocument, { companyId }, owner.token)).companyMembers;
  const memberOf = async (email: string, role: 'OWNER' | 'SENDER' | 'RECEIVER') => {
    const member = (await members()).find((m) => m.account.email === email && m.role === role);
    if (!member) throw new Error(`${email} is not a ${role}`);
    return member;
  };
  return { owner, companyId, sales, members, memberOf };
}

async function setPermissions(ownerToken: string, membershipId: string, permissions: Permission[]) {
  const { setMemberPermissions } = await server.query(
    SetMemberPermissionsDocument,
    { input: { membershipId, permissions } },
    ownerToken,
  );
  if (setMemberPermissions.__typename !== 'MembershipPayload') {
    throw new Error(`setMemberPermissions failed: ${JSON.stringify(setMemberPermissions)}`);
  }
  return setMemberPermissions;
}

describe('company members', () => {
  it('lists the owner and both participants with the default permissions, to the owner only', async () => {
    const { owner, companyId, sales, members } = await connectedCompany();
    const list = await members();
    expect(list.map((m) => [m.role, m.account.email, m.account.status, [...m.permissions].sort()])).toEqual([
      [
        'OWNER',
        owner.email,
        'ACTIVE',
        [
          'MANAGE_CONFIGURATIONS',
          'MANAGE_MEMBERS',
          'MANAGE_PLAN',
          'RECEIVE_DOCUMENTS',
          'SEND_DOCUMENTS',
          'VIEW_DOCUMENTS',
        ],
      ],
      ['SENDER', sales.senderEmail, 'ACTIVE', ['SEND_DOCUMENTS', 'VIEW_DOCUMENTS']],
      ['RECEIVER', sales.receiverEmail, 'ACTIVE', ['RECEIVE_DOCUMENTS', 'VIEW_DOCUMENTS']],
    ]);

    const senderSession = await server.signIn(sales.senderEmail, PASSWORD);
    expect(codeOf(await server.gql(CompanyMembersDocument, { companyId }, senderSession))).toBe('NOT_FOUND');
    expect(codeOf(await server.gql(CompanyMembersDocument, { companyId }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await server.gql(CompanyMembersDocument, { companyId }, sales.programToken))).toBe('FORBIDDEN');
    const stranger = await registerOwner(server);
    expect(codeOf(await server.gql(CompanyMembersDocument, { companyId }, stranger.token))).toBe('NOT_FOUND');
  });

  it("does not show a member's other companies to the owner", async () => {
    const first = await connectedCompany();
    // The sending user of the first company is the receiving user of a second one.
    const second = await registerOwner(server);
    const secondId = await companyIdOf(server, second.token, second.nip);
    const invited = await server.query(
      InviteMemberDocument,
      { input: { companyId: secondId, email: first.sales.senderEmail, role: 'RECEIVER' } },
      second.token,
    );
    expect(invited.inviteMember.__typename).toBe('InvitationPayload');
    await acceptInvitationAs(server, first.sales.senderEmail, secondId);

    const seenByFirst = (await first.members()).find((m) => m.account.email === first.sales.senderEmail)!;
    expect(seenByFirst.account.memberships.map((m) => m.company.nip)).toEqual([first.owner.nip]);
    const seenBySecond = (await server.query(CompanyMembersDocument, { companyId: secondId }, second.token))
      .companyMembers;
    const member = seenBySecond.find((m) => m.account.email === first.sales.senderEmail)!;
    expect(member.account.memberships.map((m) => m.company.nip)).toEqual([second.nip]);
  });

  it('invites a member with the default permissions, who joins by activating from the mail', async () => {
    const owner = await registerOwner(server);
    const companyId = await companyIdOf(server, owner.token, owner.nip);
    const email = uniqueEmail('Invited');
    const { inviteMember } = await server.query(
      InviteMemberDocument,
      { input: { companyId, email, role: 'RECEIVER' } },
      owner.token,
    );
    expect(inviteMember).toMatchObject({
      __typename: 'InvitationPayload',
      invitation: { email: email.toLowerCase(), role: 'RECEIVER', status: 'PENDING', company: { nip: owner.nip } },
    });
    // Nobody joins before consenting.
    expect((await server.query(CompanyMembersDocument, { companyId }, owner.token)).companyMembers).toHaveLength(1);
    const mail = await activateFromMail(server, email);
    expect(mail.text).toContain(`Firma ${owner.nip}`);
    const joined = (await server.query(CompanyMembersDocument, { companyId }, owner.token)).companyMembers;
    expect(joined.find((m) => m.account.email === email.toLowerCase())).toMatchObject({
      role: 'RECEIVER',
      permissions: ['RECEIVE_DOCUMENTS', 'VIEW_DOCUMENTS'],
      account: { status: 'ACTIVE' },
    });

    const again = await server.query(
      InviteMemberDocument,
      { input: { companyId, email, role: 'RECEIVER' } },
      owner.token,
    );
    expect(again.inviteMember).toMatchObject({ __typename: 'ValidationError', field: 'email' });

    // An existing, active account is invited instead of sent an activation link, and joins once it accepts.
    const { inviteMember: asSender } = await server.query(
      InviteMemberDocument,
      { input: { companyId, email, role: 'SENDER' } },
      owner.token,
    );
    expect(asSender).toMatchObject({ invitation: { role: 'SENDER', status: 'PENDING' } });
    const invitationMail = await server.smtp.take(email, /Zaproszenie/);
    expect(invitationMail.links.some((link) => link.includes('token='))).toBe(false);
    expect(server.smtp.mailsTo(email)).toHaveLength(0);
    await acceptInvitationAs(server, email, companyId);
    expect((await server.query(CompanyMembersDocument, { companyId }, owner.token)).companyMembers).toHaveLength(3);

    const invalid = await server.query(
      InviteMemberDocument,
      { input: { companyId, email: 'nobody', role: 'SENDER' } },
      owner.token,
    );
    expect(invalid.inviteMember.__typename).toBe('ValidationError');
    const receiverSession = await server.signIn(email, PASSWORD);
    const notManager = await server.gql(
      InviteMemberDocument,
      { input: { companyId, email: uniqueEmail('x'), role: 'SENDER' } },
      receiverSession,
    );
    expect(codeOf(notManager)).toBe('NOT_FOUND');
  });

  it('warns when permissions go beyond the defaults, and a revocation takes effect at once', async () => {
    const { owner, sales, companyId, memberOf } = await connectedCompany();
    const receiver = await memberOf(sales.receiverEmail, 'RECEIVER');
    const receiverSession = await server.signIn(sales.receiverEmail, PASSWORD);
    expect(codeOf(await server.gql(CompanyMembersDocument, { companyId }, receiverSession))).toBe('NOT_FOUND');

    const beyond = await setPermissions(owner.token, receiver.id, [
      'RECEIVE_DOCUMENTS',
      'VIEW_DOCUMENTS',
      'MANAGE_MEMBERS',
      'MANAGE_CONFIGURATIONS',
    ]);
    expect(beyond.warnings).toEqual([
      { code: 'BEYOND_DEFAULT_PERMISSIONS', message: expect.stringMatching(/MANAGE_MEMBERS, MANAGE_CONFIGURATIONS/) },
    ]);
    expect([...beyond.membership.permissions].sort()).toEqual([
      'MANAGE_CONFIGURATIONS',
      'MANAGE_MEMBERS',
      'RECEIVE_DOCUMENTS',
      'VIEW_DOCUMENTS',
    ]);
    // The extra permissions work ...
    expect((await server.query(CompanyMembersDocument, { companyId }, receiverSession)).companyMembers).toHaveLength(3);
    const { connectConfiguration } = await server.query(
      ConnectConfigurationDocument,
      { id: sales.configurationId },
      receiverSession,
    );
    expect(connectConfiguration.status).toBe('ACTIVE');

    // ... until they are taken back: no new sign-in needed.
    const back = await setPermissions(owner.token, receiver.id, ['RECEIVE_DOCUMENTS', 'VIEW_DOCUMENTS']);
    expect(back.warnings).toEqual([]);
    expect(codeOf(await server.gql(CompanyMembersDocument, { companyId }, receiverSession))).toBe('NOT_FOUND');
    expect(codeOf(await server.gql(ConnectConfigurationDocument, { id: sales.configurationId }, receiverSession))).toBe(
      'NOT_FOUND',
    );
  });

  it("revoking the sender's permission to send stops its program at once, open socket included", async () => {
    const { owner, sales, memberOf } = await connectedCompany();
    const sender = await memberOf(sales.senderEmail, 'SENDER');
    const socket = await openLiveSocket(server, sales.programToken);

    await setPermissions(owner.token, sender.id, ['VIEW_DOCUMENTS']);
    const refused = await server.gql(
      TestConnectionDocument,
      { configurationId: sales.configurationId },
      sales.programToken,
    );
    expect(codeOf(refused)).toBe('UNAUTHENTICATED');
    await expect(socket.closed()).resolves.toMatchObject({ code: 4403 });

    // The owner's settings window says why.
    const { testConnection } = await server.query(
      TestConnectionDocument,
      { configurationId: sales.configurationId },
      owner.token,
    );
    expect(testConnection.ok).toBe(false);
    expect(testConnection.checks.find((check) => check.name === 'EXCHANGE_ACCOUNT')?.ok).toBe(false);
  });

  it('a receiver without the permission to receive does not count as present, nor may configure a program', async () => {
    const { owner, sales, memberOf } = await connectedCompany();
    const receiver = await memberOf(sales.receiverEmail, 'RECEIVER');
    await setPermissions(owner.token, receiver.id, ['VIEW_DOCUMENTS']);

    const { testConnection } = await server.query(
      TestConnectionDocument,
      { configurationId: sales.configurationId },
      sales.programToken,
    );
    expect(testConnection.checks.find((check) => check.name === 'RECEIVER_PRESENT')).toMatchObject({ ok: false });
    expect(testConnection.ok).toBe(false);

    const draft = await startWizard(server, { program: 'FINANSE_KSIEGOWOSC', companyNip: owner.nip, path: 'INVITED' });
    const { connectWizardSignIn } = await server.query(
      ConnectWizardSignInDocument,
      { input: { configurationId: draft.configurationId, email: sales.receiverEmail, password: PASSWORD } },
      draft.wizardToken,
    );
    expect(connectWizardSignIn).toMatchObject({ __typename: 'RoleMismatchError', requiredRole: 'RECEIVER' });
  });
});

describe('removing a member', () => {
  it("stops the sender's program at once, closes its socket, and the token stays dead after a new invitation", async () => {
    const { owner, companyId, sales, members, memberOf } = await connectedCompany();
    const sender = await memberOf(sales.senderEmail, 'SENDER');
    const socket = await openLiveSocket(server, sales.programToken);
    expect(
      await socket.run('query ($id: ID!) { connectConfiguration(id: $id) { status } }', { id: sales.configurationId }),
    ).toEqual({ data: { connectConfiguration: { status: 'ACTIVE' } } });

    const { removeMember } = await server.query(RemoveMemberDocument, { membershipId: sender.id }, owner.token);
    expect(removeMember).toEqual({ __typename: 'RemoveMemberPayload', removedMembershipId: sender.id });
    const refused = await server.gql(
      TestConnectionDocument,
      { configurationId: sales.configurationId },
      sales.programToken,
    );
    expect(codeOf(refused)).toBe('UNAUTHENTICATED');
    await expect(socket.closed()).resolves.toMatchObject({ code: 4403, reason: 'Forbidden' });
    expect((await members()).map((m) => m.role)).toEqual(['OWNER', 'RECEIVER']);

    // The removed account cannot get a new token for the configuration with its password ...
    const password = await server.query(EnterExchangePasswordDocument, {
      input: { configurationId: sales.configurationId, password: PASSWORD },
    });
    expect(password.enterExchangePassword).toMatchObject({ __typename: 'RoleMismatchError', requiredRole: 'SENDER' });
    expect(
      (await server.query(ConnectConfigurationDocument, { id: sales.configurationId }, owner.token))
        .connectConfiguration.status,
    ).toBe('AWAITING_PASSWORD');

    // ... and inviting it again (it accepts) does not bring the old token back: the program enters the password anew.
    await server.query(
      InviteMemberDocument,
      { input: { companyId, email: sales.senderEmail, role: 'SENDER' } },
      owner.token,
    );
    await acceptInvitationAs(server, sales.senderEmail, companyId);
    const stillRefused = await server.gql(
      TestConnectionDocument,
      { configurationId: sales.configurationId },
      sales.programToken,
    );
    expect(codeOf(stillRefused)).toBe('UNAUTHENTICATED');
    const newToken = await enterPassword(server, sales.configurationId);
    const { testConnection } = await server.query(
      TestConnectionDocument,
      { configurationId: sales.configurationId },
      newToken,
    );
    expect(testConnection.ok).toBe(true);
  });

  it("takes away a removed manager's access, and keeps the last owner", async () => {
    const { owner, companyId, sales, memberOf } = await connectedCompany();
    const receiver = await memberOf(sales.receiverEmail, 'RECEIVER');
    await setPermissions(owner.token, receiver.id, ['RECEIVE_DOCUMENTS', 'VIEW_DOCUMENTS', 'MANAGE_MEMBERS']);
    const receiverSession = await server.signIn(sales.receiverEmail, PASSWORD);
    expect((await server.query(CompanyMembersDocument, { companyId }, receiverSession)).companyMembers).toHaveLength(3);

    await server.query(RemoveMemberDocument, { membershipId: receiver.id }, owner.token);
    expect(codeOf(await server.gql(CompanyMembersDocument, { companyId }, receiverSession))).toBe('NOT_FOUND');
    expect(codeOf(await server.gql(RemoveMemberDocument, { membershipId: receiver.id }, owner.token))).toBe(
      'NOT_FOUND',
    );

    const ownerMembership = await memberOf(owner.email, 'OWNER');
    const last = await server.query(RemoveMemberDocument, { membershipId: ownerMembership.id }, owner.token);
    expect(last.removeMember).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION' });
    const demote = await server.query(
      ChangeMemberRoleDocument,
      { input: { membershipId: ownerMembership.id, role: 'SENDER' } },
      owner.token,
    );
    expect(demote.changeMemberRole.__typename).toBe('ValidationError');
    const strip = await server.query(
      SetMemberPermissionsDocument,
      { input: { membershipId: ownerMembership.id, permissions: ['VIEW_DOCUMENTS'] } },
      owner.token,
    );
    expect(strip.setMemberPermissions.__typename).toBe('ValidationError');
    expect((await memberOf(owner.email, 'OWNER')).permissions).toContain('MANAGE_MEMBERS');
  });

  it('changing the sender into a receiver stops its sales program', async () => {
    const { owner, sales, memberOf } = await connectedCompany();
    const sender = await memberOf(sales.senderEmail, 'SENDER');
    const socket = await openLiveSocket(server, sales.programToken);
    const { changeMemberRole } = await server.query(
      ChangeMemberRoleDocument,
      { input: { membershipId: sender.id, role: 'RECEIVER' } },
      owner.token,
    );
    expect(changeMemberRole).toMatchObject({ membership: { role: 'RECEIVER' } });
    const refused = await server.gql(
      TestConnectionDocument,
      { configurationId: sales.configurationId },
      sales.programToken,
    );
    expect(codeOf(refused)).toBe('UNAUTHENTICATED');
    await expect(socket.closed()).resolves.toMatchObject({ code: 4403 });
  });
});
