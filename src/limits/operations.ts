import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import type { GraphQLArmorCallbackConfiguration } from '@escape.tech/graphql-armor-types';
import {
  GraphQLError,
  Kind,
  validate,
  visit,
  type ArgumentNode,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type ParseOptions,
  type Source,
  type ValidationRule,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import { messages, pickLang, type Lang } from '../i18n/index.js';
import { PhrasedError, sayIn } from './refusals.js';

type Limits = Config['operationLimits'];
type Limit = 'tokens' | 'depth' | 'aliases' | 'directives' | 'cost';

/** What armor found ("…exceeded, found 36343.75."), for the answer. */
const foundIn = (error: GraphQLError) => Number(/found (\d+(?:\.\d+)?)/.exec(error.message)?.[1] ?? NaN);

function overLimit(limit: Limit, max: number, found: number): PhrasedError {
  const shown = Number.isFinite(found) ? Math.ceil(found) : undefined;
  return new PhrasedError((m) => (limit === 'cost' ? m.limits.cost(max, String(shown ?? '?')) : m.limits[limit](max)), {
    code: 'OPERATION_LIMIT',
    limit,
    max,
    ...(shown !== undefined ? { found: shown } : {}),
  });
}

/** Armor's rules report our error instead of throwing theirs, so every limit answers alike. */
const reporting = (limit: Limit, max: number): GraphQLArmorCallbackConfiguration => ({
  propagateOnRejection: false,
  onReject: [(context, error) => context?.reportError(overLimit(limit, max, foundIn(error)))],
});

function costRule(limits: Limits): ValidationRule {
  return costLimitRule({ maxCost: limits.maxCost, flattenFragments: true, ...reporting('cost', limits.maxCost) });
}

const isPageSize = (node: ArgumentNode) =>
  (node.name.value === 'first' || node.name.value === 'last') && node.value.kind === Kind.VARIABLE;

function hasVariablePageSizes(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Argument(node) {
      if (isPageSize(node)) found = true;
    },
  });
  return found;
}

/** Page sizes passed as variables (`first: $first`) written into the document, so they are costed too. */
function withPageSizes(document: DocumentNode, variables: Record<string, unknown> | undefined): DocumentNode {
  const defaults = new Map<string, unknown>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const variable of definition.variableDefinitions ?? []) {
      if (variable.defaultValue?.kind === Kind.INT)
        defaults.set(variable.variable.name.value, variable.defaultValue.value);
    }
  }
  return visit(document, {
    Argument(node) {
      if (!isPageSize(node) || node.value.kind !== Kind.VARIABLE) return;
      const name = node.value.name.value;
      const value = variables && name in variables ? variables[name] : defaults.get(name);
      if (value === undefined || value === null) return;
      const size = Number(value);
      if (!Number.isInteger(size)) return;
      return { ...node, value: { kind: Kind.INT, value: String(size) } };
    },
  });
}

/**
 * The answer of an operation that has not finished within `timeoutMs`: the timeout error. Raced
 * rather than signalled: given an abort signal, graphql-tools' executor races every field's promise
 * against it, a fifth of the server's time on a ten-row page.
 */
function withDeadline<T>(result: T | Promise<T>, timeoutMs: number, lang: Lang): T | Promise<T | ExecutionResult> {
  if (!(result instanceof Promise)) return result;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<ExecutionResult>((resolve) => {
    timer = setTimeout(() => {
      const timeout = new GraphQLError(messages(lang).limits.timeout(timeoutMs), {
        extensions: { code: 'TIMEOUT', timeoutMs },
      });
      resolve({ errors: [timeout] });
    }, timeoutMs);
  });
  return Promise.race([result, late]).finally(() => clearTimeout(timer));
}

/**
 * Depth, aliases, tokens, directives and cost (graphql-armor), checked while the operation is
 * parsed and validated, so nothing too large reaches a resolver or the database; the cost of page
 * sizes given as variables is checked once they are known, still before execution. Every
 * operation then has `timeoutMs` to answer. Used by HTTP and WebSocket alike (yoga's envelop).
 */
export function operationLimits(limits: Limits): Plugin[] {
  const rules: ValidationRule[] = [
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, ...reporting('depth', limits.maxDepth) }),
    maxAliasesRule({ n: limits.maxAliases, ...reporting('aliases', limits.maxAliases) }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reporting('directives', limits.maxDirectives) }),
    costRule(limits),
  ];
  const variablePages = new WeakMap<DocumentNode, boolean>();
  const pagesOf = (document: DocumentNode) => {
    let known = variablePages.get(document);
    if (known === undefined) variablePages.set(document, (known = hasVariablePageSizes(document)));
    return known;
  };
  return [
    {
      onParse({ setParseFn }) {
        setParseFn((source: string | Source, options?: ParseOptions) => {
          const parser = new MaxTokensParserWLexer(source, { ...options, n: limits.maxTokens });
          try {
            return parser.parseDocument();
          } catch (error) {
            if (parser.tokenCount > limits.maxTokens) throw overLimit('tokens', limits.maxTokens, parser.tokenCount);
            throw error;
          }
        });
      },
      onValidate({ addValidationRule }) {
        for (const rule of rules) addValidationRule(rule);
      },
      onExecute({ args, executeFn, setExecuteFn, setResultAndStopExecution }) {
        const lang = (args.contextValue as { lang?: Lang }).lang ?? 'pl';
        const { document, schema, variableValues } = args as ExecutionArgs;
        if (pagesOf(document)) {
          const written = withPageSizes(document, variableValues ?? undefined);
          const errors = validate(schema, written, [costRule(limits)]);
          if (errors.length > 0) {
            setResultAndStopExecution({ errors: sayIn(lang, errors) });
            return;
          }
        }
        setExecuteFn((execution) =>
          withDeadline(executeFn(execution) as ExecutionResult | Promise<ExecutionResult>, limits.timeoutMs, lang),
        );
      },
      onResultProcess(processing) {
        const { request, result } = processing;
        if (Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
        const lang = pickLang(null, request.headers.get('accept-language'));
        processing.setResult({ ...result, errors: sayIn(lang, result.errors) });
      },
    },
  ];
}
