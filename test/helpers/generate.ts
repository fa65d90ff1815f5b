import { randomBytes } from 'node:crypto';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { newNip } from './nip.js';

/** Global ids to put into ID arguments, by the type they are ids of (a relay global id names it). */
export type IdsByType = Record<string, string[]>;

export interface GeneratedCall {
  field: string;
  query: string;
  variables: Record<string, unknown>;
}

const SELECTION_DEPTH = 5;

/** The type an ID argument is for, as the relay plugin records it; undefined for a plain ID. */
function idTypeOf(input: GraphQLArgument | GraphQLInputField): string | undefined {
  const extensions = input.extensions as { relayGlobalIDFor?: { typename: string }[] } | undefined;
  return extensions?.relayGlobalIDFor?.[0]?.typename;
}

function plausibleString(name: string): string {
  if (/email/i.test(name)) return `stranger-${randomBytes(4).toString('hex')}@example.pl`;
  if (/password/i.test(name)) return 'not the right password';
  if (/nip/i.test(name)) return newNip();
  if (/token|key/i.test(name)) return randomBytes(32).toString('base64url');
  if (/name/i.test(name)) return 'Plausible Company';
  if (/number/i.test(name)) return `FV/PLAUSIBLE/${randomBytes(2).toString('hex')}`;
  return 'plausible text';
}

const SCALARS: Record<string, (name: string) => unknown> = {
  String: plausibleString,
  Int: (name) => (/first|last/.test(name) ? 5 : /minutes/i.test(name) ? 30 : 1),
  Float: () => 1,
  Boolean: () => true,
  Date: () => '2026-11-20',
  DateTime: () => new Date().toISOString(),
  Decimal: () => '100.00',
};

/**
 * Values for every argument of one field: ID arguments (also inside input objects and lists) get
 * the `variant`-th id of the type they are for, or all of them in a list; everything else a
 * plausible value. Optional arguments are left out unless they hold an id.
 */
export class ArgumentGenerator {
  constructor(
    private readonly ids: IdsByType,
    private readonly variant: number,
  ) {}

  /** How many variants a field has: the most ids of any one type it takes. */
  static variantsOf(field: GraphQLField<unknown, unknown>, ids: IdsByType): number {
    const counts = collectIdTypes(field.args, new Set()).map((type) => ids[type]?.length ?? 1);
    return Math.max(1, ...counts);
  }

  value(type: GraphQLInputType, input: GraphQLArgument | GraphQLInputField): unknown {
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) {
      const idType = idTypeOf(input);
      if (idType) return this.ids[idType] ?? [];
      return [this.value(inner.ofType, input)];
    }
    if (isInputObjectType(inner)) {
      const object: Record<string, unknown> = {};
      for (const field of Object.values(inner.getFields())) {
        if (isNonNullType(field.type) || holdsId(field.type)) object[field.name] = this.value(field.type, field);
      }
      return object;
    }
    if (isEnumType(inner)) return inner.getValues()[0]!.value;
    const idType = idTypeOf(input);
    if (inner.name === 'ID') {
      const candidates = idType ? (this.ids[idType] ?? []) : Object.values(this.ids).flat();
      return candidates[this.variant % Math.max(candidates.length, 1)] ?? null;
    }
    return (SCALARS[inner.name] ?? (() => 'plausible'))(input.name);
  }
}

const holdsId = (type: GraphQLInputType) => getNamedType(type).name === 'ID';

function collectIdTypes(inputs: readonly (GraphQLArgument | GraphQLInputField)[], seen: Set<string>): string[] {
  return inputs.flatMap((input) => {
    const named = getNamedType(input.type);
    const own = idTypeOf(input);
    if (own) return [own];
    if (!isInputObjectType(named) || seen.has(named.name)) return [];
    seen.add(named.name);
    return collectIdTypes(Object.values(named.getFields()), seen);
  });
}

/** Every field a caller could ask for, a few levels deep, with __typename and each member of unions and interfaces. */
export function selectionFor(schema: GraphQLSchema, type: GraphQLOutputType, depth = SELECTION_DEPTH): string {
  const named = getNamedType(type);
  if (!isObjectType(named) && !isInterfaceType(named) && !isUnionType(named)) return '';
  if (depth <= 0) return '{ __typename }';
  if (isUnionType(named) || isInterfaceType(named)) {
    const members = schema.getPossibleTypes(named);
    return `{ __typename ${members.map((member) => `... on ${member.name} ${selectionFor(schema, member, depth)}`).join(' ')} }`;
  }
  const fields = Object.values(named.getFields())
    .filter((field) => field.args.every((arg) => !isNonNullType(arg.type)))
    .map((field) => `${field.name} ${selectionFor(schema, field.type, depth - 1)}`);
  return `{ __typename ${fields.join(' ')} }`;
}

/** One call of a root field: the operation with its arguments as variables, and their values. */
export function callOf(
  schema: GraphQLSchema,
  operation: 'query' | 'mutation' | 'subscription',
  field: GraphQLField<unknown, unknown>,
  generator: ArgumentGenerator,
): GeneratedCall {
  const args = field.args.filter((arg) => isNonNullType(arg.type) || holdsId(arg.type));
  const variables = Object.fromEntries(args.map((arg) => [arg.name, generator.value(arg.type, arg)]));
  const definitions = args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passed = args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const query = `${operation} ${field.name}Call${definitions ? `(${definitions})` : ''} { ${field.name}${
    passed ? `(${passed})` : ''
  } ${selectionFor(schema, field.type)} }`;
  return { field: field.name, query, variables };
}
