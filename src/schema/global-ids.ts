import { completeValue, RootFieldBuilder } from '@pothos/core';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { isUuid } from '../db/uuid.js';

/** A global id Konekt gives out: base64 of "Typename:uuid". Anything else is undefined. */
export function parseGlobalID(globalID: string): { typename: string; id: string } | undefined {
  const decoded = Buffer.from(globalID, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const typename = decoded.slice(0, separator);
  const id = decoded.slice(separator + 1);
  if (separator < 1 || !isUuid(id)) return undefined;
  return { typename, id };
}

type GlobalIdResolver = (...args: unknown[]) => unknown;

/**
 * The relay plugin's `t.globalID` (which every node's `id` is) resolves through an `async`
 * function, so each node of an answer becomes a promise and graphql-js completes every object
 * holding one asynchronously: most of the execution of a page of 500 events. This is the same
 * field, a promise only when the id resolver gives one.
 */
export function resolveGlobalIdsSynchronously(): void {
  const fieldBuilder = RootFieldBuilder.prototype as unknown as {
    globalID(this: FieldBuilderThis, options: { resolve: GlobalIdResolver }): unknown;
  };
  fieldBuilder.globalID = function globalID({ resolve, ...options }) {
    return this.field({
      ...options,
      type: 'ID',
      resolve: (...args: unknown[]) =>
        completeValue(resolve(...args), (result) => {
          if (!result || typeof result !== 'object') return result;
          const { type, id } = result as { type: string; id: unknown };
          return encodeGlobalID(this.builder.configStore.getTypeConfig(type).name, String(id));
        }),
    });
  };
}

interface FieldBuilderThis {
  builder: { configStore: { getTypeConfig(type: string): { name: string } } };
  field(options: Record<string, unknown>): unknown;
}
