import { GraphQLError } from 'graphql';
import { en } from '../i18n/en.js';
import { messages, type Lang, type Phrase } from '../i18n/index.js';

/**
 * A refusal made while a request is parsed or validated. Those results are cached across askers,
 * so the error keeps its phrase and is said in each asker's language only when it is answered
 * (`sayIn`); until then its message is the English one.
 */
export class PhrasedError extends GraphQLError {
  constructor(
    readonly phrase: Phrase,
    extensions: Record<string, unknown>,
  ) {
    super(phrase(en), { extensions });
  }

  in(lang: Lang): GraphQLError {
    return new GraphQLError(this.phrase(messages(lang)), { nodes: this.nodes, extensions: this.extensions });
  }
}

/** The errors of an answer, each phrased one said in `lang`. */
export function sayIn<E extends GraphQLError>(lang: Lang, errors: readonly E[]): GraphQLError[] {
  return errors.map((error) => (error instanceof PhrasedError ? error.in(lang) : error));
}
