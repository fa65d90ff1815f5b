import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { KonektClient } from '../../../packages/client/src/index.js';
import type { CliText, Lang } from '../../i18n/cli/index.js';
import type { Terminal } from './terminal.js';
import { describeFailure } from './words.js';

export const DEFAULT_URL = 'http://localhost:4000/graphql';

/** A one-field query that tells whether a Konekt GraphQL endpoint answers at the URL. */
const PING = parse('query KonektPing { __typename }') as TypedDocumentNode<
  { __typename: string },
  Record<string, never>
>;

/** Asks for the server until a Konekt server answers there. */
export async function askServer(term: Terminal, text: CliText, defaultUrl: string, lang: Lang) {
  for (;;) {
    const url = await term.ask(text.setup.serverUrl, { default: defaultUrl });
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      term.say(text.setup.badUrl(url));
      continue;
    }
    const client = new KonektClient({ url, lang });
    try {
      await client.request(PING, {});
      return { url, client };
    } catch (error) {
      term.say(text.setup.cannotConnect(url, describeFailure(text, error)));
    }
  }
}
