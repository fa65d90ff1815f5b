import fc from 'fast-check';
import { getNamedType, isAbstractType, type GraphQLArgument, type GraphQLField } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.js';
import { PASSWORD } from './helpers/accounts.js';
import { badValueFor, leavesOf, setAt, type Leaf } from './helpers/bad-input.js';
import { activateFromMail, companyIdOf, connectCompany, startWizard } from './helpers/connect.js';
import { invoice } from './helpers/documents.js';
import { newNip } from './helpers/nip.js';
import { startTestServer } from './helpers/server.js';

/**
 * Every mutation, and every query that takes arguments, driven with malformed input: each case takes
 * a valid request and spoils one to three of its values (or a whole argument) with something no
 * field should accept as it is. Seeded and bounded in time; the figures are printed at the end.
 */
// FUZZ_SEED=<n> explores other inputs; the suite always runs the same ones.
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const RUNS = 1500;
const TIME_LIMIT_MS = 90_000;

const server = await startTestServer();
const db = server.app.services.db;
const company = await connectCompany(server);
const companyId = await companyIdOf(server, company.owner.token, company.nip);
const sent = await server.gql<{ sendDocument: { document: { id: string } } }, unknown>(
  'mutation ($input: SendDocumentInput!) { sendDocument(input: $input) { ... on SendDocumentPayload { document { id } } } }',
  { input: { idempotencyKey: 'fuzz-base', document: invoice(company.nip) } },
  company.sender.token,
);
const documentId = sent.data!.sendDocument.document.id;
// Someone to manage in member mutations, so that nothing the exchange itself relies on is touched:
// invited, and a member once it activates from its mail.
await server.gql(
  'mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { __typename } }',
  { input: { companyId, email: 'fuzz-spare@example.pl', role: 'SENDER' } },
  company.owner.token,
);
await activateFromMail(server, 'fuzz-spare@example.pl');
const members = await server.gql<{ companyMembers: { id: string; account: { email: string } }[] }, unknown>(
  'query ($companyId: ID!) { companyMembers(companyId: $companyId) { id account { email } } }',
  { companyId },
  company.owner.token,
);
const spareMembershipId = members.data!.companyMembers.find((m) => m.account.email === 'fuzz-spare@example.pl')!.id;
// An invitation nobody answered, for the invitation mutations.
const pending = await server.gql<{ inviteMember: { invitation: { id: string } } }, unknown>(
  'mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { ... on InvitationPayload { invitation { id } } } }',
  { input: { companyId, email: 'fuzz-pending@example.pl', role: 'RECEIVER' } },
  company.owner.token,
);
const invitationId = pending.data!.inviteMember.invitation.id;
const draft = await startWizard(server, { program: 'HANDEL', companyNip: company.nip, path: 'OWNER' });

interface Operation {
  variables: () => Record<string, unknown>;
  token?: string;
}

const fresh = () => Math.random().toString(36).slice(2, 10);
const owner = company.owner.token;
const OPERATIONS: Record<string, Operation> = {
  acceptInvitation: { variables: () => ({ invitationId }), token: owner },
  acknowledgeDocuments: { variables: () => ({ ids: [documentId] }), token: company.receiver.token },
  activateAccount: { variables: () => ({ input: { token: 'a'.repeat(43), password: PASSWORD } }) },
  cancelConnectWizard: { variables: () => ({ configurationId: draft.configurationId }), token: draft.wizardToken },
  cancelDocument: { variables: () => ({ id: documentId }), token: company.sender.token },
  changeMemberRole: {
    variables: () => ({ input: { membershipId: spareMembershipId, role: 'RECEIVER' } }),
    token: owner,
  },
  connectWizardNoAccount: { variables: () => ({ configurationId: draft.configurationId }), token: draft.wizardToken },
  connectWizardSignIn: {
    variables: () => ({
      input: { configurationId: draft.configurationId, email: 'fuzz-nobody@example.pl', password: PASSWORD },
    }),
    token: draft.wizardToken,
  },
  declineInvitation: { variables: () => ({ invitationId }), token: owner },
  deleteConnectConfiguration: { variables: () => ({ configurationId: company.sender.configurationId }), token: owner },
  deleteDocument: { variables: () => ({ id: documentId }), token: company.sender.token },
  enterExchangePassword: {
    variables: () => ({ input: { configurationId: company.sender.configurationId, password: PASSWORD } }),
  },
  finishConnectWizard: { variables: () => ({ configurationId: draft.configurationId }), token: draft.wizardToken },
  inviteMember: {
    variables: () => ({ input: { companyId, email: `fuzz-${fresh()}@example.pl`, role: 'RECEIVER' } }),
    token: owner,
  },
  register: {
    variables: () => ({
      input: {
        companyName: 'Fuzz sp. z o.o.',
        nip: newNip(),
        email: `fuzz-${fresh()}@example.pl`,
        plan: 'FREE',
        locale: 'EN',
      },
    }),
  },
  registerCompany: {
    variables: () => ({ input: { companyName: 'Fuzz S.A.', nip: newNip(), plan: 'STANDARD' } }),
    token: owner,
  },
  removeDocumentFromQueue: { variables: () => ({ id: documentId }), token: company.receiver.token },
  removeMember: { variables: () => ({ membershipId: spareMembershipId }), token: owner },
  requestPasswordReset: { variables: () => ({ email: 'fuzz-nobody@example.pl' }) },
  resetPassword: { variables: () => ({ input: { token: 'b'.repeat(43), password: PASSWORD } }) },
  revokeInvitation: { variables: () => ({ invitationId }), token: owner },
  sendDocument: {
    variables: () => ({
      input: {
        idempotencyKey: `fuzz-${fresh()}`,
        document: {
          ...invoice(company.nip),
          notes: 'Uwagi',
          correctedNumber: null,
          attachments: [{ fileName: 'a.txt', contentType: 'text/plain', contentBase64: 'YWJj' }],
        },
      },
    }),
    token: company.sender.token,
  },
  setDocumentStatus: {
    variables: () => ({ input: { documentId, status: 'REJECTED', reason: 'Błędny NIP nabywcy' } }),
    token: company.receiver.token,
  },
  setExchangeParticipants: {
    variables: () => ({
      input: { configurationId: draft.configurationId, senderEmail: 'a@example.pl', receiverEmail: 'b@example.pl' },
    }),
    token: draft.wizardToken,
  },
  setMemberPermissions: {
    variables: () => ({ input: { membershipId: spareMembershipId, permissions: ['SEND_DOCUMENTS'] } }),
    token: owner,
  },
  signIn: { variables: () => ({ input: { email: 'fuzz-nobody@example.pl', password: PASSWORD } }) },
  startConnectWizard: { variables: () => ({ input: { program: 'HANDEL', companyNip: company.nip, path: 'OWNER' } }) },
  synchronize: { variables: () => ({ configurationId: company.sender.configurationId }), token: owner },
  testConnection: { variables: () => ({ configurationId: company.sender.configurationId }), token: owner },
  updateOfficeReminders: {
    variables: () => ({ input: { configurationId: company.sender.configurationId, reminderAfterHours: 24 } }),
    token: owner,
  },
  updateSyncSettings: {
    variables: () => ({ input: { configurationId: company.sender.configurationId, syncIntervalMinutes: 30 } }),
    token: owner,
  },
  // Queries whose arguments reach the database.
  companyInvitations: { variables: () => ({ companyId }), token: owner },
  companyMembers: { variables: () => ({ companyId }), token: owner },
  connectConfiguration: { variables: () => ({ id: company.sender.configurationId }), token: owner },
  documentEvents: { variables: () => ({ after: '0', first: 10 }), token: company.receiver.token },
  // Refused by the gate for a company's token, but its input is read (and checked) first.
  officeDocumentEvents: { variables: () => ({ after: null, first: 10 }), token: company.receiver.token },
  documents: {
    variables: () => ({
      after: null,
      first: 10,
      companyId,
      filter: { status: 'SENT', type: 'INVOICE', dateFrom: '2026-01-01', dateTo: '2026-12-31', search: 'FV' },
    }),
    token: owner,
  },
};

const rootOf = (name: string) =>
  schema.getMutationType()!.getFields()[name] ? schema.getMutationType()! : schema.getQueryType()!;
const fieldOf = (name: string) => rootOf(name).getFields()[name] as GraphQLField<unknown, unknown>;

function documentFor(name: string): string {
  const field = fieldOf(name);
  const kind = rootOf(name) === schema.getMutationType() ? 'mutation' : 'query';
  const declared = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passed = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const result = getNamedType(field.type);
  // Only a result union can hold an Error; spreading it on anything else would not even validate.
  const typed = isAbstractType(result) && schema.getPossibleTypes(result).some((type) => type.name.endsWith('Error'));
  return `${kind} (${declared}) { ${name}(${passed}) { __typename ${typed ? '... on Error { code message }' : ''} } }`;
}

/** What the database holds, to see that a refused request changed none of it. */
const TABLES = [
  'Account',
  'AuthToken',
  'Company',
  'Membership',
  'Invitation',
  'ConnectConfiguration',
  'Document',
  'DocumentVersion',
  'Attachment',
  'DocumentEvent',
  'SendRequest',
];
const fingerprint = async () =>
  JSON.stringify(
    await db.$queryRawUnsafe(
      `SELECT ${TABLES.map(
        (table) =>
          `(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM "${table}" t) AS "${table}"`,
      ).join(', ')}`,
    ),
  );

const figures = { tried: 0, accepted: 0, typed: 0, unexpected: 0, partial: 0 };
/** How the typed refusals answered: a GraphQL error's code, a result type's code, or the 400 of uncoercible variables. */
const refusals: Record<string, number> = {};
const byOperation: Record<string, { tried: number; accepted: number }> = {};
const unexpected: string[] = [];
afterAll(() => {
  console.log(
    `fuzz (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, seed ${SEED}): ${figures.tried} inputs tried, ` +
      `${figures.typed} refused with a typed answer, ${figures.accepted} accepted, ` +
      `${figures.unexpected} unexpected answers, ${figures.partial} with partial state; refusals: ` +
      Object.entries(refusals)
        .sort((a, b) => b[1] - a[1])
        .map(([code, count]) => `${code} ${count}`)
        .join(', ') +
      '; by operation (tried/accepted): ' +
      Object.entries(byOperation)
        .map(([name, counts]) => `${name} ${counts.tried}/${counts.accepted}`)
        .join(', '),
  );
});

const TYPED_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'CURSOR_AHEAD',
  'GRAPHQL_VALIDATION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'OPERATION_LIMIT',
]);

/** Typed: a result type (payload or Error) or errors that each carry a code a program can act on. */
function judge(
  status: number,
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] },
) {
  if (status >= 500) return 'unexpected';
  const errors = body.errors ?? [];
  for (const error of errors) {
    if (/unexpected error/i.test(error.message)) return 'unexpected';
    // Variables the GraphQL layer cannot coerce are a 400 with the spec's message and no code.
    const code = error.extensions?.code;
    if (code ? !TYPED_CODES.has(code) : status !== 400) return 'unexpected';
  }
  if (errors.length > 0) return 'refused';
  const result = Object.values(body.data ?? {})[0] as { __typename?: string; code?: string } | undefined;
  if (!result?.__typename) return 'unexpected';
  return result.code ? 'refused' : 'accepted';
}

function refusalCode(body: {
  data?: Record<string, { code?: string }> | null;
  errors?: { extensions?: { code?: string } }[];
}) {
  const error = body.errors?.[0];
  if (error) return error.extensions?.code ?? 'invalid variables (400)';
  return `result ${Object.values(body.data ?? {})[0]?.code ?? '?'}`;
}

describe('malformed input, every mutation and every query with arguments', () => {
  it(
    'never answers 500 or "Unexpected error", and a refusal changes nothing',
    async () => {
      const names = Object.keys(OPERATIONS);
      const mutationsWithArgs = Object.values(schema.getMutationType()!.getFields())
        .filter((field) => field.args.length > 0)
        .map((field) => field.name);
      expect(mutationsWithArgs.filter((name) => !names.includes(name))).toEqual([]);
      const queriesWithArgs = Object.values(schema.getQueryType()!.getFields())
        .filter((field) => field.args.length > 0)
        .map((field) => field.name);
      expect(queriesWithArgs.filter((name) => !names.includes(name))).toEqual([]);

      const cases = fc.constantFrom(...names).chain((name) => {
        const variables = OPERATIONS[name]!.variables();
        const leaves = fieldOf(name).args.flatMap((arg: GraphQLArgument) =>
          leavesOf(variables[arg.name], arg.type, [arg.name]),
        );
        const spoil = (leaf: Leaf) =>
          fc
            .oneof(
              {
                weight: 9,
                arbitrary: badValueFor(
                  leaf.type,
                  leaf.path.reduce<unknown>((v, k) => (v as never)?.[k], variables),
                ),
              },
              { weight: 1, arbitrary: fc.constant(undefined) },
            )
            .map((value) => ({ path: leaf.path, value }));
        return fc
          .shuffledSubarray(leaves, { minLength: 1, maxLength: Math.min(3, leaves.length) })
          .chain((chosen) => fc.tuple(...chosen.map(spoil)))
          .map((spoilt) => ({ name, variables, spoilt }));
      });

      await fc.assert(
        fc.asyncProperty(cases, async ({ name, variables, spoilt }) => {
          const spoiled = structuredClone(variables);
          // Deepest first, so that spoiling a whole object does not hide what was spoilt inside it.
          for (const { path, value } of [...spoilt].sort((a, b) => b.path.length - a.path.length)) {
            setAt(spoiled, path, value);
          }
          const before = await fingerprint();
          const answer = await server.gql(documentFor(name), spoiled as never, OPERATIONS[name]!.token);
          const verdict = judge(answer.status, answer as never);
          figures.tried += 1;
          byOperation[name] ??= { tried: 0, accepted: 0 };
          byOperation[name].tried += 1;
          if (verdict === 'unexpected') {
            figures.unexpected += 1;
            unexpected.push(
              `${name} ${JSON.stringify(spoilt).slice(0, 300)} → ${answer.status} ${JSON.stringify(answer).slice(0, 300)}`,
            );
          } else if (verdict === 'accepted') {
            figures.accepted += 1;
            byOperation[name].accepted += 1;
          } else {
            figures.typed += 1;
            const code = refusalCode(answer as never);
            refusals[code] = (refusals[code] ?? 0) + 1;
            if ((await fingerprint()) !== before) {
              figures.partial += 1;
              unexpected.push(`${name} changed the database although refused: ${JSON.stringify(answer).slice(0, 300)}`);
            }
          }
          return true;
        }),
        { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
      );

      expect(unexpected).toEqual([]);
      expect(figures.tried).toBeGreaterThanOrEqual(200);
    },
    TIME_LIMIT_MS + 60_000,
  );
});
