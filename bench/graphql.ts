import { sampleInvoice } from '../src/client/sample.js';
import type { SeededCompany } from './seed.js';

const REQUEST_TIMEOUT_MS = 30_000;

/** One GraphQL request over HTTP; any HTTP or GraphQL error fails it. */
export async function postGraphQL<T>(url: string, query: string, variables?: unknown, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (!response.ok || body.errors?.length || !body.data) {
    throw new Error(`HTTP ${response.status}: ${JSON.stringify(body.errors ?? body)}`);
  }
  return body.data;
}

const SEND_DOCUMENT = `mutation ($input: SendDocumentInput!) {
  sendDocument(input: $input) {
    __typename
    ... on SendDocumentPayload { outcome document { id } }
    ... on Error { code message }
  }
}`;

/** Sends a new document numbered `number` (also its idempotency key); fails unless it was CREATED. */
export async function sendDocument(url: string, company: SeededCompany, number: string): Promise<void> {
  const data = await postGraphQL<{ sendDocument: { __typename: string; outcome?: string } }>(
    url,
    SEND_DOCUMENT,
    { input: { idempotencyKey: number, document: sampleInvoice(company.nip, number) } },
    company.senderToken,
  );
  if (data.sendDocument.outcome !== 'CREATED') throw new Error(`sendDocument: ${JSON.stringify(data.sendDocument)}`);
}
