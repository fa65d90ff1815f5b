import { GraphQLError } from 'graphql';
import { AuthScopeFailureType, type AuthFailure } from '@pothos/plugin-scope-auth';
import { RESOURCE_SCOPES, type Scopes } from '../auth/scopes.js';
import type { Context } from '../context.js';
import { RequestError } from '../errors.js';
import { messages, type Messages } from '../i18n/index.js';

type TokenKind = keyof Messages['access']['needs'];
type Missing = keyof Messages['access']['notFound'];

/** What a failed rule means for this asker: the wrong kind of token, or something that is not theirs. */
type Verdict = { forbidden: Set<TokenKind> } | { notFound: Missing } | { otherConfiguration: true };

/** The kinds of token a resource scope can ever admit. */
function kindsFor(scope: keyof typeof RESOURCE_SCOPES, parameter: unknown): readonly TokenKind[] {
  switch (scope) {
    case 'companyPermission':
    case 'membershipManager':
    case 'invitee':
    case 'invitationManager':
      return ['account'];
    case 'ownCompany':
      return ['program'];
    case 'officeClient':
      return ['office'];
    case 'documents':
      return ['program', 'office'];
    case 'configuration':
      return (parameter as Scopes['configuration']).via;
  }
}

function judge(ctx: Context, failure: AuthFailure): Verdict {
  const kind = ctx.viewer.kind as TokenKind;
  switch (failure.kind) {
    case AuthScopeFailureType.AuthScope: {
      const { scope, parameter } = failure;
      if (!(scope in RESOURCE_SCOPES)) return { forbidden: new Set([scope as TokenKind]) };
      const resource = scope as keyof typeof RESOURCE_SCOPES;
      const kinds = kindsFor(resource, parameter);
      if (!kinds.includes(kind)) return { forbidden: new Set(kinds) };
      // A program or wizard token is bound to one configuration, which its holder knows anyway.
      if (resource === 'configuration' && (kind === 'program' || kind === 'wizard' || kind === 'office'))
        return { otherConfiguration: true };
      return { notFound: RESOURCE_SCOPES[resource] };
    }
    case AuthScopeFailureType.AllAuthScopes:
    case AuthScopeFailureType.AnyAuthScopes: {
      const verdicts = failure.failures.map((child) => judge(ctx, child));
      const forbidden = verdicts.filter((v) => 'forbidden' in v);
      const others = verdicts.filter((v) => !('forbidden' in v));
      // All of them were needed: one wrong kind of token is enough to be forbidden. Any of them would
      // have done: an alternative the token could have met, but on another's resource, is "not found".
      const forbiddenWins =
        failure.kind === AuthScopeFailureType.AllAuthScopes ? forbidden.length > 0 : others.length === 0;
      if (forbiddenWins && forbidden.length > 0) {
        return { forbidden: new Set(forbidden.flatMap((v) => [...v.forbidden])) };
      }
      return others[0] ?? { forbidden: new Set() };
    }
    default:
      return { forbidden: new Set() };
  }
}

/**
 * Why the gate refused, in the asker's language: no valid token (UNAUTHENTICATED), the wrong kind of
 * token (FORBIDDEN, naming the kind needed), or a resource that is not the asker's (NOT_FOUND, the
 * same answer as for an id that does not exist).
 */
export function refusal(ctx: Context, failure: AuthFailure): GraphQLError {
  const m = messages(ctx.lang);
  if (ctx.viewer.kind === 'anonymous') {
    return new GraphQLError(m.access.signInFirst, { extensions: { code: 'UNAUTHENTICATED' } });
  }
  const verdict = judge(ctx, failure);
  if ('notFound' in verdict) {
    return new GraphQLError(m.access.notFound[verdict.notFound], { extensions: { code: 'NOT_FOUND' } });
  }
  if ('otherConfiguration' in verdict) {
    return new GraphQLError(m.access.otherConfiguration, { extensions: { code: 'FORBIDDEN' } });
  }
  const needed = [...verdict.forbidden].filter((kind) => kind in m.access.needs);
  const or = ctx.lang === 'pl' ? ' lub ' : ' or ';
  return new GraphQLError(m.access.wrongTokenKind(needed.map((kind) => m.access.needs[kind]).join(or)), {
    extensions: { code: 'FORBIDDEN' },
  });
}

/** A refusal raised by domain code, said in the asker's language with its code (and field). */
export function requestErrorToGraphQL(error: RequestError, ctx: Pick<Context, 'lang'>): GraphQLError {
  return new GraphQLError(error.describe(messages(ctx.lang)), {
    extensions: { code: error.code, ...(error.field ? { field: error.field } : {}), ...error.details },
  });
}
