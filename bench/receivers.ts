import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

export const FOLLOW = `subscription ($after: String) {
  documentEvents(after: $after) { cursor sequence kind document { id number status } }
}`;

type FollowResult = { documentEvents: { document: { number: string } } };

/** What a receiver subscribes to, and where each result names the document that arrived. */
export interface Stream<Result> {
  query: string;
  numberOf(result: Result): string;
}

const COMPANY_STREAM: Stream<FollowResult> = {
  query: FOLLOW,
  numberOf: (result) => result.documentEvents.document.number,
};

interface Expected {
  times: number[];
  receivers: number;
  timer: NodeJS.Timeout;
  resolve(times: number[]): void;
}

/**
 * When each receiver got each document, by document number. The sender registers what it expects
 * before it sends, because an event may reach a receiver before the sender has its HTTP response.
 */
export class Deliveries {
  private readonly expected = new Map<string, Expected>();
  private failure: string | undefined;

  /** Resolves with the arrival time (performance.now()) at each of `receivers` receivers. */
  expect(number: string, receivers: number, timeoutMs: number): Promise<number[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const got = this.expected.get(number)?.times.length ?? 0;
        this.expected.delete(number);
        const cause = this.failure ? `; a receiver failed: ${this.failure}` : '';
        reject(new Error(`${number} reached ${got} of ${receivers} receivers within ${timeoutMs} ms${cause}`));
      }, timeoutMs);
      this.expected.set(number, { times: [], receivers, timer, resolve });
    });
  }

  /** The send failed: nothing will arrive. */
  forget(number: string): void {
    clearTimeout(this.expected.get(number)?.timer);
    this.expected.delete(number);
  }

  arrived(number: string): void {
    const at = performance.now();
    const entry = this.expected.get(number);
    if (!entry) return;
    entry.times.push(at);
    if (entry.times.length < entry.receivers) return;
    clearTimeout(entry.timer);
    this.expected.delete(number);
    entry.resolve(entry.times);
  }

  failed(reason: string): void {
    this.failure ??= reason;
  }
}

/** Told of every event a receiver gets (by document number) and of any receiver failing. */
export interface ArrivalSink {
  arrived(number: string): void;
  failed(reason: string): void;
}

export interface Receiver {
  close(): Promise<void>;
}

const describe = (error: unknown) =>
  error instanceof Error ? error.message : JSON.stringify(error, ['code', 'reason', 'message']);

/**
 * One accounting program: its own graphql-ws connection following documentEvents after `after`
 * (the company's last event, so nothing is replayed), or another stream (an office's). Resolves
 * once the server acknowledged it.
 */
export async function connectReceiver<Result = FollowResult>(
  wsUrl: string,
  token: string,
  after: number | string | null,
  deliveries: ArrivalSink,
  timeoutMs: number,
  stream: Stream<Result> = COMPANY_STREAM as unknown as Stream<Result>,
): Promise<Receiver> {
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  const acknowledged = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no connection_ack within ${timeoutMs} ms`)), timeoutMs);
    client.on('connected', () => {
      clearTimeout(timer);
      resolve();
    });
    client.on('closed', (event) => {
      clearTimeout(timer);
      reject(new Error(`closed before connection_ack: ${describe(event)}`));
    });
  });
  client.subscribe<Result>(
    { query: stream.query, variables: { after: after === null ? null : String(after) } },
    {
      next: (result) => {
        if (result.data) deliveries.arrived(stream.numberOf(result.data));
        else deliveries.failed(JSON.stringify(result.errors));
      },
      error: (error) => deliveries.failed(describe(error)),
      complete: () => undefined,
    },
  );
  try {
    await acknowledged;
  } catch (error) {
    await client.dispose();
    throw error;
  }
  return { close: async () => client.dispose() };
}
