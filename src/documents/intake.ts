import { createHash } from 'node:crypto';
import { ValidationError } from '../errors.js';
import type { ProgramKind } from '../generated/prisma/enums.js';
import { checkKsefNumber, readFa3, type KsefWarning } from '../ksef/index.js';
import { validateDocument, type DocumentInputShape, type ValidatedDocument } from './validation.js';

/** What a sales program sends: JSON fields or an FA(3) invoice as it is, never both. */
export interface SendInput {
  document?: DocumentInputShape | null;
  ksefXml?: string | null;
  ksefNumber?: string | null;
}

export interface KsefOriginal {
  /** The invoice exactly as sent; its UTF-8 bytes are what `sha256` is of. */
  xml: string;
  sha256: string;
  ksefNumber: string | null;
  warnings: KsefWarning[];
}

export interface PreparedDocument extends ValidatedDocument {
  /** Null for a document sent as JSON. */
  ksef: KsefOriginal | null;
}

const given = <T>(value: T | null | undefined): T | null => (value === undefined ? null : value);

/**
 * Checks a sent document and returns what is stored. An FA(3) invoice is refused only for what
 * makes it no FA(3) invoice of this company (src/ksef's typed errors); its arithmetic becomes
 * warnings. Its content, for duplicates and versions, is its bytes and its KSeF number: the same
 * XML sent again is a duplicate, the same XML with the KSeF number added is a new version.
 */
export function prepareDocument(
  input: SendInput,
  company: { nip: string },
  program: ProgramKind,
  maxBodyBytes: number,
): PreparedDocument {
  const json = given(input.document);
  const xml = given(input.ksefXml);
  const ksefNumber = given(input.ksefNumber)?.trim() || null;
  if (json && xml !== null) throw new ValidationError('ksefXml', (m) => m.validation.documentAndKsefXml);
  if (json) {
    if (ksefNumber) throw new ValidationError('ksefNumber', (m) => m.validation.ksefNumberWithoutXml);
    return { ...validateDocument(json, company, program, maxBodyBytes), ksef: null };
  }
  if (xml === null) throw new ValidationError('document', (m) => m.validation.documentOrKsefXml);
  if (ksefNumber) checkKsefNumber(ksefNumber);
  const { content, warnings, sha256 } = readFa3(xml, { sellerNip: company.nip });
  return {
    content,
    contentHash: createHash('sha256')
      .update(`FA(3) ${sha256} ${ksefNumber ?? ''}`)
      .digest('hex'),
    attachments: [],
    ksef: { xml, sha256, ksefNumber, warnings },
  };
}
