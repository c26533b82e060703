import type { LockEvent } from '@mutex/core';

type EventOf<Type extends LockEvent['type']> = Extract<LockEvent, { type: Type }>;

/**
 * Lets a step wait for a lock client's event (`queued`, `acquired`, ...) instead of guessing
 * with a sleep. Made before the client, whose `onEvent` is `tap.listener`; it draws nothing
 * random and starts no timer, so it may live at a Worker's module scope.
 */
export class EventTap {
  readonly #waiting: Array<{
    matches: (event: LockEvent) => boolean;
    resolve: (e: LockEvent) => void;
  }> = [];

  readonly listener = (event: LockEvent): void => {
    for (const waiter of [...this.#waiting]) {
      if (!waiter.matches(event)) continue;
      this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
      waiter.resolve(event);
    }
  };

  /** The next `type` event for lock `name`; call it before the action that causes it. */
  next<Type extends LockEvent['type']>(type: Type, name: string): Promise<EventOf<Type>> {
    return new Promise((resolve) => {
      this.#waiting.push({
        matches: (event) => event.type === type && event.name === name,
        resolve: resolve as (event: LockEvent) => void,
      });
    });
  }
}
