import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import { scopesOf, type Scopes } from './auth/scopes.js';
import type { Context } from './context.js';
import { KonektError, RequestError } from './errors.js';
import type PrismaTypes from './generated/pothos-types.js';
import { getDatamodel } from './generated/pothos-types.js';
import { parseGlobalID, resolveGlobalIdsSynchronously } from './schema/global-ids.js';
import { refusal } from './schema/refusals.js';
import RulesPlugin from './schema/rules-plugin.js';

resolveGlobalIdsSynchronously();

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: Scopes;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  Scalars: {
    ID: { Input: string; Output: string };
    Date: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
    Decimal: { Input: string; Output: string };
  };
}>({
  // Rules first: it wraps everything else, so refusals from any plugin are said in the asker's
  // language. Relay before scope-auth: rules see parsed global ids.
  plugins: [RulesPlugin, RelayPlugin, ScopeAuthPlugin, ErrorsPlugin, SimpleObjectsPlugin, PrismaPlugin],
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  scopeAuth: {
    authorizeOnSubscribe: true,
    cacheKey: (value) => JSON.stringify(value),
    authScopes: scopesOf,
    unauthorizedError: (_parent, context, _info, result) => refusal(context, result.failure),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Objects are reached only through fields that check who asks; no generic lookup by id.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    // Arguments were checked already, naming the field (schema/input-check.ts); this guards the rest.
    decodeGlobalID: (globalID) => {
      const parsed = parseGlobalID(globalID);
      if (!parsed) throw new RequestError('BAD_USER_INPUT', (m) => m.input.notAnId(globalID));
      return parsed;
    },
  },
  errors: {
    defaultTypes: [KonektError],
    directResult: true,
  },
  prisma: {
    client: (context) => context.db,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
  },
});
