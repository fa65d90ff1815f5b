import { expect } from 'vitest';
import {
  CompanyMembersDocument,
  ConnectWizardSignInDocument,
  FinishConnectWizardDocument,
  RemoveMemberDocument,
  SendDocumentDocument,
  SetMemberPermissionsDocument,
  StartConnectWizardDocument,
  type ProgramKind,
} from '../generated/graphql.js';
import { PASSWORD, registerOwner } from './accounts.js';
import {
  acceptInvitationAs,
  activateFromMail,
  companyIdOf,
  enterPassword,
  ownerWizard,
  uniqueEmail,
} from './connect.js';
import { invoice } from './documents.js';
import type { TestServer } from './server.js';

/**
 * A company whose owner made `officeEmail` its receiving user, with an active sales program. The
 * office consents: a new address by activating from the invitation mail, an existing account by
 * accepting the invitation.
 */
export async function addClient(server: TestServer, officeEmail: string) {
  const owner = await registerOwner(server, { plan: 'BUSINESS' });
  const officeExists = await accountIsActive(server, officeEmail);
  const wizard = await ownerWizard(server, owner, { receiverEmail: officeEmail });
  await activateFromMail(server, wizard.senderEmail);
  const senderToken = await enterPassword(server, wizard.configurationId);
  const companyId = await companyIdOf(server, owner.token, owner.nip);
  if (officeExists) await acceptInvitationAs(server, officeEmail, companyId);
  else await activateFromMail(server, officeEmail);
  const { companyMembers } = await server.query(CompanyMembersDocument, { companyId }, owner.token);
  const membership = companyMembers.find((m) => m.account.email === officeEmail && m.role === 'RECEIVER');
  if (!membership) throw new Error('the office is not the receiving user of the new client');
  return {
    owner,
    nip: owner.nip,
    companyId,
    senderToken,
    salesConfigurationId: wizard.configurationId,
    officeMembershipId: membership.id,
  };
}

export type Client = Awaited<ReturnType<typeof addClient>>;

/**
 * An office account serving `count` new client companies (its account is activated from the mail
 * the first company's wizard sent it), and its program connected along the OFFICE path.
 */
export async function officeWithClients(
  server: TestServer,
  count: number,
  program: ProgramKind = 'FINANSE_KSIEGOWOSC',
) {
  const email = uniqueEmail('biuro');
  const clients: Client[] = [];
  for (let i = 0; i < count; i += 1) clients.push(await addClient(server, email));
  const office = await connectOffice(server, email, program);
  return { email, clients, ...office };
}

/** The office path of the wizard: no NIP, the office account's credentials, Finish → the program token. */
export async function connectOffice(server: TestServer, email: string, program: ProgramKind = 'FINANSE_KSIEGOWOSC') {
  const { startConnectWizard } = await server.query(StartConnectWizardDocument, { input: { program, path: 'OFFICE' } });
  if (startConnectWizard.__typename !== 'StartConnectWizardPayload')
    throw new Error(JSON.stringify(startConnectWizard));
  const { wizardToken } = startConnectWizard;
  const configurationId = startConnectWizard.configuration.id;
  const { connectWizardSignIn } = await server.query(
    ConnectWizardSignInDocument,
    { input: { configurationId, email, password: PASSWORD } },
    wizardToken,
  );
  expect(connectWizardSignIn).toMatchObject({ configuration: { currentStep: 'SUMMARY' } });
  const { finishConnectWizard } = await server.query(FinishConnectWizardDocument, { configurationId }, wizardToken);
  if (finishConnectWizard.__typename !== 'FinishConnectWizardPayload' || !finishConnectWizard.programToken) {
    throw new Error(`finishConnectWizard failed: ${JSON.stringify(finishConnectWizard)}`);
  }
  return { configurationId, token: finishConnectWizard.programToken };
}

/** A new invoice from the client; returns the document's id. */
export async function send(server: TestServer, client: Client, key: string) {
  const { sendDocument } = await server.query(
    SendDocumentDocument,
    { input: { idempotencyKey: key, document: invoice(client.nip) as never } },
    client.senderToken,
  );
  if (sendDocument.__typename !== 'SendDocumentPayload') throw new Error(JSON.stringify(sendDocument));
  return sendDocument.document;
}

/** The client's owner removes the office from the company. */
export async function removeOffice(server: TestServer, client: Client) {
  const { removeMember } = await server.query(
    RemoveMemberDocument,
    { membershipId: client.officeMembershipId },
    client.owner.token,
  );
  expect(removeMember.__typename).toBe('RemoveMemberPayload');
}

/** The client's owner keeps the office as a member but takes away its permission to receive. */
export async function withdrawReceiving(server: TestServer, client: Client) {
  const { setMemberPermissions } = await server.query(
    SetMemberPermissionsDocument,
    { input: { membershipId: client.officeMembershipId, permissions: ['VIEW_DOCUMENTS'] } },
    client.owner.token,
  );
  expect(setMemberPermissions.__typename).toBe('MembershipPayload');
}

/** Whether the address already has an account that can sign in (and so is invited, not created). */
async function accountIsActive(server: TestServer, email: string) {
  const account = await server.app.services.db.account.findUnique({ where: { email }, select: { status: true } });
  return account?.status === 'ACTIVE';
}
