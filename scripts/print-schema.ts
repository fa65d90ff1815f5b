import { writeFile } from 'node:fs/promises';
import { printSchema } from 'graphql';
import { schema } from '../src/schema/index.js';

/** Writes the SDL that clients and codegen read; a test fails when the committed copy is stale. */
await writeFile(new URL('../schema/schema.graphql', import.meta.url), `${printSchema(schema)}\n`);
