import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import type { Context } from '../context.js';
import { RequestError } from '../errors.js';
import { isDatabaseUnavailable, onStreamError, serviceUnavailable } from '../outage.js';
import { refuseUnstorableInput } from './input-check.js';
import { requestErrorToGraphQL } from './refusals.js';

type Resolver<Types extends SchemaTypes = { Context: Context } & SchemaTypes> = GraphQLFieldResolver<
  unknown,
  Types['Context'],
  object
>;

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

const translate = (error: unknown, ctx: Context): never => {
  if (error instanceof RequestError) throw requestErrorToGraphQL(error, ctx);
  if (isDatabaseUnavailable(error)) throw serviceUnavailable(ctx.lang);
  throw error;
};

/** A subscription's source fails the same way, mid-stream: its errors are translated too. */
const translateStream = (value: unknown, ctx: Context) =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value
    ? onStreamError(value as AsyncIterable<unknown>, (error) => translate(error, ctx))
    : value;

function guarded(resolver: Resolver, checkInput: boolean): Resolver {
  return (parent, args, ctx, info) => {
    try {
      if (checkInput) refuseUnstorableInput(args as Record<string, unknown>, info);
      const result: unknown = resolver(parent, args, ctx, info);
      if (result instanceof Promise) {
        return result.then(
          (value: unknown) => translateStream(value, ctx),
          (error: unknown) => translate(error, ctx),
        );
      }
      return translateStream(result, ctx);
    } catch (error) {
      return translate(error, ctx);
    }
  };
}

/**
 * Default deny: a root field that does not declare `authScopes` stops the schema from building, so
 * no operation can exist without a rule. Around every field, outside the other plugins and the
 * decoding of ids, it refuses input that can never be stored (input-check.ts) and turns refusals
 * raised by domain code (RequestError), and a database that cannot be reached, into GraphQL errors
 * in the asker's language.
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

  // Called for both resolve and subscribe, outside the argument mappers of the other plugins.
  override wrapArgMappers(
    resolver: Resolver<Types> | undefined,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): Resolver<Types> | undefined {
    const hasArgs = Object.keys(fieldConfig.args).length > 0;
    return resolver && (guarded(resolver as Resolver, hasArgs) as Resolver<Types>);
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
