import { describe, expect, it } from 'vitest';
import {
  AcceptInvitationDocument,
  ActivateAccountDocument,
  CompanyInvitationsDocument,
  CompanyMembersDocument,
  ConnectConfigurationDocument,
  DeclineInvitationDocument,
  EnterExchangePasswordDocument,
  InviteMemberDocument,
  MyInvitationsDocument,
  RevokeInvitationDocument,
  TestConnectionDocument,
} from './generated/graphql.js';
import { PASSWORD, registerOwner } from './helpers/accounts.js';
import {
  acceptInvitationAs,
  activateFromMail,
  companyIdOf,
  enterPassword,
  ownerWizard,
  uniqueEmail,
} from './helpers/connect.js';
import { startTestServer, tokenOf, type GraphQLResponse } from './helpers/server.js';

const server = await startTestServer();
const HOUR = 60 * 60 * 1000;

const codeOf = (result: GraphQLResponse<unknown>) => result.errors?.[0]?.extensions?.code;

async function ownerWithCompany() {
  const owner = await registerOwner(server);
  const companyId = await companyIdOf(server, owner.token, owner.nip);
  const invite = async (email: string, role: 'SENDER' | 'RECEIVER' = 'RECEIVER') => {
    const { inviteMember } = await server.query(
      InviteMemberDocument,
      { input: { companyId, email, role } },
      owner.token,
    );
    if (inviteMember.__typename !== 'InvitationPayload') throw new Error(JSON.stringify(inviteMember));
    return inviteMember.invitation;
  };
  const members = async () =>
    (await server.query(CompanyMembersDocument, { companyId }, owner.token)).companyMembers.map((m) => [
      m.account.email,
      m.role,
    ]);
  const invitations = async () =>
    (await server.query(CompanyInvitationsDocument, { companyId }, owner.token)).companyInvitations;
  return { ...owner, companyId, invite, members, invitations };
}

/** The pending invitations of an account, as it sees them after signing in. */
async function pendingFor(email: string) {
  const session = await server.signIn(email, PASSWORD);
  return { session, list: (await server.query(MyInvitationsDocument, {}, session)).myInvitations };
}

describe('inviting an address', () => {
  it('answers the same whether or not the address has an account, and shows nothing of the account', async () => {
    const owner = await ownerWithCompany();
    const existing = await registerOwner(server);
    const fresh = uniqueEmail('fresh');

    const toExisting = await owner.invite(existing.email);
    const toFresh = await owner.invite(fresh);
    const shape = ({ id: _id, email: _email, createdAt, expiresAt, mailStatus: _mail, ...rest }: typeof toFresh) => ({
      ...rest,
      lifetime: new Date(expiresAt!).getTime() - new Date(createdAt).getTime(),
    });
    expect(shape(toExisting)).toEqual(shape(toFresh));
    expect(shape(toFresh)).toMatchObject({ status: 'PENDING', role: 'RECEIVER', lifetime: 72 * HOUR });
    const listed = await owner.invitations();
    expect(listed.map((i) => [i.email, i.status]).sort()).toEqual(
      [
        [fresh, 'PENDING'],
        [existing.email, 'PENDING'],
      ].sort(),
    );
    // Nobody joined; an invitation names no account, membership or anything else of it.
    expect(await owner.members()).toEqual([[owner.email, 'OWNER']]);
    const { data } = await server.gql<{ __type: { fields: { name: string }[] } }, unknown>(
      '{ __type(name: "Invitation") { fields { name } } }',
    );
    expect(data!.__type.fields.map((field) => field.name).sort()).toEqual([
      'company',
      'createdAt',
      'email',
      'expiresAt',
      'id',
      'mailStatus',
      'role',
      'status',
    ]);

    // The existing account is asked in a mail without any link that would act for it; the new
    // address gets an activation link, whose use is its consent.
    const asked = await server.smtp.take(existing.email, /Zaproszenie/);
    expect(asked.text).toContain(`Firma ${owner.nip}`);
    expect(asked.links.every((link) => !link.includes('token='))).toBe(true);
    await activateFromMail(server, fresh);
    expect(await owner.members()).toEqual([
      [owner.email, 'OWNER'],
      [fresh, 'RECEIVER'],
    ]);

    await acceptInvitationAs(server, existing.email, owner.companyId);
    expect(await owner.members()).toContainEqual([existing.email, 'RECEIVER']);
    expect((await owner.invitations()).map((i) => i.status)).toEqual(['ACCEPTED', 'ACCEPTED']);
  });

  it('lets only the invited account answer, once; declining or a withdrawal makes no member', async () => {
    const owner = await ownerWithCompany();
    const invitee = await registerOwner(server);
    const stranger = await registerOwner(server);
    const invitation = await owner.invite(invitee.email, 'SENDER');
    const { session, list } = await pendingFor(invitee.email);
    expect(list).toEqual([
      expect.objectContaining({
        id: invitation.id,
        role: 'SENDER',
        company: expect.objectContaining({ nip: owner.nip }),
      }),
    ]);

    for (const token of [stranger.token, owner.token]) {
      const refused = await server.gql(AcceptInvitationDocument, { invitationId: invitation.id }, token);
      expect(codeOf(refused)).toBe('NOT_FOUND');
    }
    expect(codeOf(await server.gql(AcceptInvitationDocument, { invitationId: invitation.id }))).toBe('UNAUTHENTICATED');
    expect((await pendingFor(stranger.email)).list).toEqual([]);

    const declined = await server.query(DeclineInvitationDocument, { invitationId: invitation.id }, session);
    expect(declined.declineInvitation).toMatchObject({ invitation: { status: 'DECLINED' } });
    const late = await server.query(AcceptInvitationDocument, { invitationId: invitation.id }, session);
    expect(late.acceptInvitation).toMatchObject({
      __typename: 'InvitationStateError',
      code: 'INVITATION_STATE',
      invitationStatus: 'DECLINED',
    });
    expect(await owner.members()).toEqual([[owner.email, 'OWNER']]);
    expect((await owner.invitations())[0]).toMatchObject({ status: 'DECLINED' });

    // A withdrawn invitation cannot be accepted, by an account nor by activating from its mail.
    const again = await owner.invite(invitee.email, 'RECEIVER');
    const fresh = uniqueEmail('withdrawn');
    const toFresh = await owner.invite(fresh);
    expect(codeOf(await server.gql(RevokeInvitationDocument, { invitationId: again.id }, stranger.token))).toBe(
      'NOT_FOUND',
    );
    for (const { id } of [again, toFresh]) {
      const { revokeInvitation } = await server.query(RevokeInvitationDocument, { invitationId: id }, owner.token);
      expect(revokeInvitation).toMatchObject({ invitation: { status: 'REVOKED' } });
    }
    const afterRevoke = await server.query(AcceptInvitationDocument, { invitationId: again.id }, session);
    expect(afterRevoke.acceptInvitation).toMatchObject({ invitationStatus: 'REVOKED' });
    await activateFromMail(server, fresh);
    expect(await owner.members()).toEqual([[owner.email, 'OWNER']]);
  });

  it('accepts, on activation, only the invitations whose link was used', async () => {
    const first = await ownerWithCompany();
    const second = await ownerWithCompany();
    const email = uniqueEmail('twice-invited');
    await first.invite(email);
    const firstMail = await server.smtp.take(email, /Aktywuj/);
    await second.invite(email, 'SENDER');
    await server.smtp.take(email, /Aktywuj/);

    const { activateAccount } = await server.query(ActivateAccountDocument, {
      input: { token: tokenOf(firstMail.links[0]!), password: PASSWORD },
    });
    expect(activateAccount.__typename).toBe('AccountPayload');
    expect(await first.members()).toContainEqual([email, 'RECEIVER']);
    expect(await second.members()).toEqual([[second.email, 'OWNER']]);
    const { list } = await pendingFor(email);
    expect(list.map((i) => i.company.nip)).toEqual([second.nip]);
    await acceptInvitationAs(server, email, second.companyId);
    expect(await second.members()).toContainEqual([email, 'SENDER']);
  });
});

describe('the wizard naming an existing account', () => {
  it('waits in AWAITING_ACCEPTANCE until that account accepts, and shows nothing of it before', async () => {
    const owner = await registerOwner(server);
    const companyId = await companyIdOf(server, owner.token, owner.nip);
    const existing = await registerOwner(server);
    const wizard = await ownerWizard(server, owner, { senderEmail: existing.email });
    const { configurationId } = wizard;
    expect(wizard.finished.configuration).toMatchObject({
      status: 'AWAITING_ACCEPTANCE',
      allowedSteps: ['TEST_CONNECTION', 'UPDATE_SYNC_SETTINGS', 'DELETE'],
      summary: { senderEmail: existing.email, exchangeAccountEmail: existing.email },
    });

    // Its password is of no use yet, and the owner sees no member but itself.
    const early = await server.query(EnterExchangePasswordDocument, {
      input: { configurationId, password: PASSWORD },
    });
    expect(early.enterExchangePassword).toMatchObject({
      __typename: 'ConfigurationStateError',
      status: 'AWAITING_ACCEPTANCE',
    });
    const members = async () =>
      (await server.query(CompanyMembersDocument, { companyId }, owner.token)).companyMembers.map((m) => m.role);
    expect(await members()).toEqual(['OWNER']);
    const { testConnection } = await server.query(TestConnectionDocument, { configurationId }, owner.token);
    expect(testConnection.checks.find((check) => check.name === 'EXCHANGE_ACCOUNT')).toMatchObject({
      ok: false,
      message: `The exchange user ${existing.email} has not accepted the invitation yet`,
    });

    await server.smtp.take(existing.email, /Zaproszenie/);
    await acceptInvitationAs(server, existing.email, companyId);
    const accepted = await server.query(ConnectConfigurationDocument, { id: configurationId }, owner.token);
    expect(accepted.connectConfiguration.status).toBe('AWAITING_PASSWORD');
    const programToken = await enterPassword(server, configurationId);
    await activateFromMail(server, wizard.receiverEmail);
    const test = await server.query(TestConnectionDocument, { configurationId }, programToken);
    expect(test.testConnection.ok).toBe(true);
    expect(await members()).toEqual(['OWNER', 'SENDER', 'RECEIVER']);
  });

  it('keeps waiting when the account declines, and the owner sees the invitation declined', async () => {
    const owner = await registerOwner(server);
    const companyId = await companyIdOf(server, owner.token, owner.nip);
    const existing = await registerOwner(server);
    const { configurationId } = await ownerWizard(server, owner, { senderEmail: existing.email });
    const { session, list } = await pendingFor(existing.email);
    await server.query(DeclineInvitationDocument, { invitationId: list[0]!.id }, session);

    const { connectConfiguration } = await server.query(
      ConnectConfigurationDocument,
      { id: configurationId },
      owner.token,
    );
    expect(connectConfiguration.status).toBe('AWAITING_ACCEPTANCE');
    const early = await server.query(EnterExchangePasswordDocument, {
      input: { configurationId, password: PASSWORD },
    });
    expect(early.enterExchangePassword.__typename).toBe('ConfigurationStateError');
    const { companyInvitations } = await server.query(CompanyInvitationsDocument, { companyId }, owner.token);
    expect(companyInvitations.find((i) => i.email === existing.email)).toMatchObject({
      role: 'SENDER',
      status: 'DECLINED',
    });
  });
});

describe('an invitation nobody answers', () => {
  it('expires after 72 hours for every address alike', async () => {
    const owner = await ownerWithCompany();
    const existing = await registerOwner(server);
    const fresh = uniqueEmail('late');
    await owner.invite(existing.email);
    await owner.invite(fresh);
    const freshMail = await server.smtp.take(fresh, /Aktywuj/);
    const { session, list } = await pendingFor(existing.email);

    server.advanceClock(72 * HOUR + 1000);
    expect((await owner.invitations()).map((i) => i.status)).toEqual(['EXPIRED', 'EXPIRED']);
    expect((await server.query(MyInvitationsDocument, {}, session)).myInvitations).toEqual([]);
    const late = await server.query(AcceptInvitationDocument, { invitationId: list[0]!.id }, session);
    expect(late.acceptInvitation).toMatchObject({ invitationStatus: 'EXPIRED' });
    const lateLink = await server.query(ActivateAccountDocument, {
      input: { token: tokenOf(freshMail.links[0]!), password: PASSWORD },
    });
    expect(lateLink.activateAccount).toMatchObject({ __typename: 'InvalidTokenError', reason: 'EXPIRED' });
    expect(await owner.members()).toEqual([[owner.email, 'OWNER']]);
  });
});
