import { expect } from 'vitest';
import { ActivateAccountDocument, RegisterDocument } from '../generated/graphql.js';
import { newNip } from './nip.js';
import { tokenOf, type TestServer } from './server.js';

export const PASSWORD = 'correct horse battery';

/** Registers a company and activates its owner through the mailed link; returns the owner's session. */
export async function registerOwner(
  server: TestServer,
  options: { email?: string; nip?: string; plan?: 'FREE' | 'STANDARD' | 'BUSINESS' } = {},
) {
  const email = options.email ?? `owner-${Math.random().toString(36).slice(2, 10)}@example.pl`;
  const nip = options.nip ?? newNip();
  const registered = await server.query(RegisterDocument, {
    input: { companyName: `Firma ${nip}`, nip, email, plan: options.plan ?? 'FREE', locale: 'PL' },
  });
  expect(registered.register.__typename).toBe('RegisterPayload');
  const mail = await server.smtp.take(email, /Aktywuj/);
  const activated = await server.query(ActivateAccountDocument, {
    input: { token: tokenOf(mail.links[0]!), password: PASSWORD },
  });
  expect(activated.activateAccount.__typename).toBe('AccountPayload');
  const token = await server.signIn(email, PASSWORD);
  return { email, nip, token, password: PASSWORD };
}
