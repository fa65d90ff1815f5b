import { pino, type DestinationStream } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './config.js';
import { currentRequestId } from './observability/request-id.js';

/** What the code logs with: a message, and details (an error, or an object of fields) when there are any. */
export type Logger = Record<'debug' | 'info' | 'warn' | 'error', (message: string, details?: unknown) => void>;

/** Fields whose values never reach a log line, at the top of the details or up to two levels into them. */
const SECRET_FIELDS = [
  'authorization',
  'cookie',
  'password',
  'newPassword',
  'exchangePassword',
  'token',
  'wizardToken',
  'programToken',
];
const REDACTED = SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);

const isFields = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

const hasNothingToRedact = (fields: Record<string, unknown>) =>
  Object.entries(fields).every(
    ([key, value]) => !SECRET_FIELDS.includes(key) && (typeof value !== 'object' || value === null),
  );

/**
 * One JSON object a line (pino), each with the request id of the request being served; pretty for a
 * person when stderr is a terminal. Writes are synchronous, so the last lines before an exit are kept.
 * `destination` (tests) receives the JSON lines instead of stderr.
 */
export function createLogger(level: Config['logLevel'], destination?: DestinationStream): Logger {
  const stream =
    destination ??
    (process.stderr.isTTY
      ? pretty({ destination: 2, sync: true, colorize: true, ignore: 'pid,hostname', translateTime: 'SYS:standard' })
      : pino.destination({ fd: 2, sync: true }));
  const options = {
    level,
    // Level names and ISO times: lines an operator can read and grep as they are.
    formatters: { level: (label: string) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const requestId = currentRequestId();
      return requestId === undefined ? {} : { requestId };
    },
  };
  const log = pino({ ...options, redact: { paths: REDACTED, censor: '[redacted]' } }, stream);
  // Redaction walks every path on every line, half of what the access log line costs: a line whose
  // fields are flat values, none of them secret, has nothing to redact and skips it.
  const plain = pino(options, stream);
  const at =
    (name: keyof Logger) =>
    (message: string, details?: unknown): void => {
      if (details === undefined) plain[name](message);
      else if (details instanceof Error) log[name]({ err: details }, message);
      else if (isFields(details)) (hasNothingToRedact(details) ? plain : log)[name](details, message);
      else log[name]({ details }, message);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Yoga's log calls (an error, or a message and arguments) as Konekt's lines. */
export function yogaLogging(logger: Logger): Record<keyof Logger, (...args: unknown[]) => void> {
  const at =
    (name: keyof Logger) =>
    (first: unknown, ...rest: unknown[]) => {
      if (first instanceof Error) logger[name](first.message, first);
      else logger[name](String(first), rest.length > 0 ? rest : undefined);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
