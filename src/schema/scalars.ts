import { GraphQLError, Kind } from 'graphql';
import { builder } from '../builder.js';

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw new GraphQLError('Date must be a string in the form YYYY-MM-DD');
  }
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new GraphQLError(`${value} is not a calendar date`);
  }
  return value;
}

function parseDecimal(value: unknown): string {
  if (typeof value !== 'string' || !/^-?\d{1,16}(\.\d{1,6})?$/.test(value)) {
    throw new GraphQLError('Decimal must be a string such as "1234.50" (not a float)');
  }
  return value;
}

builder.scalarType('Date', {
  description: 'A calendar date, "YYYY-MM-DD".',
  serialize: (value) => value,
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

builder.scalarType('DateTime', {
  description: 'An instant, ISO 8601 in UTC.',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : undefined;
    if (!date || Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO 8601 string');
    return date;
  },
});

builder.scalarType('Decimal', {
  description: 'An exact decimal number written as a string, such as "1234.50"; never a float.',
  serialize: (value) => value,
  parseValue: parseDecimal,
  parseLiteral: (ast) => parseDecimal(ast.kind === Kind.STRING ? ast.value : undefined),
});
