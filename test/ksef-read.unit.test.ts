import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import {
  KonektError,
  KsefForbiddenDeclarationError,
  KsefMalformedError,
  KsefNamespaceError,
  KsefSchemaError,
  NipMismatchError,
} from '../src/errors.js';
import { readFa3 } from '../src/ksef/index.js';
import { fa3Samples, fixture, fillPlaceholders, invoiceOfSize, SELLER_NIP } from './helpers/ksef.js';

// Counts what an external entity would fetch; nothing may reach it.
let fetched = 0;
const entityServer = createServer((_, response) => {
  fetched += 1;
  response.end('<!ENTITY stolen "x">');
});
await new Promise<void>((resolve) => entityServer.listen(0, '127.0.0.1', resolve));
const entityUrl = `http://127.0.0.1:${(entityServer.address() as AddressInfo).port}/evil.dtd`;
afterAll(() => new Promise<void>((resolve) => entityServer.close(() => resolve())));

/** The typed error readFa3 throws for `xml`. */
function refusal(xml: string | Buffer): KonektError {
  try {
    readFa3(xml);
  } catch (error) {
    if (error instanceof KonektError) return error;
    throw error;
  }
  throw new Error('the invoice was accepted');
}

const element = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
const amount = (value: string | undefined) => Number(value).toFixed(2);

describe('FA(3) samples', () => {
  it.each(fa3Samples())('$file validates and maps with totals.grossAmount = P_15', ({ xml }) => {
    const { content, sha256 } = readFa3(xml);
    expect(content.totals.grossAmount).toBe(amount(element(xml, 'P_15')));
    expect(content.number).toBe(element(xml, 'P_2'));
    expect(content.issueDate).toBe(element(xml, 'P_1'));
    expect(content.seller.nip).toBe(/<Podmiot1>[\s\S]*?<NIP>(\d+)<\/NIP>/.exec(xml)?.[1]);
    expect(content.currency).toBe(element(xml, 'KodWaluty'));
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('raises no warning on the samples, except the ministry example 01 whose P_15 is one grosz off', () => {
    const warned = fa3Samples().map(({ file, xml }) => [file, readFa3(xml).warnings.map((w) => w.code)]);
    expect(Object.fromEntries(warned)).toEqual({
      'cirfmf-java-invoice-template-fa-3-with-custom-subject_3.xml': [],
      'cirfmf-java-invoice-template_v3.xml': [],
      'cirfmf-java-invoice_template_v3_self_invoicing.xml': [],
      // 1666.66 + 383.33 + 0.95 + 0.05 = 2050.99, while the example states P_15 = 2051.
      'mf-fa3-przyklad-01.xml': ['KSEF_TOTAL_MISMATCH'],
      'mf-fa3-przyklad-02.xml': [],
      'mf-fa3-przyklad-10.xml': [],
      'mf-fa3-przyklad-21.xml': [],
    });
    expect(readFa3(fixture('mf-fa3-przyklad-01.xml')).warnings).toEqual([
      { code: 'KSEF_TOTAL_MISMATCH', field: 'P_15', params: { stated: '2051.00', sum: '2050.99' } },
    ]);
  });

  it('maps a VAT invoice: parties, dates, lines, totals per rate and payment', () => {
    const { content } = readFa3(fixture('mf-fa3-przyklad-01.xml'));
    expect(content).toMatchObject({
      type: 'INVOICE',
      number: 'FV2026/02/150',
      issueDate: '2026-02-15',
      saleDate: '2026-01-27',
      currency: 'PLN',
      correctedNumber: null,
      seller: { name: 'ABC AGD sp. z o. o.', nip: '9999999999', address: 'ul. Kwiatowa 1 m. 2, 00-001 Warszawa' },
      buyer: { name: 'F.H.U. Jan Kowalski', nip: '1111111111', address: 'ul. Polna 1, 00-001 Warszawa' },
      totals: { netAmount: '1667.61', vatAmount: '383.38', grossAmount: '2051.00' },
      payment: { method: 'przelew', dueDate: null, paidDate: '2026-01-27' },
      splitPayment: false,
      reverseCharge: false,
      totalsByRate: [
        { group: 'P_13_1', vatRate: 'VAT_23', netAmount: '1666.66', vatAmount: '383.33', vatAmountPln: null },
        { group: 'P_13_3', vatRate: 'VAT_5', netAmount: '0.95', vatAmount: '0.05', vatAmountPln: null },
      ],
    });
    expect(content.lines[0]).toEqual({
      name: 'lodówka Zimnotech mk1',
      quantity: '1',
      unit: 'szt.',
      unitNetPrice: '1626.01',
      vatRate: 'VAT_23',
      netAmount: '1626.01',
      vatAmount: '373.98',
      grossAmount: '1999.99',
    });
    expect(content.lines.map((line) => line.vatRate)).toEqual(['VAT_23', 'VAT_23', 'VAT_5']);
  });

  it('maps a correction: the corrected invoice with its KSeF number, the rows before and after', () => {
    const { content } = readFa3(fixture('mf-fa3-przyklad-02.xml'));
    expect(content).toMatchObject({
      type: 'CORRECTION',
      correctedNumber: 'FV2026/02/150',
      correctedInvoices: [
        { number: 'FV2026/02/150', issueDate: '2026-02-15', ksefNumber: '9999999999-20230908-8BEF280C8D35-4D' },
      ],
      totals: { netAmount: '-162.60', vatAmount: '-37.40', grossAmount: '-200.00' },
    });
    expect(content.linesBefore?.map((line) => line.netAmount)).toEqual(['1626.01']);
    expect(content.lines.map((line) => line.netAmount)).toEqual(['1463.41']);
  });

  it('maps an advance invoice without lines and an invoice in EUR with its VAT in PLN', () => {
    const advance = readFa3(fixture('mf-fa3-przyklad-10.xml')).content;
    expect(advance).toMatchObject({ type: 'ADVANCE_INVOICE', lines: [], totals: { grossAmount: '20000.00' } });
    const euro = readFa3(fixture('mf-fa3-przyklad-21.xml')).content;
    expect(euro.currency).toBe('EUR');
    expect(euro.saleDate).toBeNull();
    expect(euro.payment).toEqual({ method: 'przelew', dueDate: '2026-03-15', paidDate: null });
    expect(euro.totalsByRate).toEqual([
      { group: 'P_13_1', vatRate: 'VAT_23', netAmount: '13560.00', vatAmount: '3118.80', vatAmountPln: '13768.14' },
    ]);
  });

  it('maps a buyer without a NIP (a consumer) to none, split payment, reverse charge and the other rates', () => {
    const xml = fixture('mf-fa3-przyklad-01.xml')
      .replace('<NIP>1111111111</NIP>', '<BrakID>1</BrakID>')
      .replace('<P_18>2</P_18>', '<P_18>1</P_18>')
      .replace('<P_18A>2</P_18A>', '<P_18A>1</P_18A>')
      .replace('<P_12>5</P_12>', '<P_12>np II</P_12>');
    const { content } = readFa3(xml);
    expect(content.buyer).toEqual({ name: 'F.H.U. Jan Kowalski', nip: null, address: 'ul. Polna 1, 00-001 Warszawa' });
    expect(content).toMatchObject({ splitPayment: true, reverseCharge: true });
    expect(content.lines[2]).toMatchObject({ vatRate: 'NP_II', vatAmount: '0.00' });
  });
});

describe('refusals', () => {
  it('refuses FA(2) and any other namespace: FA(3) is expected', () => {
    const fa2 = refusal(fillPlaceholders(fixture('cirfmf-java-invoice-template-fa-2.xml')));
    expect(fa2).toBeInstanceOf(KsefNamespaceError);
    expect(fa2.message).toMatch(/^This is an FA\(2\) invoice; FA\(3\) is expected/);
    const other = refusal('<?xml version="1.0"?><Invoice xmlns="urn:oasis:names:specification:ubl"/>');
    expect(other).toMatchObject({ code: 'KSEF_NAMESPACE', namespace: 'urn:oasis:names:specification:ubl' });
  });

  it('refuses every DOCTYPE and entity declaration before reading: external, parameter, billion laughs', () => {
    const body = fixture('mf-fa3-przyklad-01.xml').replace(/^<\?xml[^>]*>/, '');
    const attacks = {
      external: `<!DOCTYPE Faktura [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`,
      parameter: `<!DOCTYPE Faktura [<!ENTITY % remote SYSTEM "${entityUrl}"> %remote;]>`,
      externalDtd: `<!DOCTYPE Faktura SYSTEM "${entityUrl}">`,
      schemaFolder: `<!DOCTYPE Faktura [<!ENTITY xxe SYSTEM "${new URL('../src/ksef/xsd/README.md', import.meta.url).href}">]>`,
      laughs: `<!DOCTYPE Faktura [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>`,
      plain: `<!DOCTYPE Faktura>`,
    };
    for (const declaration of Object.values(attacks)) {
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${declaration}${body.replace('<P_7>lodówka', '<P_7>&xxe;&lol3;lodówka')}`;
      const error = refusal(xml);
      expect(error).toBeInstanceOf(KsefForbiddenDeclarationError);
      expect(error).toMatchObject({ code: 'KSEF_FORBIDDEN_DECLARATION', declaration: 'DOCTYPE' });
    }
    expect(fetched).toBe(0);
  });

  it('refuses malformed XML and other encodings than UTF-8, saying where', () => {
    const truncated = refusal(fixture('mf-fa3-przyklad-01.xml').slice(0, 600));
    expect(truncated).toBeInstanceOf(KsefMalformedError);
    expect((truncated as KsefMalformedError).line).toBeGreaterThan(0);
    expect(refusal('not xml at all')).toBeInstanceOf(KsefMalformedError);
    const latin2 = fixture('mf-fa3-przyklad-01.xml').replace('encoding="UTF-8"', 'encoding="ISO-8859-2"');
    expect(refusal(latin2).message).toMatch(/UTF-8; this one declares ISO-8859-2/);
    const utf16 = Buffer.from(`\uFEFF${fixture('mf-fa3-przyklad-01.xml')}`, 'utf16le');
    expect(refusal(utf16).message).toMatch(/UTF-16/);
  });

  it('refuses an invoice that breaks the schema, listing the errors with their lines', () => {
    const xml = fixture('mf-fa3-przyklad-01.xml').replace('<P_15>2051</P_15>', '<P_15>dużo</P_15>');
    const error = refusal(xml);
    expect(error).toBeInstanceOf(KsefSchemaError);
    const line = xml.split('\n').findIndex((l) => l.includes('<P_15>')) + 1;
    expect((error as KsefSchemaError).errors[0]).toEqual({
      line,
      message: expect.stringContaining("Element 'P_15': 'dużo' is not a valid value"),
    });
    const missing = refusal(fixture('mf-fa3-przyklad-01.xml').replace(/<P_2>[^<]*<\/P_2>/, ''));
    expect((missing as KsefSchemaError).errors[0]?.message).toMatch(/Element 'P_6': This element is not expected/);
    const kind = refusal(fixture('mf-fa3-przyklad-10.xml').replace('<RodzajFaktury>ZAL', '<RodzajFaktury>XYZ'));
    expect(kind).toBeInstanceOf(KsefSchemaError);
  });

  it('refuses more than 1 MiB, or 3 MiB with a Zalacznik, and a Zalacznik that is only mentioned', () => {
    const large = invoiceOfSize(1_200_000);
    expect(refusal(large)).toMatchObject({ code: 'KSEF_TOO_LARGE', limit: 1_048_576, size: Buffer.byteLength(large) });
    const mentioned = large.replace('</Faktura>', '<!-- Zalacznik --></Faktura>');
    expect(refusal(mentioned)).toMatchObject({ code: 'KSEF_TOO_LARGE', limit: 1_048_576 });
    expect(readFa3(invoiceOfSize(1_200_000, true)).content.lines.length).toBeGreaterThan(3000);
    expect(refusal(Buffer.alloc(3 * 1_048_576 + 1, 0x20))).toMatchObject({ code: 'KSEF_TOO_LARGE', limit: 3_145_728 });
  });

  it("refuses an invoice whose seller is not the company, when the company's NIP is given", () => {
    const xml = fa3Samples().find(({ file }) => file === 'cirfmf-java-invoice-template_v3.xml')!.xml;
    expect(readFa3(xml, { sellerNip: SELLER_NIP }).content.seller.nip).toBe(SELLER_NIP);
    let thrown: unknown;
    try {
      readFa3(xml, { sellerNip: '5260250274' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(NipMismatchError);
    expect((thrown as Error).message).toBe(
      "The seller's NIP 5265877635 (Podmiot1) is not the company's NIP 5260250274",
    );
  });
});
