import { KonektConnectionLostError, KonektUnreachableError } from '../../packages/client/src/index.js';
import type { CliText } from '../i18n/cli/index.js';

/** Why the server could not be reached, in this language (with the raw detail when there is no word for it). */
export function reasonWords(text: CliText, error: KonektUnreachableError): string {
  return error.reason === 'NETWORK' ? `${text.reasons.NETWORK} (${error.detail})` : text.reasons[error.reason];
}

/** What the server's unavailability looks like in this language. */
export function unreachableLine(text: CliText, error: KonektUnreachableError | KonektConnectionLostError): string {
  return error instanceof KonektUnreachableError
    ? text.network.cannotReach(error.url, reasonWords(text, error))
    : text.network.lost(error.url, error.closeCode);
}
