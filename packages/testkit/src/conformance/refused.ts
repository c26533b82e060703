import { createLockClient, type LockClient } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import { recordingCommander, type SuiteContext } from './context.js';

/** A bad call: what it is, how to make it, the error type and a pattern its message matches. */
export type BadCall = [
  string,
  (locks: LockClient) => unknown,
  typeof TypeError | typeof RangeError,
  RegExp,
];

/**
 * One test per bad call: it throws (or rejects with) a typed error naming the option and the
 * value, and nothing reaches Redis.
 */
export function describeRefused(ctx: SuiteContext, title: string, calls: BadCall[]): void {
  describe(title, () => {
    it.each(calls)('%s: a typed error naming it, nothing sent', async (_, call, type, message) => {
      const recording = recordingCommander(ctx.commander());
      const locks = createLockClient(recording.commander);
      const error = await (async () => call(locks))().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(type);
      expect((error as Error).message).toMatch(message);
      expect(recording.calls).toEqual([]);
    });
  });
}
