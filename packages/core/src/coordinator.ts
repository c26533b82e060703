import type { Abortable } from './give-up.js';

type Release = () => void;

interface QueueEntry {
  grant(): void;
}

/**
 * In-process coordination for everything locked through one commander. Waiters for the
 * same key take turns, so only one of them talks to Redis at a time; the turn passes on when
 * the lock it took ends. Local releases wake the waiter in turn without a Redis round trip.
 */
export class LocalCoordinator {
  readonly #queues = new Map<string, QueueEntry[]>();
  readonly #listeners = new Map<string, Set<() => void>>();

  /** The turn at once if nobody has it (the usual case: no promise, no wait), else undefined. */
  turnIfFree(key: string): Release | undefined {
    if (this.#queues.has(key)) return undefined;
    const entry: QueueEntry = { grant: () => {} };
    this.#queues.set(key, [entry]);
    return this.#passer(key, entry);
  }

  /** Resolves to a function that passes the turn on, once it is this caller's turn. */
  takeTurn(key: string, signal: Abortable): Promise<Release> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      let queue = this.#queues.get(key);
      if (queue === undefined) {
        queue = [];
        this.#queues.set(key, queue);
      }
      const entries = queue;
      const onAbort = () => {
        entries.splice(entries.indexOf(entry), 1);
        if (entries.length === 0) this.#queues.delete(key);
        reject(signal.reason);
      };
      const entry: QueueEntry = {
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          resolve(this.#passer(key, entry));
        },
      };
      entries.push(entry);
      if (entries.length === 1) entry.grant();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Passes the turn on from `entry`, once however often it is called. */
  #passer(key: string, entry: QueueEntry): Release {
    let passed = false;
    return () => {
      if (passed) return;
      passed = true;
      this.#pass(key, entry);
    };
  }

  #pass(key: string, entry: QueueEntry): void {
    const queue = this.#queues.get(key);
    if (queue === undefined || queue[0] !== entry) return;
    queue.shift();
    const next = queue[0];
    if (next === undefined) this.#queues.delete(key);
    else next.grant();
  }

  /** Calls `onRelease` whenever a lock on `key` taken in this process ends. */
  onRelease(key: string, onRelease: () => void): () => void {
    let listeners = this.#listeners.get(key);
    if (listeners === undefined) {
      listeners = new Set();
      this.#listeners.set(key, listeners);
    }
    listeners.add(onRelease);
    const set = listeners;
    return () => {
      set.delete(onRelease);
      if (set.size === 0) this.#listeners.delete(key);
    };
  }

  released(key: string): void {
    for (const listener of this.#listeners.get(key) ?? []) listener();
  }
}
