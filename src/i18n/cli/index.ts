import type { Lang } from '../index.js';
import { en } from './en.js';
import { pl, type CliText } from './pl.js';

export type { CliText, Lang };

/** The konekt command's words, one dictionary per language. */
export const CLI_TEXT: Record<Lang, CliText> = { pl, en };
