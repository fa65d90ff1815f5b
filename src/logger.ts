import type { Config } from './config.js';

export type Logger = Record<'debug' | 'info' | 'warn' | 'error', (message: string, details?: unknown) => void>;

const ORDER = ['debug', 'info', 'warn', 'error', 'silent'] as const;

export function createLogger(level: Config['logLevel']): Logger {
  const threshold = ORDER.indexOf(level);
  const at = (name: Exclude<(typeof ORDER)[number], 'silent'>) => (message: string, details?: unknown) => {
    if (ORDER.indexOf(name) < threshold) return;
    const line = `${new Date().toISOString()} ${name.toUpperCase()} ${message}`;
    if (details === undefined) console.error(line);
    else console.error(line, details);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
