import type { CodegenConfig } from '@graphql-codegen/cli';

// Types for this program's own operations, read from a running Konekt by introspection over HTTP.
const config: CodegenConfig = {
  schema: process.env.KONEKT_URL ?? 'http://localhost:4000/graphql',
  documents: ['src/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'src/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        // .js in relative imports, as Node's ES modules (moduleResolution NodeNext) want them.
        emitLegacyCommonJSImports: false,
        enumsAsTypes: true,
        scalars: { Date: 'string', DateTime: 'string', Decimal: 'string' },
      },
    },
  },
};

export default config;
