import { GraphQLError, Kind, print, type ValueNode } from 'graphql';
import { builder } from '../builder.js';
// Input is read before any resolver runs, so there is no asker's language yet: these stay English.
import { en } from '../i18n/en.js';

const describe = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw new GraphQLError(en.scalars.date(describe(value)));
  }
  const date = new Date(`${value}T00:00:00Z`);
  // PostgreSQL has no year 0, and JavaScript would silently roll 02-30 over into March.
  if (value < '0001' || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new GraphQLError(en.scalars.notCalendarDate(value));
  }
  return value;
}

function parseDecimal(value: unknown): string {
  if (typeof value === 'number') throw new GraphQLError(en.scalars.decimalNumber(String(value)));
  if (typeof value === 'string' && /^-?\d+,\d+$/.test(value)) throw new GraphQLError(en.scalars.decimalComma(value));
  if (typeof value !== 'string' || !/^-?\d{1,16}(\.\d{1,6})?$/.test(value)) {
    throw new GraphQLError(en.scalars.decimal(describe(value)));
  }
  return value;
}

/** The value a literal in the query spells, so its error can quote it. */
function literal(ast: ValueNode): unknown {
  if (ast.kind === Kind.STRING) return ast.value;
  return print(ast);
}

builder.scalarType('Date', {
  description: 'A calendar date, "YYYY-MM-DD".',
  serialize: (value) => value,
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(literal(ast)),
});

builder.scalarType('DateTime', {
  description: 'An instant, ISO 8601 in UTC.',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : undefined;
    if (!date || Number.isNaN(date.getTime())) throw new GraphQLError(en.scalars.dateTime);
    return date;
  },
});

builder.scalarType('Decimal', {
  description: 'An exact decimal number written as a string, such as "1234.50"; never a float.',
  serialize: (value) => value,
  parseValue: parseDecimal,
  parseLiteral: (ast) => {
    // Kept as written: 100.10 would otherwise be quoted back as 100.1.
    if (ast.kind === Kind.INT || ast.kind === Kind.FLOAT) throw new GraphQLError(en.scalars.decimalNumber(ast.value));
    return parseDecimal(literal(ast));
  },
});
