import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { KSEF_QR_HOSTS, readFa3 } from '../src/ksef/index.js';
import {
  DocumentsAsKsefDocument,
  DocumentSummariesDocument,
  FollowKsefEventsDocument,
  KsefEventsPageDocument,
  SendKsefDocumentDocument,
  SynchronizeDocument,
  type SendDocumentInput,
} from './generated/graphql.js';
import { connectCompany, type ConnectedCompany } from './helpers/connect.js';
import { jsonSamples } from './helpers/json-samples.js';
import { fillPlaceholders, fixture, invoiceOfSize, SELLER_NIP } from './helpers/ksef.js';
import { startTestServer } from './helpers/server.js';
import { subscribe } from './helpers/subscriptions.js';

const server = await startTestServer({ KSEF_QR_HOST: KSEF_QR_HOSTS.test });
// The ministry's examples are issued by 9999999999; the filled-in templates by SELLER_NIP.
const ministry = await connectCompany(server, { nip: '9999999999', salesProgram: 'HANDEL_MAGAZYN' });
const templates = await connectCompany(server, { nip: SELLER_NIP });

const MINISTRY_EXAMPLES = [
  'mf-fa3-przyklad-01.xml',
  'mf-fa3-przyklad-02.xml',
  'mf-fa3-przyklad-10.xml',
  'mf-fa3-przyklad-21.xml',
];
const TEMPLATES = [
  'cirfmf-java-invoice-template-fa-3-with-custom-subject_3.xml',
  'cirfmf-java-invoice-template_v3.xml',
  'cirfmf-java-invoice_template_v3_self_invoicing.xml',
];
const VALID_KSEF_NUMBER = '5265877635-20250826-0100001AF629-AF';

let keys = 0;
async function send(company: ConnectedCompany, input: Omit<SendDocumentInput, 'idempotencyKey'>, key?: string) {
  keys += 1;
  const { sendDocument } = await server.query(
    SendKsefDocumentDocument,
    { input: { idempotencyKey: key ?? `ksef-${keys}-${Date.now()}`, ...input } },
    company.sender.token,
  );
  return sendDocument;
}

async function sent(company: ConnectedCompany, input: Omit<SendDocumentInput, 'idempotencyKey'>, key?: string) {
  const result = await send(company, input, key);
  if (result.__typename !== 'SendDocumentPayload') throw new Error(`refused: ${JSON.stringify(result)}`);
  return result;
}

async function lastCursor(company: ConnectedCompany) {
  const { synchronize } = await server.query(
    SynchronizeDocument,
    { configurationId: company.receiver.configurationId },
    company.receiver.token,
  );
  if (synchronize.__typename !== 'SyncStatus') throw new Error(JSON.stringify(synchronize));
  return synchronize.lastCursor;
}

const element = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)![1]!;
const sha256 = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8'));
const kodI = (nip: string, xml: string) => {
  const [year, month, day] = element(xml, 'P_1').split('-');
  return `${KSEF_QR_HOSTS.test}/invoice/${nip}/${day}-${month}-${year}/${sha256(xml).digest('base64url')}`;
};

describe('FA(3) invoices on the exchange', () => {
  it('accepts every sample, maps it, and delivers its XML byte for byte live and by cursor', async () => {
    const sendings = [
      ...MINISTRY_EXAMPLES.map((file) => ({ company: ministry, xml: fixture(file), file })),
      ...TEMPLATES.map((file, i) => ({
        company: templates,
        xml: fillPlaceholders(fixture(file), `T${i + 1}`),
        file,
      })),
    ];
    for (const company of [ministry, templates]) {
      const after = await lastCursor(company);
      const feed = subscribe(server.wsClient(company.receiver.token), FollowKsefEventsDocument, { after });
      await feed.ready;
      const mine = sendings.filter((s) => s.company === company);
      const sentXml = new Map<string, string>();
      for (const { xml, file } of mine) {
        const { outcome, document } = await sent(company, { ksefXml: xml });
        // Examples 01 and 21 share the number FV2026/02/150: 21 is its second version.
        expect(outcome, file).toBe(file === 'mf-fa3-przyklad-21.xml' ? 'NEW_VERSION' : 'CREATED');
        expect(document.totals.grossAmount, file).toBe(Number(element(xml, 'P_15')).toFixed(2));
        expect(document).toMatchObject({ number: element(xml, 'P_2'), seller: { nip: company.nip }, ksefXml: xml });
        expect(document.verificationUrl).toBe(kodI(company.nip, xml));
        expect(document.warnings.map((w) => w.code)).toEqual(
          file === 'mf-fa3-przyklad-01.xml' ? ['KSEF_TOTAL_MISMATCH'] : [],
        );
        sentXml.set(`${document.id}/${document.version}`, xml);
      }

      const live = await feed.take(mine.length);
      feed.close();
      const page = await server.query(KsefEventsPageDocument, { after, first: 100 }, company.receiver.token);
      const byCursor = page.documentEvents.edges.map((edge) => edge.node);
      for (const events of [live, byCursor]) {
        expect(events.map((e) => e.kind)).toEqual(
          mine.map((s) => (s.file.endsWith('21.xml') ? 'NEW_VERSION' : 'SENT')),
        );
        for (const event of events) {
          const xml = sentXml.get(`${event.document.id}/${event.version}`)!;
          expect(event.document.ksefXml).toBe(xml);
          expect(sha256(event.document.ksefXml!).digest('hex')).toBe(sha256(xml).digest('hex'));
          expect(event.document.totals.grossAmount).toBe(Number(element(xml, 'P_15')).toFixed(2));
        }
      }
      expect(byCursor.map((e) => e.document.verificationUrl)).toEqual(live.map((e) => e.document.verificationUrl));
    }
  });

  it('hands the receiver the structured document: corrections, totals per rate, payment and warnings', async () => {
    const correction = await sent(ministry, { ksefXml: fixture('mf-fa3-przyklad-02.xml') }, 'structured-02');
    expect(correction.outcome).toBe('DUPLICATE');
    expect(correction.document).toMatchObject({
      type: 'CORRECTION',
      correctedInvoices: [
        { number: 'FV2026/02/150', issueDate: '2026-02-15', ksefNumber: '9999999999-20230908-8BEF280C8D35-4D' },
      ],
      linesBefore: [{ netAmount: '1626.01' }],
      lines: [{ netAmount: '1463.41' }],
      totals: { grossAmount: '-200.00' },
    });
    const page = await server.query(KsefEventsPageDocument, { first: 100 }, ministry.receiver.token);
    const euro = page.documentEvents.edges.map((e) => e.node).find((e) => e.kind === 'NEW_VERSION')!.document;
    expect(euro).toMatchObject({
      currency: 'EUR',
      totalsByRate: [
        { group: 'P_13_1', vatRate: 'VAT_23', netAmount: '13560.00', vatAmount: '3118.80', vatAmountPln: '13768.14' },
      ],
      payment: { method: 'przelew', dueDate: '2026-03-15', paidDate: null },
      splitPayment: false,
      reverseCharge: false,
    });
    const first = page.documentEvents.edges.map((e) => e.node).find((e) => e.document.number === 'FV2026/02/150');
    expect(first!.document.warnings).toEqual([
      {
        code: 'KSEF_TOTAL_MISMATCH',
        field: 'P_15',
        message: 'P_15 is 2051.00 but the net and VAT totals (P_13_x, P_14_x) add up to 2050.99',
      },
    ]);

    const polish = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'accept-language': 'pl',
        authorization: `Bearer ${ministry.receiver.token}`,
      },
      body: JSON.stringify({
        query: '{ documentEvents(first: 1) { edges { node { document { warnings { message } } } } } }',
      }),
    }).then(
      (r) =>
        r.json() as Promise<{ data: { documentEvents: { edges: { node: { document: { warnings: unknown } } }[] } } }>,
    );
    expect(polish.data.documentEvents.edges[0]!.node.document.warnings).toEqual([
      { message: 'P_15 wynosi 2051.00, a sumy netto i VAT (P_13_x, P_14_x) dają 2050.99' },
    ]);
  });

  it('keeps duplicates and versions as for JSON: the same XML is a duplicate, its KSeF number added later a new version', async () => {
    const xml = fillPlaceholders(fixture('cirfmf-java-invoice-template_v3.xml'), 'VERSIONS');
    const after = await lastCursor(templates);
    const created = await sent(templates, { ksefXml: xml }, 'versions-1');
    expect(created).toMatchObject({ outcome: 'CREATED', document: { version: 1, ksefNumber: null } });
    expect(await sent(templates, { ksefXml: xml }, 'versions-1')).toMatchObject({ outcome: 'REPLAY' });
    expect(await sent(templates, { ksefXml: xml }, 'versions-2')).toMatchObject({
      outcome: 'DUPLICATE',
      document: { version: 1 },
    });
    const other = xml.replace(/<P_7>([^<]*)<\/P_7>/, '<P_7>$1 (zmieniona nazwa)</P_7>');
    expect(await send(templates, { ksefXml: other }, 'versions-1')).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });

    const numbered = await sent(templates, { ksefXml: xml, ksefNumber: VALID_KSEF_NUMBER }, 'versions-3');
    expect(numbered).toMatchObject({ outcome: 'NEW_VERSION', document: { version: 2, ksefNumber: VALID_KSEF_NUMBER } });
    expect(numbered.document.verificationUrl).toBe(created.document.verificationUrl);
    const renamed = await sent(templates, { ksefXml: other, ksefNumber: VALID_KSEF_NUMBER }, 'versions-4');
    expect(renamed).toMatchObject({ outcome: 'NEW_VERSION', document: { version: 3, ksefXml: other } });
    const asJson = jsonSamples(SELLER_NIP)['packages/client/src/sample.ts']!;
    const json = await sent(templates, { document: { ...asJson, number: element(xml, 'P_2') } }, 'versions-5');
    expect(json.document).toMatchObject({
      version: 4,
      ksefXml: null,
      ksefNumber: null,
      verificationUrl: null,
      warnings: [],
      totalsByRate: [],
    });

    const page = await server.query(KsefEventsPageDocument, { after, first: 100 }, templates.receiver.token);
    expect(
      page.documentEvents.edges.map(({ node }) => [
        node.kind,
        node.version,
        node.document.ksefNumber,
        node.document.ksefXml === null ? null : node.document.ksefXml === xml ? 'first XML' : 'renamed XML',
      ]),
    ).toEqual([
      ['SENT', 1, null, 'first XML'],
      ['NEW_VERSION', 2, VALID_KSEF_NUMBER, 'first XML'],
      ['NEW_VERSION', 3, VALID_KSEF_NUMBER, 'renamed XML'],
      ['NEW_VERSION', 4, null, null],
    ]);
  });

  it('refuses FA(2), XXE and everything that is no FA(3) invoice of the company, with typed errors, storing nothing', async () => {
    const before = await lastCursor(templates);
    const example = fixture('mf-fa3-przyklad-01.xml');
    const own = fillPlaceholders(fixture('cirfmf-java-invoice-template_v3.xml'), 'REFUSED');
    const xxe = own.replace(
      /^<\?xml[^>]*>/,
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE Faktura [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    );
    const refusals: [Omit<SendDocumentInput, 'idempotencyKey'>, Record<string, unknown>][] = [
      [
        { ksefXml: fillPlaceholders(fixture('cirfmf-java-invoice-template-fa-2.xml')) },
        {
          __typename: 'KsefNamespaceError',
          code: 'KSEF_NAMESPACE',
          fa2: true,
          message: expect.stringMatching(/^This is an FA\(2\) invoice; FA\(3\) is expected/),
        },
      ],
      [{ ksefXml: xxe }, { __typename: 'KsefForbiddenDeclarationError', declaration: 'DOCTYPE' }],
      [{ ksefXml: own.slice(0, 700) }, { __typename: 'KsefMalformedError', line: expect.any(Number) }],
      [
        { ksefXml: own.replace(/<P_15>[^<]*<\/P_15>/, '<P_15>dużo</P_15>') },
        {
          __typename: 'KsefSchemaError',
          errors: [{ line: expect.any(Number), message: expect.stringContaining('P_15') }],
        },
      ],
      [{ ksefXml: invoiceOfSize(1024 * 1024 + 4096) }, { __typename: 'KsefTooLargeError', limit: 1024 * 1024 }],
      [{ ksefXml: example }, { __typename: 'NipMismatchError', code: 'NIP_MISMATCH', programNip: SELLER_NIP }],
      [{ ksefXml: own, ksefNumber: '5265877635-20260215-0100A0B1C2D3-E4' }, { __typename: 'InvalidKsefNumberError' }],
      [
        { ksefXml: own, document: jsonSamples(SELLER_NIP)['packages/client/src/sample.ts'] },
        { __typename: 'ValidationError', field: 'ksefXml', message: expect.stringContaining('not both') },
      ],
      [{}, { __typename: 'ValidationError', field: 'document', message: expect.stringContaining('one of the two') }],
      [
        { document: jsonSamples(SELLER_NIP)['packages/client/src/sample.ts'], ksefNumber: VALID_KSEF_NUMBER },
        { __typename: 'ValidationError', field: 'ksefNumber' },
      ],
    ];
    for (const [input, refusal] of refusals) {
      expect(await send(templates, input)).toMatchObject(refusal);
    }
    expect(await lastCursor(templates)).toBe(before);
    const { documents } = await server.query(
      DocumentsAsKsefDocument,
      { filter: { search: 'REFUSED' } },
      templates.receiver.token,
    );
    expect(documents.edges).toEqual([]);
  });

  it('exports every JSON sample as FA(3) the official schema accepts, and gives FA(3) invoices back as sent', async () => {
    const samples = jsonSamples(ministry.nip);
    for (const [name, document] of Object.entries(samples)) {
      expect((await send(ministry, { document })).__typename, name).toBe('SendDocumentPayload');
    }
    const { documents } = await server.query(DocumentsAsKsefDocument, { first: 100 }, ministry.receiver.token);
    const byNumber = new Map(documents.edges.map(({ node }) => [node.number, node]));
    for (const [name, document] of Object.entries(samples)) {
      const exported = byNumber.get(document.number)!.asKsefXml;
      const { content } = readFa3(exported, { sellerNip: ministry.nip });
      expect(content.number, name).toBe(document.number);
    }
    expect(byNumber.get('KOR/1')!.asKsefXml).toMatch(
      /<DataWystFaKorygowanej>2026-11-20<\/DataWystFaKorygowanej>\s*<NrFaKorygowanej>FV\/2026\/11\/001/,
    );
    const original = byNumber.get('FZ2026/02/150')!;
    expect(original.asKsefXml).toBe(fixture('mf-fa3-przyklad-10.xml'));
    expect(original.ksefXml).toBe(original.asKsefXml);
  });

  it('reads the XML only when asked for, one query for a whole page', async () => {
    const statements = await server.queriesDuring(() =>
      server.query(DocumentSummariesDocument, { first: 100 }, ministry.receiver.token),
    );
    expect(statements.filter((sql) => sql.includes('ksefXml'))).toEqual([]);
    const withXml = await server.queriesDuring(() =>
      server.query(DocumentsAsKsefDocument, { first: 100 }, ministry.receiver.token),
    );
    expect(withXml.filter((sql) => sql.includes('ksefXml'))).toHaveLength(1);
  });

  it('still stores a send of a server of the previous release, which passes sixteen arguments', async () => {
    const { db } = server.app.services;
    const company = await db.company.findFirstOrThrow({ where: { nip: templates.nip } });
    const configuration = await db.connectConfiguration.findFirstOrThrow({
      where: { companyId: company.id, program: 'HANDEL' },
    });
    const content = { ...jsonSamples(SELLER_NIP)['packages/client/src/sample.ts']!, number: 'OLD/1' };
    const [row] = await db.$queryRaw<{ outcome: string; document: { ksefSha256: string | null } }[]>`
      SELECT outcome, document FROM konekt_send_document(${company.id}::uuid, ${configuration.id}::uuid, 'old-release',
        'hash', 'OLD/1', 'INVOICE'::"DocumentType", '2026-11-20'::date, 'Kupiec S.A.', NULL, 256.80::numeric, 'PLN',
        ${JSON.stringify(content)}::jsonb, '[]'::jsonb, 1000, '2026-11-01'::timestamp, '2026-11-20'::timestamp)`;
    expect(row).toMatchObject({ outcome: 'CREATED', document: { ksefSha256: null } });
  });

  it('links to the production KSeF unless another host is set', () => {
    expect(loadConfig({}).ksefQrHost).toBe('https://qr.ksef.mf.gov.pl');
    expect(loadConfig({ KSEF_QR_HOST: 'https://qr-demo.ksef.mf.gov.pl/' }).ksefQrHost).toBe(KSEF_QR_HOSTS.demo);
    expect(() => loadConfig({ KSEF_QR_HOST: 'qr-test.ksef.mf.gov.pl' })).toThrow(/KSEF_QR_HOST/);
  });
});
