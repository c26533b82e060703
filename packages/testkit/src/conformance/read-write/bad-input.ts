import { createLockClient } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import { recordingCommander, type SuiteContext } from '../context.js';

type Bad = [
  string,
  (locks: ReturnType<typeof createLockClient>) => unknown,
  typeof TypeError,
  RegExp,
];

const BAD: Bad[] = [
  ['empty name', (l) => l.readWrite(''), RangeError, /name/],
  ['name not a string', (l) => l.readWrite(42 as never), TypeError, /name.*42/],
  ['read ttl: -1', (l) => l.readWrite('n').read({ ttl: -1 }), RangeError, /"ttl".*-1/],
  [
    'write acquireTimeout: NaN',
    (l) => l.readWrite('n').write({ acquireTimeout: Number.NaN }),
    RangeError,
    /"acquireTimeout".*NaN/,
  ],
  [
    'tryRead unknown option',
    (l) => l.readWrite('n').tryRead({ mode: 'r' } as never),
    TypeError,
    /"mode"/,
  ],
  [
    'withWrite without work',
    (l) => l.readWrite('n').withWrite({} as never),
    TypeError,
    /withWrite.*function/,
  ],
];

export function readWriteBadInputBehaviour(ctx: SuiteContext): void {
  describe('read-write lock: bad input', () => {
    it.each(BAD)('%s: a typed error naming it, nothing sent', async (_, call, type, message) => {
      const recording = recordingCommander(ctx.commander());
      const error = await (async () => call(createLockClient(recording.commander)))().catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(type);
      expect((error as Error).message).toMatch(message);
      expect(recording.calls).toEqual([]);
    });
  });
}
