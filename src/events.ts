import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Logger } from './logger.js';

/**
 * Something that may end (or grant) someone's access: subscriptions of the affected viewers are
 * re-checked at once, and an office's feed re-reads which companies it serves.
 */
export interface AccessChange {
  companyId?: string;
  accountId?: string;
  configurationId?: string;
}

type Signal = { type: 'access'; change: AccessChange } | { type: 'documents'; companyId: string; sequence: number };

interface Relay {
  publish(message: string): Promise<unknown>;
  close(): Promise<void>;
}

const CHANNEL = 'konekt:signals';

/**
 * Signals between the parts of the server, and between servers when REDIS_URL is set. They only
 * wake listeners up; whatever they announce is read from the database, which stays the source of
 * truth, so a signal lost on the way delays a wake-up but never loses data.
 */
export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly instance = randomUUID();
  private relay?: Relay;

  constructor(private readonly logger?: Logger) {}

  /**
   * A bus that also reaches every other Konekt server subscribed to the same Redis. When Redis goes
   * away the clients reconnect by themselves (and resubscribe); meanwhile signals to other servers
   * are dropped, not queued, and those servers learn of new events from their own polling.
   */
  static async withRedis(url: string, logger: Logger): Promise<EventBus> {
    const bus = new EventBus(logger);
    // Loaded only with REDIS_URL: the client is a tenth of a second of every start.
    const { createClient } = await import('@redis/client');
    const publisher = createClient({ url, disableOfflineQueue: true });
    const subscriber = createClient({ url });
    let down = false;
    for (const client of [publisher, subscriber]) {
      // One line when Redis goes away and one when it is back, not one per reconnection attempt.
      client.on('error', (error: Error) => {
        if (!down) logger.warn(`redis: ${error.message || String(error)}; delivery goes on by polling the event log`);
        down = true;
      });
      client.on('ready', () => {
        if (down) logger.info('redis: connected again');
        down = false;
      });
    }
    await Promise.all([publisher.connect(), subscriber.connect()]);
    await subscriber.subscribe(CHANNEL, (message) => bus.receive(message));
    bus.relay = {
      publish: (message) => publisher.publish(CHANNEL, message),
      async close() {
        // A client waiting for Redis to come back would wait for it to close gracefully too.
        const clients = [subscriber, publisher];
        await Promise.allSettled(clients.map(async (client) => (client.isReady ? client.close() : client.destroy())));
      },
    };
    return bus;
  }

  /** True when signals cross servers; the server then also polls the event log, in case one was lost. */
  get distributed(): boolean {
    return this.relay !== undefined;
  }

  accessChanged(change: AccessChange): void {
    this.signal({ type: 'access', change });
  }

  onAccessChanged(listener: (change: AccessChange) => void): () => void {
    this.emitter.on('access', listener);
    return () => this.emitter.off('access', listener);
  }

  /** A company's event log grew to `sequence` (committed). */
  documentEventsAppended(companyId: string, sequence: number): void {
    this.signal({ type: 'documents', companyId, sequence });
  }

  /** The poll found a company's log at `sequence`: this server's subscribers are woken, no other server is told. */
  documentEventsFound(companyId: string, sequence: number): void {
    this.deliver({ type: 'documents', companyId, sequence });
  }

  onDocumentEvents(companyId: string, listener: (sequence: number) => void): () => void {
    this.emitter.on(`documents:${companyId}`, listener);
    return () => this.emitter.off(`documents:${companyId}`, listener);
  }

  async close(): Promise<void> {
    await this.relay?.close();
  }

  private signal(signal: Signal) {
    this.deliver(signal);
    // Failures while Redis is away are already said once by the client's error handler.
    this.relay?.publish(JSON.stringify({ from: this.instance, signal })).catch((error: Error) => {
      this.logger?.debug(`redis publish failed: ${error.message}`);
    });
  }

  /** Runs inside the Redis client: nothing thrown here may reach it, or the whole process would go down. */
  private receive(message: string) {
    try {
      const { from, signal } = JSON.parse(message) as { from: string; signal: Signal };
      if (from !== this.instance) this.deliver(signal);
    } catch (error) {
      this.logger?.error('a signal from another server could not be handled', error);
    }
  }

  private deliver(signal: Signal) {
    if (signal.type === 'access') this.emitter.emit('access', signal.change);
    else this.emitter.emit(`documents:${signal.companyId}`, signal.sequence);
  }
}
