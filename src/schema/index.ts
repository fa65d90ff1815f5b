import { lexicographicSortSchema } from 'graphql';
import { builder } from '../builder.js';
import './scalars.js';
import './errors.js';
import './accounts/types.js';
import './accounts/operations.js';
import './companies/types.js';
import './companies/operations.js';
import './companies/invitations.js';
import './connect/types.js';
import './connect/operations.js';
import './documents/types.js';
import './documents/operations.js';
import './offices/types.js';
import './offices/operations.js';

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

export const schema = lexicographicSortSchema(builder.toSchema());
