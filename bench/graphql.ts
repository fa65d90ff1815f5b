import { sampleInvoice } from '../packages/client/src/sample.js';
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

export const SEND_DOCUMENT = `mutation ($input: SendDocumentInput!) {
  sendDocument(input: $input) {
    __typename
    ... on SendDocumentPayload { outcome document { id } }
    ... on Error { code message }
  }
}`;

/** Sends a new document numbered `number` (by default also its idempotency key); fails unless it was CREATED. */
export async function sendDocument(
  url: string,
  company: SeededCompany,
  number: string,
  idempotencyKey = number,
): Promise<void> {
  const data = await postGraphQL<{ sendDocument: { __typename: string; outcome?: string } }>(
    url,
    SEND_DOCUMENT,
    { input: { idempotencyKey, document: sampleInvoice(company.nip, number) } },
    company.senderToken,
  );
  if (data.sendDocument.outcome !== 'CREATED') throw new Error(`sendDocument: ${JSON.stringify(data.sendDocument)}`);
}

/** The authenticated read the bench measures: a program's first page of ten documents. */
export const DOCUMENTS_PAGE = '{ documents(first: 10) { edges { node { id number status } } } }';
