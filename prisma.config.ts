import { existsSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'prisma/config';

const databaseUrl = process.env.DATABASE_URL;

// The CLI talks to the same databases the server uses: PostgreSQL when DATABASE_URL is set,
// otherwise the embedded PGlite directory.
export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () => {
    if (databaseUrl) {
      const { PrismaPg } = await import('@prisma/adapter-pg');
      return new PrismaPg({ connectionString: databaseUrl });
    }
    const { PGlite } = await import('@electric-sql/pglite');
    const { PrismaPGlite } = await import('pglite-prisma-adapter');
    const dataDir = path.resolve(process.env.DATA_DIR ?? 'data', 'db');
    // `prisma -v` (run by npm install) opens this too: a database that does not exist yet is an
    // empty one, and nothing is created on disk until the server first starts.
    return new PrismaPGlite(existsSync(dataDir) ? new PGlite(dataDir) : new PGlite());
  },
});
