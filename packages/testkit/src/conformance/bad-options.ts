import { createLockClient, type LockClient, lock } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import { recordingCommander, type SuiteContext } from './context.js';

type Call = (
  locks: LockClient,
  seed: (name: unknown, options?: unknown) => Promise<unknown>,
) => Promise<unknown>;

/** Each call must throw this error type with a message matching the pattern. */
const BAD_CALLS: [string, Call, typeof TypeError | typeof RangeError, RegExp][] = [
  ['ttl: -1', (l) => l.acquire('n', { ttl: -1 }), RangeError, /"ttl".*-1/],
  ['ttl: 0', (l) => l.acquire('n', { ttl: 0 }), RangeError, /"ttl".*\b0\b/],
  ['ttl: NaN', (l) => l.acquire('n', { ttl: Number.NaN }), RangeError, /"ttl".*NaN/],
  ['ttl: 1.5', (l) => l.acquire('n', { ttl: 1.5 }), RangeError, /"ttl".*1\.5/],
  ['ttl: "1000"', (l) => l.acquire('n', { ttl: '1000' as never }), TypeError, /"ttl".*"1000"/],
  [
    'acquireTimeout: -1',
    (l) => l.acquire('n', { acquireTimeout: -1 }),
    RangeError,
    /"acquireTimeout".*-1/,
  ],
  [
    'retryInterval: Infinity',
    (l) => l.acquire('n', { retryInterval: Number.POSITIVE_INFINITY }),
    RangeError,
    /"retryInterval".*Infinity/,
  ],
  [
    'retryJitter: -3',
    (l) => l.tryAcquire('n', { retryJitter: -3 }),
    RangeError,
    /"retryJitter".*-3/,
  ],
  ['signal: {}', (l) => l.acquire('n', { signal: {} as never }), TypeError, /"signal".*object/],
  [
    'fencing: "yes"',
    (l) => l.acquire('n', { fencing: 'yes' as never }),
    TypeError,
    /"fencing".*"yes"/,
  ],
  ['unknown option', (l) => l.acquire('n', { timeout: 5 } as never), TypeError, /"timeout"/],
  ['empty name', (l) => l.acquire(''), RangeError, /name.*0 characters/],
  ['name starting with "}"', (l) => l.acquire('}x'), RangeError, /name.*"}x"/],
  ['numeric name', (l) => l.acquire(42 as never), TypeError, /name.*42/],
  [
    'withLock without a function',
    (l) => l.withLock('n', {} as never),
    TypeError,
    /function.*object/,
  ],
  ['seed: empty name', (_, seed) => seed(''), RangeError, /name/],
  [
    'seed: timeoutMillis: -5',
    (_, seed) => seed('n', { timeoutMillis: -5 }),
    RangeError,
    /"timeoutMillis".*-5/,
  ],
  ['seed: fifo option', (_, seed) => seed('n', { fifo: true }), TypeError, /"fifo"/],
];

export function badOptionsBehaviour(ctx: SuiteContext): void {
  describe('bad options', () => {
    it.each(BAD_CALLS)(
      '%s throws a typed error naming it, before anything is sent',
      async (_, call, type, pattern) => {
        const { commander, calls } = recordingCommander(ctx.commander());
        const seed = (name: unknown, options?: unknown) =>
          lock(commander, name as string, options as never);
        const error = await call(createLockClient(commander), seed).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(type);
        expect((error as Error).message).toMatch(pattern);
        expect(calls).toEqual([]);
      },
    );

    it('client defaults are checked when the client is made', () => {
      expect(() => createLockClient(ctx.commander(), { ttl: -1 })).toThrow(RangeError);
      expect(() => createLockClient(ctx.commander(), { prefix: 5 as never })).toThrow(/"prefix"/);
      expect(() => createLockClient(ctx.commander(), { prefix: 'app{x}:' })).toThrow(RangeError);
      expect(() => createLockClient({} as never)).toThrow(TypeError);
    });
  });
}
