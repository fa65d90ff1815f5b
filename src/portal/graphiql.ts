import type { GraphiQLOptions } from 'graphql-yoga';
import { pickLang } from '../i18n/index.js';
import { PORTAL_TEXT } from '../i18n/portal.js';

const WELCOME_QUERY = `{
  plans {
    code
    name
    monthlyDocumentLimit
  }
}
`;

/** GraphiQL opens on a Konekt welcome query, in Polish or English like the portal's pages. */
function graphiqlOptions(request: Request): GraphiQLOptions {
  const url = new URL(request.url);
  const t = PORTAL_TEXT[pickLang(url.searchParams.get('lang'), request.headers.get('accept-language'))].graphiql;
  return {
    title: t.title,
    subscriptionsProtocol: 'WS',
    defaultQuery: `${t.welcome.map((line) => (line ? `# ${line}` : '#')).join('\n')}\n${WELCOME_QUERY}`,
    // GraphiQL reads the headers as JSON with comments: the help is there, and no header is sent until it is filled in.
    defaultHeaders: `{\n  // ${t.headersHelp}\n  // "Authorization": "Bearer <token>"\n}\n`,
  };
}

/**
 * createYoga options for GraphiQL served from the npm package with every script, style and worker
 * inlined, so it works with no internet (yoga's default page loads them from a CDN).
 */
export const graphiql = {
  graphiql: graphiqlOptions,
  // The page is 9 MB of scripts: read on the first GraphiQL page rather than on every start (~0.1 s of CPU).
  renderGraphiQL: async (options: GraphiQLOptions) =>
    (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
};
