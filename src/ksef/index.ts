import { createHash } from 'node:crypto';
import { NipMismatchError } from '../errors.js';
import type { DocumentContent } from '../documents/validation.js';
import { readInvoice } from './invoice.js';
import { mapInvoice } from './mapping.js';
import { readValidFa3 } from './schema.js';
import { arithmeticWarnings, type KsefWarning } from './warnings.js';

export { DOCUMENT_TYPE_KEY, FA3_NAMESPACE } from './codes.js';
export { exportFa3, type ExportOptions } from './export.js';
export { loadFa3Schema, MAX_FA3_BYTES, MAX_FA3_BYTES_WITH_ATTACHMENT } from './schema.js';
export { checkKsefNumber, KSEF_QR_HOSTS, verificationUrl } from './verification.js';
export { describeWarning, type KsefWarning, type KsefWarningCode } from './warnings.js';

export interface Fa3Document {
  /** The structured document, in the form a JSON document is stored in. */
  content: DocumentContent;
  /** Arithmetic that does not add up; never a reason to refuse an invoice already issued in KSeF. */
  warnings: KsefWarning[];
  /** SHA-256 of the XML bytes as received, hex: the basis of the verification link. */
  sha256: string;
}

/**
 * Validates an FA(3) invoice and reads it: refuses (typed errors of src/errors.ts) anything too
 * large, not UTF-8, with a DTD or entity declaration, malformed, not FA(3) or not valid against the
 * official schema, and, when `sellerNip` is given, an invoice whose seller (Podmiot1) has another NIP.
 */
export function readFa3(xml: string | Uint8Array, options: { sellerNip?: string } = {}): Fa3Document {
  const bytes =
    typeof xml === 'string' ? Buffer.from(xml, 'utf8') : Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength);
  const invoice = readInvoice(readValidFa3(bytes));
  if (options.sellerNip !== undefined && invoice.seller.nip !== options.sellerNip) {
    const { sellerNip } = options;
    const found = invoice.seller.nip ?? '—';
    throw new NipMismatchError(sellerNip, (m) => m.errors.nipMismatchKsefSeller(found, sellerNip));
  }
  return {
    content: mapInvoice(invoice),
    warnings: arithmeticWarnings(invoice),
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}
