import { InvalidKsefNumberError } from '../errors.js';

/** The hosts of the KSeF verification links (kody-qr.md in CIRFMF/ksef-docs), by environment. */
export const KSEF_QR_HOSTS = {
  production: 'https://qr.ksef.mf.gov.pl',
  demo: 'https://qr-demo.ksef.mf.gov.pl',
  test: 'https://qr-test.ksef.mf.gov.pl',
} as const;

/**
 * The KSeF "KOD I" link to verify and download an invoice:
 * `{host}/invoice/{seller's NIP}/{P_1 as DD-MM-YYYY}/{SHA-256 of the XML file, Base64URL}`.
 */
export function verificationUrl(
  invoice: { sellerNip: string; issueDate: string; sha256: string },
  host: string = KSEF_QR_HOSTS.production,
): string {
  const [year, month, day] = invoice.issueDate.split('-');
  const hash = Buffer.from(invoice.sha256, 'hex').toString('base64url');
  return `${host.replace(/\/+$/, '')}/invoice/${invoice.sellerNip}/${day}-${month}-${year}/${hash}`;
}

// TNumerKSeF of the FA(3) schema, in the 35-character form that carries a checksum (numer-ksef.md).
const KSEF_NUMBER =
  /^([1-9]((\d[1-9])|([1-9]\d))\d{7}|M\d{9}|[A-Z]{3}\d{7})-(20[2-9]\d|2[1-9]\d{2}|[3-9]\d{3})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])-[0-9A-F]{12}-[0-9A-F]{2}$/;

/** CRC-8, polynomial 0x07, initial value 0x00, over the ASCII bytes. */
function crc8(text: string): number {
  let crc = 0;
  for (let i = 0; i < text.length; i += 1) {
    crc ^= text.charCodeAt(i);
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

/**
 * A KSeF number: 35 characters, `NIP-YYYYMMDD-XXXXXXXXXXXX-CC`, the technical part in upper-case
 * hex, CC the CRC-8 of the first 32 characters in upper-case hex. Returns it; throws otherwise.
 */
export function checkKsefNumber(ksefNumber: string): string {
  if (ksefNumber.length !== 35) {
    throw new InvalidKsefNumberError(ksefNumber, { kind: 'length', length: ksefNumber.length });
  }
  if (!KSEF_NUMBER.test(ksefNumber)) {
    throw new InvalidKsefNumberError(ksefNumber, { kind: 'form' });
  }
  const checksum = crc8(ksefNumber.slice(0, 32)).toString(16).toUpperCase().padStart(2, '0');
  if (ksefNumber.slice(33) !== checksum) {
    throw new InvalidKsefNumberError(ksefNumber, { kind: 'checksum' });
  }
  return ksefNumber;
}
