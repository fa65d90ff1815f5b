// npm start: the Prisma client generated and the server bundled when stale, then the server, all in
// this one process (each extra `node` start is ~50 ms of CPU).
import { pathToFileURL } from 'node:url';
import { bundleIfStale } from './bundle.js';
import { generateIfStale } from './generate.js';

generateIfStale();
const bundle = await bundleIfStale();
// Stack traces point at src/, as under tsx.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(bundle).href);
