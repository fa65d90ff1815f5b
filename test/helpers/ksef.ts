import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/ksef');
export const SELLER_NIP = '5265877635';
export const BUYER_NIP = '5260250274';

/** Fills the `#…#` placeholders of the CIRFMF templates (ministry examples have none). */
export function fillPlaceholders(xml: string, number = '1'): string {
  return xml
    .replaceAll('#nip#', SELLER_NIP)
    .replaceAll('#selfInvocingNip#', SELLER_NIP)
    .replaceAll('#subject2nip#', BUYER_NIP)
    .replaceAll('#subject3IdentifierValue#', `<NIP>${BUYER_NIP}</NIP>`)
    .replaceAll('#invoicing_date#', '2026-02-15')
    .replaceAll('#invoice_number#', number);
}

export const fa3Samples = (): { file: string; xml: string }[] =>
  readdirSync(FIXTURES)
    .filter((file) => file.endsWith('.xml') && !file.includes('fa-2'))
    .sort()
    .map((file) => ({ file, xml: fillPlaceholders(readFileSync(path.join(FIXTURES, file), 'utf8')) }));

export const fixture = (file: string): string => readFileSync(path.join(FIXTURES, file), 'utf8');

const fa3Line = (i: number) => `
		<FaWiersz>
			<NrWierszaFa>${i}</NrWierszaFa>
			<UU_ID>line-${i}</UU_ID>
			<P_7>Towar numer ${i} z katalogu, opis pozycji faktury</P_7>
			<Indeks>IDX-${String(i).padStart(6, '0')}</Indeks>
			<P_8A>szt.</P_8A>
			<P_8B>2</P_8B>
			<P_9A>50.00</P_9A>
			<P_11>100.00</P_11>
			<P_12>23</P_12>
		</FaWiersz>`;

/**
 * The ministry's example 01 with `lines` lines of 2 × 50.00 at 23% and totals that add up, and
 * an optional Zalacznik: an invoice of any size that validates and raises no warning.
 */
export function invoiceWithLines(lines: number, zalacznik = false): string {
  const xml = fixture('mf-fa3-przyklad-01.xml');
  const net = lines * 100;
  const totals = `<P_13_1>${net}.00</P_13_1>
		<P_14_1>${(net * 23) / 100}.00</P_14_1>
		<P_15>${(net * 123) / 100}.00</P_15>`;
  const withTotals = xml.replace(/<P_13_1>[\s\S]*<P_15>[^<]*<\/P_15>/, totals);
  const rows = Array.from({ length: lines }, (_, i) => fa3Line(i + 1)).join('');
  const withLines = withTotals.replace(/\s*<FaWiersz>[\s\S]*<\/FaWiersz>/, rows);
  return zalacznik
    ? withLines.replace(
        '</Faktura>',
        '<Zalacznik><BlokDanych><MetaDane><ZKlucz>Umowa</ZKlucz><ZWartosc>12/2026</ZWartosc></MetaDane></BlokDanych></Zalacznik>\n</Faktura>',
      )
    : withLines;
}

/** The invoice of invoiceWithLines with the most lines that is at most `bytes` long. */
export function invoiceOfSize(bytes: number, zalacznik = false): string {
  const size = (lines: number) => Buffer.byteLength(invoiceWithLines(lines, zalacznik));
  const perLine = (size(101) - size(1)) / 100;
  let lines = Math.max(1, Math.floor((bytes - size(1)) / perLine));
  while (lines > 1 && size(lines) > bytes) lines -= Math.ceil((size(lines) - bytes) / perLine);
  return invoiceWithLines(lines, zalacznik);
}
