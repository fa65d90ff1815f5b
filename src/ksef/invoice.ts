import { child, childrenNamed, textAt, type Element } from './tree.js';

/** One FaWiersz as written: every field the mapping and the arithmetic checks read. */
export interface Fa3Line {
  name: string | null; // P_7
  unit: string | null; // P_8A
  quantity: string | null; // P_8B
  unitNetPrice: string | null; // P_9A
  unitGrossPrice: string | null; // P_9B
  net: string | null; // P_11
  gross: string | null; // P_11A
  vat: string | null; // P_11Vat
  rate: string | null; // P_12
  ossRate: string | null; // P_12_XII
  exchangeRate: string | null; // KursWaluty
  before: boolean; // StanPrzed
}

export interface Fa3Party {
  nip: string | null;
  name: string | null;
  address: string | null;
}

/** The parts of an FA(3) invoice Konekt reads, as written (amounts are decimal strings). */
export interface Fa3Invoice {
  kind: string; // RodzajFaktury
  number: string; // P_2
  issueDate: string; // P_1
  saleDate: string | null; // P_6
  currency: string; // KodWaluty
  seller: Fa3Party;
  buyer: Fa3Party;
  /** P_13_x, P_14_x and P_14_xW present in the invoice, by element name. */
  totals: ReadonlyMap<string, string>;
  grossTotal: string; // P_15
  advanceExchangeRate: string | null; // KursWalutyZ
  reverseCharge: boolean; // P_18
  splitPayment: boolean; // P_18A
  margin: boolean; // PMarzy/P_PMarzy
  corrected: { number: string; issueDate: string; ksefNumber: string | null }[];
  lines: Fa3Line[];
  /** Stopka/Informacje/StopkaFaktury, one per line. */
  footer: string | null;
  payment: {
    formCode: string | null;
    otherForm: string | null;
    dueDate: string | null;
    paidDate: string | null;
  } | null;
}

function address(party: Element | undefined): string | null {
  const adres = child(party, 'Adres');
  if (!adres) return null;
  const country = textAt(adres, 'KodKraju');
  const parts = [textAt(adres, 'AdresL1'), textAt(adres, 'AdresL2'), country === 'PL' ? null : country];
  return parts.filter((part): part is string => !!part).join(', ');
}

function party(element: Element | undefined): Fa3Party {
  const id = child(element, 'DaneIdentyfikacyjne');
  return { nip: textAt(id, 'NIP'), name: textAt(id, 'Nazwa'), address: address(element) };
}

function line(wiersz: Element): Fa3Line {
  const field = (name: string) => textAt(wiersz, name);
  return {
    name: field('P_7'),
    unit: field('P_8A'),
    quantity: field('P_8B'),
    unitNetPrice: field('P_9A'),
    unitGrossPrice: field('P_9B'),
    net: field('P_11'),
    gross: field('P_11A'),
    vat: field('P_11Vat'),
    rate: field('P_12'),
    ossRate: field('P_12_XII'),
    exchangeRate: field('KursWaluty'),
    before: field('StanPrzed') === '1',
  };
}

/** Reads an invoice the schema has accepted, so every required element is there. */
export function readInvoice(faktura: Element): Fa3Invoice {
  const fa = child(faktura, 'Fa')!;
  const required = (name: string) => textAt(fa, name)!;
  const adnotacje = child(fa, 'Adnotacje');
  const platnosc = child(fa, 'Platnosc');
  return {
    kind: required('RodzajFaktury'),
    number: required('P_2'),
    issueDate: required('P_1'),
    saleDate: textAt(fa, 'P_6'),
    currency: required('KodWaluty'),
    seller: party(child(faktura, 'Podmiot1')),
    buyer: party(child(faktura, 'Podmiot2')),
    totals: new Map(fa.children.filter((c) => /^P_1[34]_/.test(c.name)).map((c) => [c.name, c.text])),
    grossTotal: required('P_15'),
    advanceExchangeRate: textAt(fa, 'KursWalutyZ'),
    reverseCharge: textAt(adnotacje, 'P_18') === '1',
    splitPayment: textAt(adnotacje, 'P_18A') === '1',
    margin: textAt(adnotacje, 'PMarzy', 'P_PMarzy') === '1',
    corrected: childrenNamed(fa, 'DaneFaKorygowanej').map((dane) => ({
      number: textAt(dane, 'NrFaKorygowanej')!,
      issueDate: textAt(dane, 'DataWystFaKorygowanej')!,
      ksefNumber: textAt(dane, 'NrKSeFFaKorygowanej'),
    })),
    lines: childrenNamed(fa, 'FaWiersz').map(line),
    footer:
      childrenNamed(child(faktura, 'Stopka'), 'Informacje')
        .map((informacje) => textAt(informacje, 'StopkaFaktury'))
        .filter((text): text is string => text !== null)
        .join('\n') || null,
    payment: platnosc
      ? {
          formCode: textAt(platnosc, 'FormaPlatnosci'),
          otherForm: textAt(platnosc, 'OpisPlatnosci'),
          dueDate: textAt(platnosc, 'TerminPlatnosci', 'Termin'),
          paidDate: textAt(platnosc, 'DataZaplaty'),
        }
      : null,
  };
}
