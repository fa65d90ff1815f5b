import { describe, expect, it } from 'vitest';
import { databaseFailure } from '../src/db/errors.js';
import {
  ChangeMemberRoleDocument,
  CompanyMembersDocument,
  InviteMemberDocument,
  RegisterCompanyDocument,
} from './generated/graphql.js';
import { registerOwner } from './helpers/accounts.js';
import { acceptInvitationAs, activateFromMail, companyIdOf, uniqueEmail } from './helpers/connect.js';
import { startTestServer } from './helpers/server.js';

const server = await startTestServer();
const db = server.app.services.db;

describe('one reading of database errors for PGlite and PostgreSQL', () => {
  it('recognises a unique violation from a model query, a transaction and a raw statement', async () => {
    const owner = await registerOwner(server);
    const caught = async (run: () => Promise<unknown>) =>
      run().then(
        () => undefined,
        (error: unknown) => error,
      );
    const taken = { name: 'Kopia', nip: owner.nip };
    expect(databaseFailure(await caught(() => db.company.create({ data: taken })))).toBe('UNIQUE_VIOLATION');
    expect(databaseFailure(await caught(() => db.$transaction((tx) => tx.company.create({ data: taken }))))).toBe(
      'UNIQUE_VIOLATION',
    );
    expect(
      databaseFailure(
        await caught(
          () => db.$executeRaw`INSERT INTO "Company" (id, name, nip) VALUES (gen_random_uuid(), 'x', ${owner.nip})`,
        ),
      ),
    ).toBe('UNIQUE_VIOLATION');
    expect(databaseFailure(new Error('something else'))).toBeUndefined();
  });

  it('answers registerCompany with a taken NIP as NIP_ALREADY_REGISTERED', async () => {
    const first = await registerOwner(server);
    const second = await registerOwner(server);
    const { registerCompany } = await server.query(
      RegisterCompanyDocument,
      { input: { companyName: 'Druga firma', nip: first.nip } },
      second.token,
    );
    expect(registerCompany).toMatchObject({
      __typename: 'NipAlreadyRegisteredError',
      code: 'NIP_ALREADY_REGISTERED',
      message: `A company with NIP ${first.nip} is already registered`,
    });
  });

  it('answers changeMemberRole to a role the account already holds in the company as a validation error', async () => {
    const owner = await registerOwner(server);
    const companyId = await companyIdOf(server, owner.token, owner.nip);
    const email = uniqueEmail('both');
    const invite = async (role: 'SENDER' | 'RECEIVER') => {
      const { inviteMember } = await server.query(
        InviteMemberDocument,
        { input: { companyId, email, role } },
        owner.token,
      );
      expect(inviteMember.__typename).toBe('InvitationPayload');
    };
    // A new address joins by activating from its mail; the same account then accepts the second role.
    await invite('SENDER');
    await activateFromMail(server, email);
    await invite('RECEIVER');
    await acceptInvitationAs(server, email, companyId);
    const { companyMembers } = await server.query(CompanyMembersDocument, { companyId }, owner.token);
    const asSender = companyMembers.find((member) => member.role === 'SENDER' && member.account.email === email)!.id;
    const { changeMemberRole } = await server.query(
      ChangeMemberRoleDocument,
      { input: { membershipId: asSender, role: 'RECEIVER' } },
      owner.token,
    );
    expect(changeMemberRole).toMatchObject({
      __typename: 'ValidationError',
      code: 'VALIDATION',
      message: 'The account already has the RECEIVER role in this company',
    });
  });
});
