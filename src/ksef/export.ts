import { formatGrosze } from '../documents/money.js';
import type { DocumentContent, DocumentLine, RateTotal } from '../documents/validation.js';
import { canonical, grosze } from './amounts.js';
import { DOCUMENT_TYPE_KEY, FA3_NAMESPACE, KIND_OF_TYPE, paymentFormCode } from './codes.js';
import { P12_OF_RATE, RATE_GROUPS, groupOfRate } from './rates.js';

interface XmlNode {
  name: string;
  attributes?: Record<string, string>;
  content: string | Node[];
}
// Falsy entries are left out, so optional elements read as `condition && el(...)`.
type Node = XmlNode | null | undefined | false | '';

const el = (name: string, content: string | Node[], attributes?: Record<string, string>): XmlNode => ({
  name,
  content,
  attributes,
});

// Characters XML 1.0 cannot carry at all; a JSON string may hold them.
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const escape = (text: string) =>
  text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function serialize(node: XmlNode, indent: string): string {
  const attributes = Object.entries(node.attributes ?? {})
    .map(([name, value]) => ` ${name}="${escape(value)}"`)
    .join('');
  if (typeof node.content === 'string') {
    return `${indent}<${node.name}${attributes}>${escape(node.content)}</${node.name}>\n`;
  }
  const children = node.content.filter((child): child is XmlNode => !!child);
  return `${indent}<${node.name}${attributes}>\n${children.map((c) => serialize(c, `${indent}  `)).join('')}${indent}</${node.name}>\n`;
}

export interface ExportOptions {
  /** DataWytworzeniaFa; by default the issue date at midnight UTC, so the same document exports to the same bytes. */
  generatedAt?: Date;
  /** DataWystFaKorygowanej when the document does not say it (a JSON correction names only the number). */
  correctedIssueDate?: string;
}

// The schema's earliest DataWytworzeniaFa.
const EARLIEST_GENERATED_AT = '2025-09-01T00:00:00Z';
// Podmiot1 must have an address; a JSON document may not give one.
const NO_ADDRESS = 'nie podano';
const NO_EXEMPTION_BASIS = 'podstawa zwolnienia nie została podana w dokumencie źródłowym';
const CORRECTED_DATE_UNKNOWN = 'DataWystFaKorygowanej nieznana: podano datę wystawienia korekty';

/** The totals per group: as an FA(3) invoice stated them, else the sums of the lines. */
function rateTotals(content: DocumentContent): RateTotal[] {
  if (content.totalsByRate) return content.totalsByRate;
  const sums = new Map<string, { net: bigint; vat: bigint }>();
  const add = (line: DocumentLine, sign: bigint) => {
    const group = groupOfRate(line.vatRate).net;
    const sum = sums.get(group) ?? { net: 0n, vat: 0n };
    sum.net += sign * grosze(line.netAmount);
    sum.vat += sign * grosze(line.vatAmount);
    sums.set(group, sum);
  };
  for (const line of content.lines) add(line, 1n);
  for (const line of content.linesBefore ?? []) add(line, -1n);
  return RATE_GROUPS.filter((group) => sums.has(group.net)).map((group) => ({
    group: group.net,
    vatRate: null,
    netAmount: formatGrosze(sums.get(group.net)!.net),
    vatAmount: group.vat ? formatGrosze(sums.get(group.net)!.vat) : null,
    vatAmountPln: null,
  }));
}

function totals(content: DocumentContent): Node[] {
  const byGroup = new Map(rateTotals(content).map((total) => [total.group, total]));
  return RATE_GROUPS.flatMap((group) => {
    const total = byGroup.get(group.net);
    if (!total) return [];
    return [
      el(group.net, total.netAmount),
      group.vat && total.vatAmount !== null && el(group.vat, total.vatAmount),
      group.vatPln && total.vatAmountPln !== null && el(group.vatPln, total.vatAmountPln),
    ];
  });
}

function annotations(content: DocumentContent): XmlNode {
  const lines = [...content.lines, ...(content.linesBefore ?? [])];
  const reverseCharge = content.reverseCharge ?? lines.some((line) => line.vatRate === 'OO');
  const exempt = lines.some((line) => line.vatRate === 'ZW');
  return el('Adnotacje', [
    el('P_16', '2'),
    el('P_17', '2'),
    el('P_18', reverseCharge ? '1' : '2'),
    el('P_18A', content.splitPayment ? '1' : '2'),
    el('Zwolnienie', exempt ? [el('P_19', '1'), el('P_19C', NO_EXEMPTION_BASIS)] : [el('P_19N', '1')]),
    el('NoweSrodkiTransportu', [el('P_22N', '1')]),
    el('P_23', '2'),
    el('PMarzy', [el('P_PMarzyN', '1')]),
  ]);
}

function correction(content: DocumentContent, options: ExportOptions): Node[] {
  const corrected =
    content.correctedInvoices ??
    (content.correctedNumber
      ? [{ number: content.correctedNumber, issueDate: options.correctedIssueDate ?? null, ksefNumber: null }]
      : []);
  return corrected.map((invoice) =>
    el('DaneFaKorygowanej', [
      el('DataWystFaKorygowanej', invoice.issueDate ?? content.issueDate),
      el('NrFaKorygowanej', invoice.number),
      ...(invoice.ksefNumber
        ? [el('NrKSeF', '1'), el('NrKSeFFaKorygowanej', invoice.ksefNumber)]
        : [el('NrKSeFN', '1')]),
    ]),
  );
}

function descriptions(content: DocumentContent, options: ExportOptions): Node[] {
  const pairs: [string, string][] = [];
  if (KIND_OF_TYPE[content.type] === 'VAT' && content.type !== 'INVOICE') pairs.push([DOCUMENT_TYPE_KEY, content.type]);
  if (content.correctedNumber && !content.correctedInvoices && !options.correctedIssueDate) {
    pairs.push(['Uwaga', CORRECTED_DATE_UNKNOWN]);
  }
  for (const attachment of content.attachments) pairs.push(['Załącznik', attachment.fileName]);
  return pairs.map(([key, value]) => el('DodatkowyOpis', [el('Klucz', key), el('Wartosc', value)]));
}

function line(row: DocumentLine, index: number, before: boolean): XmlNode {
  return el('FaWiersz', [
    el('NrWierszaFa', String(index + 1)),
    row.name !== '' && el('P_7', row.name),
    row.unit && el('P_8A', row.unit),
    el('P_8B', canonical(row.quantity)),
    el('P_9A', canonical(row.unitNetPrice)),
    row.unitGrossPrice && el('P_9B', canonical(row.unitGrossPrice)),
    el('P_11', row.netAmount),
    el('P_12', P12_OF_RATE[row.vatRate]),
    before && el('StanPrzed', '1'),
  ]);
}

function payment(content: DocumentContent): Node {
  const { payment } = content;
  if (!payment || (!payment.method && !payment.dueDate && !payment.paidDate)) return null;
  const code = payment.method ? paymentFormCode(payment.method) : undefined;
  return el('Platnosc', [
    payment.paidDate && el('Zaplacono', '1'),
    payment.paidDate && el('DataZaplaty', payment.paidDate),
    payment.dueDate && el('TerminPlatnosci', [el('Termin', payment.dueDate)]),
    code && el('FormaPlatnosci', code),
    !code && payment.method && el('PlatnoscInna', '1'),
    !code && payment.method && el('OpisPlatnosci', payment.method),
  ]);
}

/**
 * Writes any document as an FA(3) invoice the official schema accepts, so an accounting program
 * imports everything through one FA(3) importer. See KIND_OF_TYPE for the documents that are not
 * invoices. The export is for import, not for KSeF: Konekt does not issue invoices in KSeF.
 */
export function exportFa3(content: DocumentContent, options: ExportOptions = {}): string {
  const generatedAt =
    options.generatedAt?.toISOString() ?? [`${content.issueDate}T00:00:00Z`, EARLIEST_GENERATED_AT].sort().at(-1)!;
  const kind = KIND_OF_TYPE[content.type];
  const linesBefore = content.linesBefore ?? [];
  const faktura = el(
    'Faktura',
    [
      el('Naglowek', [
        el('KodFormularza', 'FA', { kodSystemowy: 'FA (3)', wersjaSchemy: '1-0E' }),
        el('WariantFormularza', '3'),
        el('DataWytworzeniaFa', generatedAt),
        el('SystemInfo', 'Konekt'),
      ]),
      el('Podmiot1', [
        el('DaneIdentyfikacyjne', [el('NIP', content.seller.nip ?? ''), el('Nazwa', content.seller.name)]),
        el('Adres', [el('KodKraju', 'PL'), el('AdresL1', content.seller.address ?? NO_ADDRESS)]),
      ]),
      el('Podmiot2', [
        el('DaneIdentyfikacyjne', [
          content.buyer.nip ? el('NIP', content.buyer.nip) : el('BrakID', '1'),
          content.buyer.name !== '' && el('Nazwa', content.buyer.name),
        ]),
        content.buyer.address && el('Adres', [el('KodKraju', 'PL'), el('AdresL1', content.buyer.address)]),
        el('JST', '2'),
        el('GV', '2'),
      ]),
      el('Fa', [
        el('KodWaluty', content.currency),
        el('P_1', content.issueDate),
        el('P_2', content.number),
        content.type === 'WAREHOUSE_RELEASE' && el('WZ', content.number),
        content.saleDate && el('P_6', content.saleDate),
        ...totals(content),
        el('P_15', content.totals.grossAmount),
        annotations(content),
        el('RodzajFaktury', kind),
        ...(kind.startsWith('KOR') ? correction(content, options) : []),
        ...descriptions(content, options),
        ...content.lines.map((row, i) => line(row, i, false)),
        ...linesBefore.map((row, i) => line(row, content.lines.length + i, true)),
        payment(content),
      ]),
      content.notes && el('Stopka', [el('Informacje', [el('StopkaFaktury', content.notes)])]),
    ],
    {
      xmlns: FA3_NAMESPACE,
    },
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialize(faktura, '')}`;
}
