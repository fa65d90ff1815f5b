import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.js';
import RulesPlugin from '../src/schema/rules-plugin.js';

const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(
  (type): type is GraphQLObjectType => type !== null && type !== undefined,
);

describe('one authorization gate, default deny', () => {
  it('every query, mutation and subscription declares who may use it', () => {
    const undeclared = roots.flatMap((type) =>
      Object.values(type.getFields())
        .filter(
          (field) => !(field.extensions as { pothosOptions?: { authScopes?: unknown } }).pothosOptions?.authScopes,
        )
        .map((field) => `${type.name}.${field.name}`),
    );
    expect(roots.flatMap((type) => Object.keys(type.getFields())).length).toBeGreaterThan(30);
    expect(undeclared).toEqual([]);
  });

  it('a root field without a rule stops the schema from building', () => {
    const builder = new SchemaBuilder<{ AuthScopes: { public: boolean } }>({
      plugins: [RulesPlugin, ScopeAuthPlugin],
      scopeAuth: { authScopes: () => ({ public: true }) },
      // Required by the Prisma plugin's types wherever it is installed; this builder does not use it.
      prisma: undefined as never,
    });
    builder.queryType({
      fields: (t) => ({
        declared: t.string({ authScopes: { public: true }, resolve: () => 'ok' }),
        forgotten: t.string({ resolve: () => 'leak' }),
      }),
    });
    expect(() => builder.toSchema()).toThrow('Query.forgotten declares no authScopes');
  });
});
