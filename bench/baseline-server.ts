/** The baseline: a bare graphql-yoga server with a one-field schema, in its own process like Konekt. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { exitWhenTold } from './child-exit.js';

const yoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { hello: String! }', resolvers: { Query: { hello: () => 'world' } } }),
  logging: false,
  landingPage: false,
  graphiql: false,
});
const server = createServer(yoga);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
exitWhenTold(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
const { port } = server.address() as AddressInfo;
console.log(JSON.stringify({ url: `http://127.0.0.1:${port}/graphql` }));
