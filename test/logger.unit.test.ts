import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { withRequestId } from '../src/observability/request-id.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('debug', {
    write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { logger, lines };
}

describe('log lines', () => {
  it('never write a secret, at the top of the details or nested in them', () => {
    const { logger, lines } = capture();
    logger.info('flat', { token: 'T0P', method: 'POST' });
    logger.info('nested', {
      input: { password: 'hunter2', email: 'a@example.pl' },
      deeper: { x: { wizardToken: 'W' } },
    });
    expect(lines[0]).toMatchObject({ msg: 'flat', token: '[redacted]', method: 'POST' });
    expect(lines[1]).toMatchObject({
      msg: 'nested',
      input: { password: '[redacted]', email: 'a@example.pl' },
      deeper: { x: { wizardToken: '[redacted]' } },
    });
  });

  it('write flat fields as they are, with the request id of the request being served', () => {
    const { logger, lines } = capture();
    withRequestId('req-1', () => logger.info('request', { method: 'POST', path: '/graphql', status: 200, ms: 3 }));
    logger.warn('no details');
    expect(lines[0]).toMatchObject({
      level: 'info',
      msg: 'request',
      requestId: 'req-1',
      method: 'POST',
      status: 200,
      ms: 3,
    });
    expect(lines[1]).toMatchObject({ level: 'warn', msg: 'no details' });
    expect(lines[1]).not.toHaveProperty('requestId');
  });
});
