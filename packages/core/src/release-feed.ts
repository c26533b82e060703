import type { RedisCommander } from './commander.js';
import { withinTimeout } from './scripts-call.js';
import { randomToken } from './token.js';

/**
 * How long a channel stays subscribed after its last listener leaves. A process that waited
 * for a lock usually waits for it again soon; keeping the subscription saves a SUBSCRIBE and
 * an UNSUBSCRIBE per wait, and lets the next wait queue in its first attempt. Kept short
 * because an open subscription can keep a process alive until it ends (or `close()`).
 */
export const SUBSCRIPTION_LINGER_MS = 1000;

type Listener = (message: string) => void;

interface Channel {
  readonly listeners: Set<Listener>;
  /** Settles once the subscription is live or has failed (or timed out). */
  live: Promise<void>;
  isLive: boolean;
  end: (() => Promise<void>) | undefined;
  idle: ReturnType<typeof setTimeout> | undefined;
}

/** A listener's hold on a channel: `live` settles like the subscription, `stop()` lets go. */
export interface Listening {
  readonly live: Promise<void>;
  stop(): void;
}

const ignore = (): void => {};

/**
 * A lingering subscription is a saving, not work: its timer must not keep a process alive
 * that has nothing else to do (Node, Bun and Deno have `unref`; browsers and workers don't).
 */
function lingerTimer(close: () => void): ReturnType<typeof setTimeout> {
  const timer = setTimeout(close, SUBSCRIPTION_LINGER_MS);
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

/**
 * The handoff channels of one commander, shared by every waiter in the process: one
 * subscription per lock, kept for `SUBSCRIPTION_LINGER_MS` after its last waiter. Each feed
 * hears on channels of its own, so a handoff wakes only the process it is for.
 */
export class ReleaseFeed {
  /** Drawn on first use: Workers forbid random values while a module loads. */
  #id: string | undefined;
  readonly #subscribe: RedisCommander['subscribe'];
  readonly #channels = new Map<string, Channel>();

  constructor(commander: RedisCommander) {
    this.#subscribe = commander.subscribe?.bind(commander);
  }

  get available(): boolean {
    return this.#subscribe !== undefined;
  }

  /** This feed's own channel for a lock whose shared release channel is `lockChannel`. */
  channelFor(lockChannel: string): string {
    this.#id ??= randomToken();
    return `${lockChannel}:${this.#id}`;
  }

  /** Whether messages on `channel` are being delivered right now. */
  isLive(channel: string): boolean {
    return this.#channels.get(channel)?.isLive === true;
  }

  /**
   * Delivers messages on `channel` to `listener` until `stop()`. Subscribes if nobody else
   * in the process does; a subscription not live within `replyTimeout` fails `live`.
   */
  listen(channel: string, listener: Listener, replyTimeout: number): Listening {
    const entry = this.#channels.get(channel) ?? this.#open(channel, replyTimeout);
    clearTimeout(entry.idle);
    entry.idle = undefined;
    entry.listeners.add(listener);
    let stopped = false;
    return {
      live: entry.live,
      stop: () => {
        if (stopped) return;
        stopped = true;
        entry.listeners.delete(listener);
        if (entry.listeners.size === 0 && this.#channels.get(channel) === entry) {
          entry.idle = lingerTimer(() => this.#close(channel, entry));
        }
      },
    };
  }

  #open(channel: string, replyTimeout: number): Channel {
    const subscribe = this.#subscribe;
    if (subscribe === undefined) throw new Error('this commander cannot subscribe');
    const entry: Channel = {
      listeners: new Set(),
      live: Promise.resolve(),
      isLive: false,
      end: undefined,
      idle: undefined,
    };
    const deliver = (message: string) => {
      for (const listener of entry.listeners) listener(message);
    };
    const subscribing = (async () => subscribe(channel, deliver))();
    subscribing.then((end) => {
      entry.end = end;
      // Given up on (timed out, closed) before it went live: end it at once.
      if (this.#channels.get(channel) === entry) entry.isLive = true;
      else void end().catch(ignore);
    }, ignore);
    entry.live = withinTimeout(subscribing, replyTimeout).then(
      () => undefined,
      (error: unknown) => {
        if (this.#channels.get(channel) === entry) this.#channels.delete(channel);
        throw error;
      },
    );
    entry.live.catch(ignore);
    this.#channels.set(channel, entry);
    return entry;
  }

  #close(channel: string, entry: Channel): void {
    if (entry.listeners.size > 0 || this.#channels.get(channel) !== entry) return;
    this.#channels.delete(channel);
    entry.isLive = false;
    void entry.end?.().catch(ignore);
  }
}
