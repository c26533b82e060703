import type { LockScript, RedisCommander } from '../src/index.js';

export interface Call {
  readonly script: string;
  readonly keys: readonly string[];
  readonly args: readonly string[];
}

type Reply = (call: Call) => unknown;

/**
 * A commander that answers from a script of replies, per Lua script name: for unit tests of
 * the state machine's timing and error paths. Redis semantics are tested against real Redis.
 */
export class ScriptedCommander implements RedisCommander {
  readonly calls: Call[] = [];
  readonly #replies = new Map<string, Reply[]>();
  readonly #fallback: Record<string, Reply> = {
    acquire: leaseOf(0),
    release: () => 1,
    extend: () => 1,
  };

  /** Queues replies for `script`; each is used once, then the fallback (success) applies. */
  reply(script: 'acquire' | 'release' | 'extend', ...replies: Reply[]): this {
    this.#replies.set(script, [...(this.#replies.get(script) ?? []), ...replies]);
    return this;
  }

  callsTo(script: string): Call[] {
    return this.calls.filter((call) => call.script === script);
  }

  async eval(
    script: LockScript,
    keys: readonly string[],
    args: readonly string[],
  ): Promise<unknown> {
    const call = { script: script.name, keys, args };
    this.calls.push(call);
    const reply = this.#replies.get(script.name)?.shift() ?? this.#fallback[script.name];
    return reply?.(call);
  }
}

/** A scripted commander that can also subscribe; `publish` delivers to live subscriptions. */
export class SubscribingCommander extends ScriptedCommander {
  readonly #listeners = new Map<string, Set<(message: string) => void>>();
  subscriptions = 0;

  async subscribe(channel: string, onMessage: (message: string) => void) {
    this.calls.push({ script: 'subscribe', keys: [], args: [channel] });
    const set = this.#listeners.get(channel) ?? new Set();
    set.add(onMessage);
    this.#listeners.set(channel, set);
    this.subscriptions++;
    return async () => {
      set.delete(onMessage);
      this.subscriptions--;
    };
  }

  /** Publishes "<token>:<fence>" on every subscribed channel, as a release handing over does. */
  handOver(token: string, fence = 0): void {
    for (const listeners of this.#listeners.values()) {
      for (const listener of listeners) listener(`${token}:${fence}`);
    }
  }
}

/** Acquired with `fence`, the whole lease (args[1]) still ahead. */
function leaseOf(fence: number): Reply {
  return ({ args }) => [1, fence, args[1] === '0' ? -1 : Number(args[1])];
}

export const busy = (pttl: number) => () => [0, pttl];
export const acquired = (fence = 0) => leaseOf(fence);
export const never = () => new Promise<never>(() => {});
export const fails = (message: string) => () => Promise.reject(new Error(message));

/** A reply held back until the test settles it. */
export function deferred(): {
  reply: Reply;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
} {
  let resolve: (value: unknown) => void = () => {};
  let reject: (error: Error) => void = () => {};
  const promise = new Promise((fulfil, fail) => {
    resolve = fulfil;
    reject = fail;
  });
  promise.catch(() => {}); // a test may reject it before anyone listens
  return { reply: () => promise, resolve, reject };
}
