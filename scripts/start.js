// npm start: the Prisma client generated and the server bundled when stale, then the server, all in
// this one process (each extra `node` start is ~50 ms of CPU).
import module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleIfStale } from './bundle.js';
import { generateIfStale } from './generate.js';

// Production unless the operator says otherwise: outside it graphql-js checks every failed type
// test for a second copy of itself (15% of the CPU of a page of 500 events), and Prisma writes its
// errors with the calling code.
process.env.NODE_ENV ??= 'production';
generateIfStale();
const bundle = await bundleIfStale();
// Stack traces point at src/, as under tsx.
process.setSourceMapsEnabled(true);
// From Node 22.1, V8 keeps the compiled code beside the bundle for the next start (10% of a start's
// CPU on PostgreSQL under Node 24); Node 20 has no such cache.
module.enableCompileCache?.(path.join(path.dirname(bundle), 'compile-cache'));
await import(pathToFileURL(bundle).href);
