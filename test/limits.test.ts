import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { attachmentBytesPerDocument } from '../src/documents/limits.js';
import { connectCompany } from './helpers/connect.js';
import { invoice } from './helpers/documents.js';
import { startTestServer } from './helpers/server.js';

const MiB = 1024 * 1024;
// A small body limit keeps the files of this test small; the rule is the same at the default 10 MiB.
const MAX_BODY_BYTES = 2 * MiB;
const server = await startTestServer({ MAX_BODY_BYTES: String(MAX_BODY_BYTES) });
const ALLOWED = attachmentBytesPerDocument(MAX_BODY_BYTES);

const SEND = `mutation ($input: SendDocumentInput!) { sendDocument(input: $input) {
  __typename ... on SendDocumentPayload { outcome document { version } }
  ... on Error { code message } ... on ValidationError { field }
  ... on StorageExceededError { limitBytes usedBytes neededBytes plan } } }`;

const file = (bytes: number, name = 'scan.pdf') => ({
  fileName: name,
  contentType: 'application/pdf',
  contentBase64: Buffer.alloc(bytes, 7).toString('base64'),
});

describe('one rule for attachments and the request body', () => {
  it('derives the attachments of one document from the body limit: 6.75 MiB at the default 10 MiB', () => {
    expect(attachmentBytesPerDocument(10 * MiB)).toBe(7_077_888);
    expect(ALLOWED).toBe(786_432);
  });

  it('accepts attachments up to the limit, refuses one byte more with a typed error, and says both limits in the 413', async () => {
    const company = await connectCompany(server);
    const send = (key: string, attachments: ReturnType<typeof file>[]) =>
      server.gql<{ sendDocument: Record<string, unknown> }, unknown>(
        SEND,
        { input: { idempotencyKey: key, document: invoice(company.nip, { attachments }) } },
        company.sender.token,
      );
    const half = ALLOWED / 2;
    const atLimit = await send('at-limit', [file(half, 'a.pdf'), file(half, 'b.pdf')]);
    expect(atLimit.data?.sendDocument).toMatchObject({ __typename: 'SendDocumentPayload', outcome: 'CREATED' });

    const over = await send('over', [file(half, 'a.pdf'), file(half + 1, 'b.pdf')]);
    expect(over.data?.sendDocument).toEqual({
      __typename: 'ValidationError',
      code: 'VALIDATION',
      field: 'attachments',
      message: `The attachments of one document may total at most ${ALLOWED} bytes, so that the request (base64 adds a third) stays within the ${MAX_BODY_BYTES}-byte body limit`,
    });

    const tooLarge = await send('too-large', [file(MiB, 'a.pdf'), file(MiB, 'b.pdf')]);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.errors?.[0]).toEqual({
      message: `The request body is larger than ${MAX_BODY_BYTES} bytes. The attachments of one document may total at most ${ALLOWED} bytes (sent as base64, which adds a third)`,
      extensions: { code: 'PAYLOAD_TOO_LARGE', requestId: expect.any(String) },
    });
  });

  it('refuses a body without Content-Length (chunked) with 411 before reading it, on any method', async () => {
    for (const method of ['POST', 'GET']) {
      const answer = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
        const headers = { 'content-type': 'application/json', 'transfer-encoding': 'chunked' };
        const req = request(server.url, { method, headers }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode, body }));
        });
        req.on('error', reject);
        req.end(JSON.stringify({ query: '{ __typename }' }));
      });
      expect(answer.status).toBe(411);
      expect((JSON.parse(answer.body) as { errors: { extensions: unknown }[] }).errors[0]?.extensions).toEqual({
        code: 'LENGTH_REQUIRED',
        requestId: expect.any(String),
      });
    }
  });
});

describe('stored bytes are bounded per plan', () => {
  it('refuses a new version past the FREE plan storage, and stores nothing of it', async () => {
    const company = await connectCompany(server, { plan: 'FREE' });
    const db = server.app.services.db;
    const { id: companyId } = await db.company.findUniqueOrThrow({ where: { nip: company.nip }, select: { id: true } });
    const document = invoice(company.nip);
    const send = (key: string, attachments: ReturnType<typeof file>[]) =>
      server.gql<{ sendDocument: Record<string, unknown> }, unknown>(
        SEND,
        { input: { idempotencyKey: key, document: { ...document, notes: key, attachments } } },
        company.sender.token,
      );
    const first = await send('v1', [file(1000)]);
    expect(first.data?.sendDocument).toMatchObject({ outcome: 'CREATED' });
    const kept = async () => Number((await db.company.findUniqueOrThrow({ where: { id: companyId } })).storedBytes);
    const afterFirst = await kept();
    const [version] = await db.$queryRaw<{ bytes: number }[]>`
      SELECT octet_length(v.content::text)::int AS bytes FROM "DocumentVersion" v
      JOIN "Document" d ON d.id = v."documentId" WHERE d."companyId" = ${companyId}::uuid`;
    expect(afterFirst).toBe(version!.bytes + 1000);

    // Fifty mebibytes of earlier versions, without sending them all through this test.
    const limit = 50 * MiB;
    await db.company.update({ where: { id: companyId }, data: { storedBytes: limit - 2000 } });
    const refused = await send('v2', [file(3000)]);
    expect(refused.data?.sendDocument).toMatchObject({
      __typename: 'StorageExceededError',
      code: 'STORAGE_EXCEEDED',
      plan: 'FREE',
      limitBytes: limit,
      usedBytes: limit - 2000,
    });
    const needed = (refused.data?.sendDocument as { neededBytes: number }).neededBytes;
    expect(needed).toBeGreaterThan(3000);
    expect(refused.data?.sendDocument.message).toBe(
      `The FREE plan keeps up to ${limit} bytes of documents and attachments; ${limit - 2000} are kept and this version needs ${needed} more`,
    );
    expect(await kept()).toBe(limit - 2000);
    expect(await db.documentVersion.count({ where: { document: { companyId } } })).toBe(1);
    expect(await db.attachment.count({ where: { document: { companyId } } })).toBe(1);

    // A version that fits is stored, and counted.
    const small = await send('v3', []);
    expect(small.data?.sendDocument).toMatchObject({ outcome: 'NEW_VERSION', document: { version: 2 } });
    expect(await kept()).toBeGreaterThan(limit - 2000);
    expect(await kept()).toBeLessThanOrEqual(limit);
  });
});
