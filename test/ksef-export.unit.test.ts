import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidKsefNumberError } from '../src/errors.js';
import {
  checkKsefNumber,
  DOCUMENT_TYPE_KEY,
  exportFa3,
  KSEF_QR_HOSTS,
  readFa3,
  verificationUrl,
} from '../src/ksef/index.js';
import { validateDocument, type DocumentContent, type DocumentInputShape } from '../src/documents/validation.js';
import { fa3Samples } from './helpers/ksef.js';
import { jsonDocument, jsonSamples } from './helpers/json-samples.js';
import { DEFAULT_MAX_BODY_BYTES } from '../src/config.js';

const NIP = '5260001246';

const JSON_SAMPLES = jsonSamples(NIP);
const document = (overrides: Partial<DocumentInputShape>) => jsonDocument(NIP, overrides);

const stored = (input: DocumentInputShape): DocumentContent =>
  validateDocument(input, { nip: NIP }, 'HANDEL_MAGAZYN', DEFAULT_MAX_BODY_BYTES).content;

const amounts = (content: DocumentContent) => ({
  totals: content.totals,
  lines: content.lines.map((l) => [l.vatRate === 'NP' ? 'NP_I' : l.vatRate, l.netAmount, l.vatAmount, l.grossAmount]),
});

describe('export of JSON documents to FA(3)', () => {
  it.each(Object.entries(JSON_SAMPLES))('%s exports to XML the schema accepts, with the same amounts', (_, input) => {
    const content = stored(input);
    const xml = exportFa3(content);
    const back = readFa3(xml, { sellerNip: NIP }).content;
    expect(amounts(back)).toEqual(amounts(content));
    expect(back).toMatchObject({
      number: content.number,
      issueDate: content.issueDate,
      currency: content.currency,
      correctedNumber: content.correctedNumber,
      buyer: { nip: content.buyer.nip, name: content.buyer.name },
    });
    expect(back.payment?.method ?? null).toBe(content.payment?.method ?? null);
    expect(back.notes).toBe(content.notes);
    expect(exportFa3(content)).toBe(xml);
  });

  it('keeps the invoice kinds and writes the other documents as VAT, naming their type', () => {
    const kinds = ['INVOICE', 'CORRECTION', 'ADVANCE_INVOICE', 'SETTLEMENT_INVOICE', 'SIMPLIFIED_INVOICE'] as const;
    for (const type of kinds) {
      const content = stored(document({ type, correctedNumber: type === 'CORRECTION' ? 'FV/1' : null }));
      expect(readFa3(exportFa3(content)).content.type).toBe(type);
    }
    for (const type of ['PROFORMA', 'RECEIPT', 'WAREHOUSE_RELEASE', 'WAREHOUSE_RECEIPT'] as const) {
      const xml = exportFa3(stored(document({ type })));
      expect(xml).toContain('<RodzajFaktury>VAT</RodzajFaktury>');
      expect(xml).toMatch(new RegExp(`<Klucz>${DOCUMENT_TYPE_KEY}</Klucz>\\s*<Wartosc>${type}</Wartosc>`));
      expect(readFa3(xml).content.type).toBe('INVOICE');
    }
    expect(exportFa3(stored(document({ type: 'WAREHOUSE_RELEASE', number: 'WZ/7' })))).toContain('<WZ>WZ/7</WZ>');
  });

  it('escapes markup and leaves out the characters XML 1.0 cannot carry', () => {
    const content = stored(document({ buyer: { name: 'A & B <sp. j.> "Bell"\u0007', nip: '5260250274' } }));
    expect(readFa3(exportFa3(content)).content.buyer.name).toBe('A & B <sp. j.> "Bell"');
  });

  it("dates a JSON correction's corrected invoice when told, and says so when not", () => {
    const content = stored(JSON_SAMPLES.correction!);
    expect(exportFa3(content)).toContain('DataWystFaKorygowanej nieznana');
    const dated = exportFa3(content, { correctedIssueDate: '2026-11-02' });
    expect(dated).toMatch(
      /<DataWystFaKorygowanej>2026-11-02<\/DataWystFaKorygowanej>\s*<NrFaKorygowanej>FV\/2026\/11\/001/,
    );
    expect(dated).not.toContain('nieznana');
  });

  it('exports an FA(3) invoice read into the structured form back to FA(3) with the same totals', () => {
    for (const { xml } of fa3Samples()) {
      const { content } = readFa3(xml);
      const again = readFa3(exportFa3(content)).content;
      expect(again.totals).toEqual(content.totals);
      expect(again.totalsByRate).toEqual(content.totalsByRate);
      expect(again.correctedInvoices).toEqual(content.correctedInvoices);
      expect(again.linesBefore?.length).toBe(content.linesBefore?.length);
    }
  });
});

describe('verification link (KOD I) and KSeF numbers', () => {
  it('builds the link of the KSeF docs example, on the host asked for', () => {
    const sha256 = Buffer.from('UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE', 'base64url').toString('hex');
    expect(verificationUrl({ sellerNip: '1111111111', issueDate: '2026-02-01', sha256 }, KSEF_QR_HOSTS.test)).toBe(
      'https://qr-test.ksef.mf.gov.pl/invoice/1111111111/01-02-2026/UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE',
    );
  });

  it('hashes the XML bytes as received', () => {
    const xml = fa3Samples().find(({ file }) => file === 'mf-fa3-przyklad-01.xml')!.xml;
    const { sha256, content } = readFa3(xml);
    const hash = createHash('sha256').update(Buffer.from(xml, 'utf8')).digest('base64url');
    expect(verificationUrl({ sellerNip: content.seller.nip!, issueDate: content.issueDate, sha256 })).toBe(
      `https://qr.ksef.mf.gov.pl/invoice/9999999999/15-02-2026/${hash}`,
    );
  });

  it('accepts a KSeF number with a correct CRC-8 and refuses the rest, saying why', () => {
    expect(checkKsefNumber('5265877635-20250826-0100001AF629-AF')).toBe('5265877635-20250826-0100001AF629-AF');
    const refused = {
      '5265877635-20260215-0100A0B1C2D3-E4': /CRC-8/,
      '5265877635-20250826-0100001af629-AF': /upper case/,
      '5265877635-20250826-0100001AF629': /32 characters/,
      '0265877635-20250826-0100001AF629-AF': /form/,
    };
    for (const [number, reason] of Object.entries(refused)) {
      expect(() => checkKsefNumber(number)).toThrow(InvalidKsefNumberError);
      expect(() => checkKsefNumber(number)).toThrow(reason);
    }
  });
});
