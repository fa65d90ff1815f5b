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
import { refusal } from './schema/refusals.js';
import RulesPlugin from './schema/rules-plugin.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
    // Every id is a UUID: anything else is refused here, before it can reach the database.
    decodeGlobalID: (globalID) => {
      const decoded = Buffer.from(globalID, 'base64').toString('utf8');
      const separator = decoded.indexOf(':');
      const typename = decoded.slice(0, separator);
      const id = decoded.slice(separator + 1);
      if (separator < 1 || !UUID.test(id)) {
        throw new RequestError('BAD_USER_INPUT', (m) => m.access.notAnId(globalID));
      }
      return { typename, id };
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
