import type { CodegenConfig } from '@graphql-codegen/cli';

// The freshness test writes to a temporary folder and compares it with the committed files.
const outDir = process.env.CODEGEN_OUT_DIR ? `${process.env.CODEGEN_OUT_DIR}/` : '';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['test/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    [`${outDir}test/generated/`]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        emitLegacyCommonJSImports: false,
        enumsAsTypes: true,
        scalars: { Date: 'string', DateTime: 'string', Decimal: 'string' },
      },
    },
  },
};

export default config;
