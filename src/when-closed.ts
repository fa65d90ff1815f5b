import type { EventEmitter } from 'node:events';

/**
 * `listener` for the one 'close' a socket or response emits. Not `once`: it wraps each listener in
 * a bound function and a state object, about 110 bytes that a live socket holds for each of its
 * eight listeners; a 'close' comes once anyway.
 */
export function whenClosed(emitter: EventEmitter, listener: () => void): void {
  emitter.on('close', listener);
}
