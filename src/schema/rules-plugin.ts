import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import type { Context } from '../context.js';
import { RequestError } from '../errors.js';
import { requestErrorToGraphQL } from './refusals.js';

type Resolver<Types extends SchemaTypes = { Context: Context } & SchemaTypes> = GraphQLFieldResolver<
  unknown,
  Types['Context'],
  object
>;

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

const translate = (error: unknown, ctx: Context): never => {
  throw error instanceof RequestError ? requestErrorToGraphQL(error, ctx) : error;
};

function guarded(resolver: Resolver): Resolver {
  return (parent, args, ctx, info) => {
    try {
      const result: unknown = resolver(parent, args, ctx, info);
      return result instanceof Promise ? result.catch((error: unknown) => translate(error, ctx)) : result;
    } catch (error) {
      return translate(error, ctx);
    }
  };
}

/**
 * Default deny: a root field that does not declare `authScopes` stops the schema from building, so
 * no operation can exist without a rule. It also turns refusals raised by domain code
 * (RequestError) into GraphQL errors in the asker's language.
 */
export class RulesPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>) {
    if (ROOT_TYPES.has(fieldConfig.parentType) && !fieldConfig.pothosOptions.authScopes) {
      throw new Error(
        `${fieldConfig.parentType}.${fieldConfig.name} declares no authScopes: every operation must say who may use it`,
      );
    }
    return fieldConfig;
  }

  override wrapResolve(resolver: Resolver<Types>): Resolver<Types> {
    return guarded(resolver as Resolver) as Resolver<Types>;
  }

  override wrapSubscribe(subscribe: Resolver<Types> | undefined): Resolver<Types> | undefined {
    return subscribe && (guarded(subscribe as Resolver) as Resolver<Types>);
  }
}

declare global {
  // Pothos registers plugins through this global namespace.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      rules: RulesPlugin<Types>;
    }
  }
}

const rulesPlugin = 'rules';
SchemaBuilder.registerPlugin(rulesPlugin, RulesPlugin);

export default rulesPlugin;
