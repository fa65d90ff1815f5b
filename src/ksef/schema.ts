import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ParseOption,
  XmlDocument,
  XmlParseError,
  XmlValidateError,
  XsdValidator,
  xmlRegisterInputProvider,
  type ErrorDetail,
} from 'libxml2-wasm';
import { fsInputProviders } from 'libxml2-wasm/lib/nodejs.mjs';
import {
  KsefForbiddenDeclarationError,
  KsefMalformedError,
  KsefNamespaceError,
  KsefSchemaError,
  KsefTooLargeError,
} from '../errors.js';
import { FA2_NAMESPACE, FA3_NAMESPACE } from './codes.js';
import { child, copyTree, type Element } from './tree.js';

/** KSeF's own limits (faktury/weryfikacja-faktury.md): 1 MiB, 3 MiB for an invoice with attachments. */
export const MAX_FA3_BYTES = 1024 * 1024;
export const MAX_FA3_BYTES_WITH_ATTACHMENT = 3 * 1024 * 1024;
const SCHEMA_ERRORS_REPORTED = 10;

const XSD_DIR = fileURLToPath(new URL('./xsd/', import.meta.url));
const XSD_FILE = path.join(XSD_DIR, 'schemat_FA(3)_v1-0E.xsd');

// No DTD is loaded and no entity substituted; NO_XXE and NONET hold even if a declaration got past the check.
const PARSE_OPTIONS = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_BIG_LINES;

function localPath(filename: string): string | null {
  try {
    return filename.startsWith('file:') ? fileURLToPath(filename) : path.resolve(filename);
  } catch {
    return null;
  }
}

let validator: XsdValidator | undefined;

/**
 * Parses the schema once per process (~50–110 ms). libxml2 may read files only from the schema's
 * own folder, so the includes of the schema resolve and nothing else can be read through it.
 */
function fa3Schema(): XsdValidator {
  if (validator) return validator;
  xmlRegisterInputProvider({
    ...fsInputProviders,
    match: (filename) => {
      const file = localPath(filename);
      return file !== null && file.startsWith(XSD_DIR) && fsInputProviders.match(filename);
    },
  });
  const schema = XmlDocument.fromBuffer(readFileSync(XSD_FILE), { url: XSD_FILE, option: PARSE_OPTIONS });
  try {
    validator = XsdValidator.fromDoc(schema);
  } finally {
    schema.dispose();
  }
  return validator;
}

/** Loads the schema now (at start-up) rather than on the first invoice. */
export function loadFa3Schema(): void {
  fa3Schema();
}

const startsWith = (bytes: Uint8Array, ...prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/** KSeF takes UTF-8 only; a UTF-16 document would also slip past the byte search for declarations. */
function checkEncoding(bytes: Buffer) {
  if (startsWith(bytes, 0xfe, 0xff) || startsWith(bytes, 0xff, 0xfe) || bytes[0] === 0 || bytes[1] === 0) {
    throw new KsefMalformedError(null, { kind: 'utf16' });
  }
  const head = bytes.subarray(startsWith(bytes, 0xef, 0xbb, 0xbf) ? 3 : 0, 200).toString('latin1');
  const declared = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']/.exec(head)?.[1];
  if (declared && declared.toLowerCase() !== 'utf-8') {
    throw new KsefMalformedError(null, { kind: 'encoding', declared });
  }
}

const firstLine = (details: ErrorDetail[]) => details[0]?.line ?? null;
const cleanMessage = (message: string) => message.replaceAll(`{${FA3_NAMESPACE}}`, '').trim();

/**
 * Everything KSeF requires of the file before Konekt reads it, in the cheapest order: size,
 * encoding, no DTD (so no entity is ever expanded or fetched), well-formed, FA(3) namespace, the
 * official schema. Returns the invoice's elements; throws a typed error otherwise.
 */
export function readValidFa3(bytes: Buffer): Element {
  if (bytes.length > MAX_FA3_BYTES_WITH_ATTACHMENT) {
    throw new KsefTooLargeError(bytes.length, MAX_FA3_BYTES_WITH_ATTACHMENT);
  }
  const large = bytes.length > MAX_FA3_BYTES;
  if (large && !bytes.includes('Zalacznik')) throw new KsefTooLargeError(bytes.length, MAX_FA3_BYTES);
  checkEncoding(bytes);
  if (bytes.includes('<!DOCTYPE')) throw new KsefForbiddenDeclarationError('DOCTYPE');
  if (bytes.includes('<!ENTITY')) throw new KsefForbiddenDeclarationError('ENTITY');

  const schema = fa3Schema();
  let document: XmlDocument;
  try {
    document = XmlDocument.fromBuffer(bytes, { option: PARSE_OPTIONS });
  } catch (error) {
    if (error instanceof XmlParseError) {
      throw new KsefMalformedError(firstLine(error.details), {
        kind: 'xml',
        detail: cleanMessage(error.details[0]?.message ?? error.message),
      });
    }
    throw error;
  }
  try {
    const root = document.root;
    if (root.namespaceUri !== FA3_NAMESPACE || root.name !== 'Faktura') {
      throw new KsefNamespaceError(root.namespaceUri, root.name, root.namespaceUri === FA2_NAMESPACE);
    }
    try {
      schema.validate(document);
    } catch (error) {
      if (error instanceof XmlValidateError) {
        throw new KsefSchemaError(
          error.details
            .slice(0, SCHEMA_ERRORS_REPORTED)
            .map((detail) => ({ message: cleanMessage(detail.message), line: detail.line })),
        );
      }
      throw error;
    }
    const invoice = copyTree(root);
    if (large && !child(invoice, 'Zalacznik')) throw new KsefTooLargeError(bytes.length, MAX_FA3_BYTES);
    return invoice;
  } finally {
    document.dispose();
  }
}
