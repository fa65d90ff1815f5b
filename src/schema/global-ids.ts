import { isUuid } from '../db/uuid.js';

/** A global id Konekt gives out: base64 of "Typename:uuid". Anything else is undefined. */
export function parseGlobalID(globalID: string): { typename: string; id: string } | undefined {
  const decoded = Buffer.from(globalID, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const typename = decoded.slice(0, separator);
  const id = decoded.slice(separator + 1);
  if (separator < 1 || !isUuid(id)) return undefined;
  return { typename, id };
}
