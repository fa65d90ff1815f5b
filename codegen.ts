import type { CodegenConfig } from '@graphql-codegen/cli';

// The freshness test writes to a temporary folder and compares it with the committed files.
const outDir = process.env.CODEGEN_OUT_DIR ? `${process.env.CODEGEN_OUT_DIR}/` : '';

const clientConfig = {
  useTypeImports: true,
  emitLegacyCommonJSImports: false,
  enumsAsTypes: true,
  scalars: { Date: 'string', DateTime: 'string', Decimal: 'string' },
};

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  ignoreNoDocuments: false,
  generates: {
    [`${outDir}packages/client/src/generated/`]: {
      documents: ['packages/client/src/**/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: clientConfig,
    },
    [`${outDir}test/generated/`]: {
      documents: ['test/**/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: clientConfig,
    },
  },
};

export default config;
