import {
  getNullableType,
  isInputObjectType,
  isListType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLResolveInfo,
} from 'graphql';
import { RequestError } from '../errors.js';
import { parseGlobalID } from './global-ids.js';

type Definition = Pick<GraphQLArgument | GraphQLInputField, 'type' | 'extensions'>;

const NUL = '\u0000';
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkText(value: string, field: string) {
  if (value.includes(NUL)) throw new RequestError('BAD_USER_INPUT', (m) => m.input.nulCharacter(field), field);
  if (LONE_SURROGATE.test(value)) {
    throw new RequestError('BAD_USER_INPUT', (m) => m.input.loneSurrogate(field), field);
  }
}

function checkGlobalID(value: string, field: string, extensions: Definition['extensions']) {
  const expected = (extensions as { relayGlobalIDFor?: { typename: string }[] }).relayGlobalIDFor;
  const parsed = parseGlobalID(value);
  if (!parsed) throw new RequestError('BAD_USER_INPUT', (m) => m.input.notAnId(value, field), field);
  if (expected && !expected.some(({ typename }) => typename === parsed.typename)) {
    const wanted = expected.map(({ typename }) => typename).join(' / ');
    throw new RequestError('BAD_USER_INPUT', (m) => m.input.otherTypeOfId(field, parsed.typename, wanted), field);
  }
}

function walk(definition: Definition, value: unknown, field: string) {
  if (value === null || value === undefined) return;
  const type = getNullableType<GraphQLInputType>(definition.type);
  if (isListType(type)) {
    if (!Array.isArray(value)) return;
    const item = { type: type.ofType, extensions: definition.extensions };
    value.forEach((element, i) => walk(item, element, `${field}[${i}]`));
  } else if (isInputObjectType(type)) {
    for (const inner of Object.values(type.getFields())) {
      walk(inner, (value as Record<string, unknown>)[inner.name], `${field}.${inner.name}`);
    }
  } else if (isScalarType(type) && typeof value === 'string') {
    checkText(value, field);
    if ((definition.extensions as { isRelayGlobalID?: boolean }).isRelayGlobalID) {
      checkGlobalID(value, field, definition.extensions);
    }
  }
}

/**
 * Input that can never be stored is refused before anything runs, naming the field: text with a
 * NUL character or an unpaired UTF-16 surrogate (PostgreSQL keeps neither), and ids that are not
 * ids of the expected type. Every argument of every field passes through here (rules-plugin.ts).
 */
export function refuseUnstorableInput(args: Record<string, unknown>, info: GraphQLResolveInfo): void {
  const definitions = info.parentType.getFields()[info.fieldName]?.args ?? [];
  for (const definition of definitions) walk(definition, args[definition.name], definition.name);
}
