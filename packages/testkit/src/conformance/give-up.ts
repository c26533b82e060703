import {
  createLockClient,
  LockRedisError,
  type LockScript,
  LockTimeoutError,
  type RedisCommander,
} from '@mutex/core';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import {
  eventually,
  inspectorNodes,
  recordingCommander,
  type SuiteContext,
  sleep,
} from './context.js';
import { lockKey } from './keys.js';
import { monitor } from './monitor.js';

/** A commander whose acquire scripts are held back on their way, and what became of them. */
interface Delayed {
  readonly commander: RedisCommander;
  /** Settles once every delayed acquire script has run and answered. */
  readonly landed: () => Promise<unknown>;
  /** The replies of the acquire scripts, as Redis gave them. */
  readonly replies: unknown[];
}

/**
 * Delays acquire scripts by `delayMs`, either before Redis runs them (`'request'`: a slow
 * network on the way there, or an EVAL sent only after a NOSCRIPT reply) or after (`'reply'`:
 * Redis ran it at once, the client hears late). Everything else passes straight through.
 */
function delayAcquires(
  inner: RedisCommander,
  where: 'request' | 'reply',
  delayMs: number,
): Delayed {
  const pending: Promise<unknown>[] = [];
  const replies: unknown[] = [];
  const delayed = async (script: LockScript, keys: readonly string[], args: readonly string[]) => {
    if (where === 'request') await sleep(delayMs);
    const reply = await inner.eval(script, keys, args);
    replies.push(reply);
    if (where === 'reply') await sleep(delayMs);
    return reply;
  };
  return {
    commander: {
      eval(script, keys, args) {
        if (script.name !== 'acquire') return inner.eval(script, keys, args);
        const sent = delayed(script, keys, args);
        pending.push(sent.catch(() => {}));
        return sent;
      },
    },
    landed: () => Promise.all(pending),
    replies,
  };
}

const tookLock = (reply: unknown) => Array.isArray(reply) && Number(reply[0]) === 1;

/**
 * How far Redis's clock (MONITOR's timestamps) is ahead of this process's high-resolution one,
 * read afresh with TIME: the two drift apart over a long test run, by more than the margins
 * this checks.
 */
async function redisClockOffset(ctx: SuiteContext): Promise<number> {
  const node = inspectorNodes(ctx.inspector())[0] as Redis;
  const before = performance.now();
  const [seconds, micros] = await node.time();
  const after = performance.now();
  return Number(seconds) * 1000 + Number(micros) / 1000 - (before + after) / 2;
}

export function giveUpBehaviour(ctx: SuiteContext): void {
  describe('give-up safety', () => {
    for (const fair of [false, true]) {
      it(`${fair ? 'fair' : 'default'} mode: a release around the waiter's limit never writes the lock for it after it gave up`, async () => {
        const LIMIT = 150;
        const name = ctx.uniqueName(`deadline-race-${fair}`);
        const holderSide = createLockClient(ctx.commander(), { fair });
        const waiterSide = recordingCommander((await ctx.connect()).commander);
        const waiters = createLockClient(waiterSide.commander, { fair, maxRetryInterval: 100 });
        const rejections: { token: string; at: number }[] = [];
        const watching = await monitor(ctx);
        for (const shift of [-2, -1, 0, 1, 2]) {
          const offset = await redisClockOffset(ctx);
          const holder = await holderSide.acquire(name);
          const before = new Set(waiterSide.tokens);
          const waiting = waiters.acquire(name, { acquireTimeout: LIMIT });
          const releasing = sleep(LIMIT + shift).then(() => holder.release());
          try {
            await (await waiting).release();
          } catch {
            const at = performance.now() + offset;
            for (const token of waiterSide.tokens)
              if (!before.has(token)) rejections.push({ token, at });
          }
          await releasing;
          await eventually(
            async () => (await ctx.inspector().exists(lockKey(name))) === 0,
            'a free lock',
          );
        }
        const writes = (await watching.stop()).flatMap(({ entries }) =>
          entries.filter(
            (entry) => entry.source === 'lua' && entry.args[0]?.toLowerCase() === 'set',
          ),
        );
        const late = rejections.flatMap(({ token, at }) =>
          writes
            .filter(
              (write) =>
                write.args[1] === lockKey(name) && write.args[2] === token && write.time > at,
            )
            .map((write) => `${token} written ${(write.time - at).toFixed(2)} ms after it gave up`),
        );
        expect(rejections.length).toBeGreaterThan(0); // the race was run, not dodged
        expect(late).toEqual([]);
      });
    }

    const noLockLeft = async (name: string) =>
      eventually(async () => (await ctx.inspector().exists(lockKey(name))) === 0, 'no lock left');

    it('an attempt that succeeds after its waiter timed out is released at once', async () => {
      const name = ctx.uniqueName('give-up-timeout');
      const slow = delayAcquires(ctx.commander(), 'reply', 400);
      const acquiring = createLockClient(slow.commander).acquire(name, { acquireTimeout: 100 });
      await expect(acquiring).rejects.toBeInstanceOf(LockTimeoutError);
      await slow.landed();
      // The script took the lock for a caller that had already given up...
      expect(slow.replies.some(tookLock)).toBe(true);
      // ...and the core gave it back.
      await noLockLeft(name);
    });

    it('an attempt that succeeds after its waiter was aborted is released at once', async () => {
      const name = ctx.uniqueName('give-up-abort');
      const slow = delayAcquires(ctx.commander(), 'reply', 400);
      const controller = new AbortController();
      const acquiring = createLockClient(slow.commander).acquire(name, {
        signal: controller.signal,
      });
      await sleep(50);
      controller.abort(new Error('cancelled'));
      await expect(acquiring).rejects.toThrow('cancelled');
      await slow.landed();
      expect(slow.replies.some(tookLock)).toBe(true);
      await noLockLeft(name);
    });

    it('an attempt that reaches Redis after its reply timeout leaves no lock behind', async () => {
      // The clean-up sent when the reply timed out lands first and finds nothing; the attempt
      // then takes the lock. The core must clean up again once the attempt has settled.
      const name = ctx.uniqueName('give-up-reply-timeout');
      const slow = delayAcquires(ctx.commander(), 'request', 300);
      const acquiring = createLockClient(slow.commander).acquire(name, {
        replyTimeout: 100,
        ttl: 60_000,
      });
      await expect(acquiring).rejects.toBeInstanceOf(LockRedisError);
      await slow.landed();
      expect(slow.replies.some(tookLock)).toBe(true);
      await noLockLeft(name);
    });
  });
}
