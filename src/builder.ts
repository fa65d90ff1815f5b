import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import { accessDenied, type Context } from './context.js';
import { KonektError } from './errors.js';
import type PrismaTypes from './generated/pothos-types.js';
import { getDatamodel } from './generated/pothos-types.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: { account: boolean; program: boolean; wizard: boolean };
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  Scalars: {
    ID: { Input: string; Output: string };
    Date: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
    Decimal: { Input: string; Output: string };
  };
}>({
  plugins: [ScopeAuthPlugin, SimpleObjectsPlugin, RelayPlugin, ErrorsPlugin, PrismaPlugin],
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (context) => ({
      account: context.viewer.kind === 'account',
      program: context.viewer.kind === 'program',
      wizard: context.viewer.kind === 'wizard',
    }),
    unauthorizedError: (_parent, context) =>
      accessDenied(
        context.viewer,
        context.viewer.kind === 'anonymous'
          ? 'Sign in first: send "Authorization: Bearer <token>"'
          : 'This token may not do that',
      ),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Objects are reached only through fields that check who asks; no generic lookup by id.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
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
