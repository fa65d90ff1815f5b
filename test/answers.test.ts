import { describe, expect, it } from 'vitest';
import {
  DocumentEventsPageDocument,
  EnterExchangePasswordDocument,
  FollowDocumentEventsDocument,
  SendDocumentDocument,
} from './generated/graphql.js';
import { PASSWORD, registerOwner } from './helpers/accounts.js';
import { connectCompany, ownerWizard } from './helpers/connect.js';
import { invoice } from './helpers/documents.js';
import { startTestServer } from './helpers/server.js';
import { subscribe } from './helpers/subscriptions.js';

const server = await startTestServer();

const firstError = (result: { errors?: { message: string; extensions?: Record<string, unknown> }[] }) =>
  result.errors?.[0];

describe('answers that say what is wrong', () => {
  it('refuses a garbage or revoked token as not valid, not as missing', async () => {
    const garbage = await server.gql(DocumentEventsPageDocument, { first: 1 }, 'not-a-real-token');
    expect(garbage.status).toBe(401);
    expect(firstError(garbage)).toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
      message:
        'The token in "Authorization: Bearer …" is not valid: it is unknown, expired or was revoked. Sign in (or enter the exchange password) again for a new one',
    });
    const missing = await server.gql(DocumentEventsPageDocument, { first: 1 });
    expect(firstError(missing)).toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
      message: 'Sign in first: send "Authorization: Bearer <token>"',
    });
  });

  it('tells a program with the right password that the wizard is not finished, instead of "wrong password"', async () => {
    const owner = await registerOwner(server);
    const { configurationId } = await ownerWizard(server, owner);
    const draft = await server.gql(
      'mutation ($input: StartConnectWizardInput!) { startConnectWizard(input: $input) { ... on StartConnectWizardPayload { configuration { id } } } }',
      { input: { program: 'HANDEL', companyNip: owner.nip, path: 'OWNER' } },
    );
    const draftId = (draft.data as { startConnectWizard: { configuration: { id: string } } }).startConnectWizard
      .configuration.id;
    const unfinished = await server.query(EnterExchangePasswordDocument, {
      input: { configurationId: draftId, password: PASSWORD },
    });
    expect(unfinished.enterExchangePassword).toMatchObject({
      __typename: 'ConfigurationStateError',
      code: 'CONFIGURATION_STATE',
      status: 'DRAFT',
      message:
        'The configuration is DRAFT: finish the wizard first; the password is asked for once it has an exchange account',
    });
    // A finished configuration waits for its exchange user to accept the invitation, and says so.
    const waiting = await server.query(EnterExchangePasswordDocument, {
      input: { configurationId, password: PASSWORD },
    });
    expect(waiting.enterExchangePassword).toMatchObject({
      __typename: 'ConfigurationStateError',
      status: 'AWAITING_ACCEPTANCE',
      message: expect.stringMatching(/has not accepted the invitation yet/),
    });
  });

  it('refuses a cursor past the end of the log with CURSOR_AHEAD and the last cursor, over HTTP and WebSocket', async () => {
    const company = await connectCompany(server);
    for (let i = 0; i < 3; i++) {
      await server.query(
        SendDocumentDocument,
        { input: { idempotencyKey: `ahead-${i}`, document: invoice(company.nip) as never } },
        company.sender.token,
      );
    }
    const ahead = await server.gql(DocumentEventsPageDocument, { after: '41', first: 10 }, company.receiver.token);
    expect(firstError(ahead)).toMatchObject({
      extensions: { code: 'CURSOR_AHEAD', field: 'after', lastCursor: '3' },
      message:
        "Cursor 41 is past the company's last event (3): it was never given out here. Resume from your last processed cursor, or from 3",
    });
    const overflow = await server.gql(
      DocumentEventsPageDocument,
      { after: '9999999999', first: 10 },
      company.receiver.token,
    );
    expect(firstError(overflow)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    // The largest sequence there can be: the page read past it must still say CURSOR_AHEAD.
    const largest = await server.gql(
      DocumentEventsPageDocument,
      { after: '2147483647', first: 10 },
      company.receiver.token,
    );
    expect(firstError(largest)?.extensions).toMatchObject({ code: 'CURSOR_AHEAD', lastCursor: '3' });
    const atEnd = await server.query(DocumentEventsPageDocument, { after: '3', first: 10 }, company.receiver.token);
    expect(atEnd.documentEvents.edges).toEqual([]);

    const feed = subscribe(server.wsClient(company.receiver.token), FollowDocumentEventsDocument, { after: '41' });
    await expect(feed.take(1)).rejects.toThrow(/CURSOR_AHEAD/);
    feed.close();
  });

  it('says "use a dot" for a comma and "write it as a string" for a number, once per literal', async () => {
    const query = (amount: string) =>
      `mutation { sendDocument(input: { idempotencyKey: "k", document: { type: INVOICE, number: "1", issueDate: "2026-11-20",
        seller: { name: "S", nip: "5260001246" }, buyer: { name: "B" },
        lines: [{ name: "x", quantity: "1", unitNetPrice: ${amount}, vatRate: VAT_23, netAmount: "100.00", vatAmount: "23.00", grossAmount: "123.00" }],
        totals: { netAmount: "100.00", vatAmount: "23.00", grossAmount: "123.00" } } }) { __typename } }`;
    const number = await server.gql(query('100.10'), {});
    expect(number.status).toBe(400);
    expect(number.errors).toHaveLength(1);
    expect(number.errors?.[0]?.message).toContain(
      '100.10 is a number: write amounts as strings so no digit is lost, e.g. "100.10"',
    );
    const comma = await server.gql(query('"100,10"'), {});
    expect(comma.errors?.[0]?.message).toContain(
      '"100,10" uses a comma: write the decimal point as a dot, e.g. "100.10"',
    );
    const yearZero = await server.gql(query('"100.00"').replace('"2026-11-20"', '"0000-01-01"'), {});
    expect(yearZero.errors?.[0]?.message).toContain('0000-01-01 is not a calendar date');
  });
});
