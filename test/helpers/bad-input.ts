import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  type GraphQLInputType,
} from 'graphql';
/** Malformed values for every kind of GraphQL input, and where they go in a request's variables. */
/** A value that can be spoilt: where it is in the variables and what GraphQL type it has. */
export interface Leaf {
  path: (string | number)[];
  type: GraphQLInputType;
}

export function leavesOf(value: unknown, type: GraphQLInputType, path: (string | number)[]): Leaf[] {
  const here = { path, type };
  const inner = getNullableType<GraphQLInputType>(type);
  if (value === null || value === undefined) return [here];
  if (isListType(inner) && Array.isArray(value)) {
    return [here, ...value.flatMap((item, i) => leavesOf(item, inner.ofType, [...path, i]))];
  }
  if (isInputObjectType(inner)) {
    return [
      here,
      ...Object.values(inner.getFields()).flatMap((field) =>
        leavesOf((value as Record<string, unknown>)[field.name], field.type, [...path, field.name]),
      ),
    ];
  }
  return [here];
}

const base64 = (text: string) => Buffer.from(text).toString('base64');
const LONE_SURROGATES = ['\uD800', '\uDBFF', '\uDC00', 'x\uDFFFy', 'ab\uD83D'];

/** Text no field should take as it is: control characters, broken UTF-16, the empty and the enormous. */
const unstorableText = fc.oneof(
  fc.constantFrom(
    '',
    '   ',
    '\u0000',
    'a\u0000b',
    ...LONE_SURROGATES,
    'x'.repeat(100_000),
    '\u202E\u0000',
    '%00',
    '\\u0000',
  ),
  fc
    .tuple(fc.string({ maxLength: 40 }), fc.constantFrom('\u0000', ...LONE_SURROGATES), fc.string({ maxLength: 40 }))
    .map(([before, bad, after]) => `${before}${bad}${after}`),
);
/** Text that can be stored but is odd for most fields: it goes past the input check into each field's own rules. */
const oddText = fc.oneof(
  fc.constantFrom(' x ', '-1', 'null', '0', "' OR 1=1 --", '<script>alert(1)</script>', '\u202Eabc', '🧾'.repeat(300)),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ minLength: 201, maxLength: 3000 }),
);
const badText = fc.oneof(unstorableText, oddText);
const badId = fc.oneof(
  fc.constantFrom(
    base64('Document:not-a-uuid'),
    base64(`Company:${randomUUID()}`),
    base64(`Document:${randomUUID()}'--`),
    base64(':'),
    'not base64 at all!',
    base64(`ConnectConfiguration:${randomUUID()}\u0000`),
    '',
  ),
  fc.string({ maxLength: 60 }).map(base64),
  fc.uuid().map((uuid) => base64(`Membership:${uuid}x`)),
  badText,
);
const badInt = fc.constantFrom(-1, 0, 2 ** 31, -(2 ** 31) - 1, 1.5, 1e12, Number.MAX_SAFE_INTEGER, '7');
const badDate = fc.constantFrom(
  '0000-01-01',
  '2026-02-30',
  '2026-13-01',
  '10000-01-01',
  '2026-1-1',
  '2026-01-01T00:00:00Z',
  '-2026-01-01',
  20260101,
);
const badDecimal = fc.constantFrom(
  '1,5',
  100.1,
  '1e5',
  '99999999999999999',
  '0.0000001',
  '-',
  'NaN',
  '∞',
  ' 1.00',
  '0x10',
);
const badEnum = fc.constantFrom('NOPE', 'invoice', '', 0, 'SENT\u0000');
const badAnything = fc.constantFrom(null, {}, [], true, 42, 'x', [[]], { nested: { deep: '\u0000' } });
const badList = (sample: unknown) =>
  fc.constantFrom(
    [],
    Array.from({ length: 1001 }, () => sample),
    [null],
    [sample, sample, sample],
  );

export function badValueFor(type: GraphQLInputType, current: unknown): fc.Arbitrary<unknown> {
  const inner = getNullableType<GraphQLInputType>(type);
  if (isListType(inner)) return fc.oneof(badList(Array.isArray(current) ? current[0] : current), badAnything);
  if (isInputObjectType(inner)) return badAnything;
  if (isEnumType(inner)) return fc.oneof(badEnum, badAnything);
  const named = getNamedType(inner).name;
  const specific: Record<string, fc.Arbitrary<unknown>> = {
    ID: badId,
    String: badText,
    Int: badInt,
    Date: badDate,
    Decimal: badDecimal,
  };
  return fc.oneof({ weight: 4, arbitrary: specific[named] ?? badText }, { weight: 1, arbitrary: badAnything });
}

export function setAt(target: Record<string, unknown>, path: (string | number)[], value: unknown) {
  let node = target as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
}
