import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Pothos loads graphql's CommonJS build; make every import use that one module instance.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    // Two cores: more parallel files only queue behind argon2 and PGlite.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
