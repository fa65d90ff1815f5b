import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError, getNamedType, isIntrospectionType, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import { messages, pickLang } from '../i18n/index.js';
import { PhrasedError } from './refusals.js';

/** Sending it forces a browser to ask first (CORS preflight), so a form on another site cannot. */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

/**
 * May a browser page from `origin` call the API? Only the server's own origin (its public URL, or
 * the host the request was sent to) and CORS_ORIGINS. No Origin at all is a program, not a page.
 */
export function originAllowed(
  config: Pick<Config, 'corsOrigins'>,
  publicUrl: string,
  origin: string | null | undefined,
  host: string | null | undefined,
): boolean {
  if (!origin) return true;
  if (config.corsOrigins.includes(origin) || new URL(publicUrl).origin === origin) return true;
  return host !== null && host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

/** CORS headers only for allowed origins, never with credentials: Konekt's tokens are bearer tokens, not cookies. */
export function corsFor(config: Pick<Config, 'corsOrigins'>, publicUrl: () => string) {
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (!origin || !originAllowed(config, publicUrl(), origin, request.headers.get('host'))) return false as const;
    return { origin: [origin], credentials: false, methods: ['GET', 'POST'], maxAge: 600 };
  };
}

const noIntrospection: ValidationRule = (context) => ({
  Field() {
    const type = context.getType();
    const parent = context.getParentType();
    // Said once, where the operation enters introspection (__schema, __type).
    if (type && isIntrospectionType(getNamedType(type)) && !(parent && isIntrospectionType(parent))) {
      context.reportError(new PhrasedError((m) => m.limits.introspectionOff, { code: 'INTROSPECTION_DISABLED' }));
    }
  },
});

/**
 * Only JSON, or requests with a header that forces a CORS preflight, run operations: a form posted
 * from another site (form-encoded, multipart, text/plain) is refused (yoga's CSRF prevention, in
 * our words). Introspection can be switched off.
 */
export function browserRules(config: Pick<Config, 'introspection'>): Plugin[] {
  const csrf = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] });
  return [
    {
      onRequestParse(payload) {
        try {
          return csrf.onRequestParse?.(payload);
        } catch {
          const lang = pickLang(null, payload.request.headers.get('accept-language'));
          throw new GraphQLError(messages(lang).limits.csrf, {
            extensions: { code: 'CSRF_PREVENTED', http: { status: 403 } },
          });
        }
      },
      onValidate({ addValidationRule }) {
        if (!config.introspection) addValidationRule(noIntrospection);
      },
    },
  ];
}
