import { EventEmitter } from 'node:events';

/** Something that may end someone's access: subscriptions of the affected viewers are re-checked at once. */
export interface AccessChange {
  companyId?: string;
  accountId?: string;
  configurationId?: string;
}

/**
 * In-process signals. They only wake listeners up; whatever they announce is read from the
 * database, which stays the source of truth.
 */
export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  accessChanged(change: AccessChange): void {
    this.emitter.emit('access', change);
  }

  onAccessChanged(listener: (change: AccessChange) => void): () => void {
    this.emitter.on('access', listener);
    return () => this.emitter.off('access', listener);
  }

  /** A company's event log grew to `sequence` (committed). */
  documentEventsAppended(companyId: string, sequence: number): void {
    this.emitter.emit(`documents:${companyId}`, sequence);
  }

  onDocumentEvents(companyId: string, listener: (sequence: number) => void): () => void {
    this.emitter.on(`documents:${companyId}`, listener);
    return () => this.emitter.off(`documents:${companyId}`, listener);
  }
}
