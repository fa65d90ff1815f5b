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

/** A valid invoice of the company (2 × 100.00 at 23% plus 1 × 10.00 at 8%), as a sales program sends it. */
function invoice(sellerNip: string, number: string) {
  return {
    type: 'INVOICE',
    number,
    issueDate: '2026-11-20',
    saleDate: '2026-11-20',
    seller: { name: 'Sprzedawca sp. z o.o.', nip: sellerNip, address: 'ul. Prosta 1, 00-001 Warszawa' },
    buyer: { name: 'Kupiec S.A.', nip: '5260250274' },
    lines: [
      {
        name: 'Usługa',
        quantity: '2',
        unit: 'szt',
        unitNetPrice: '100.00',
        vatRate: 'VAT_23',
        netAmount: '200.00',
        vatAmount: '46.00',
        grossAmount: '246.00',
      },
      {
        name: 'Książka',
        quantity: '1',
        unitNetPrice: '10.00',
        vatRate: 'VAT_8',
        netAmount: '10.00',
        vatAmount: '0.80',
        grossAmount: '10.80',
      },
    ],
    totals: { netAmount: '210.00', vatAmount: '46.80', grossAmount: '256.80' },
    payment: { method: 'przelew', dueDate: '2026-12-04' },
  };
}

/** Sends a new document numbered `number` (also its idempotency key); fails unless it was CREATED. */
export async function sendDocument(url: string, company: SeededCompany, number: string): Promise<void> {
  const data = await postGraphQL<{ sendDocument: { __typename: string; outcome?: string } }>(
    url,
    SEND_DOCUMENT,
    { input: { idempotencyKey: number, document: invoice(company.nip, number) } },
    company.senderToken,
  );
  if (data.sendDocument.outcome !== 'CREATED') throw new Error(`sendDocument: ${JSON.stringify(data.sendDocument)}`);
}
