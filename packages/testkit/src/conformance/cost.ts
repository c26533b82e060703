import { createLockClient } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import { inspectorNodes, recordingCommander, type SuiteContext } from './context.js';
import { lockKey } from './keys.js';

/** Calls per command name, summed over every master, from INFO commandstats. */
async function commandCalls(ctx: SuiteContext): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  for (const node of inspectorNodes(ctx.inspector())) {
    const info = await node.info('commandstats');
    for (const [, name, calls] of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
      totals.set(name as string, (totals.get(name as string) ?? 0) + Number(calls));
    }
  }
  return totals;
}

export function costBehaviour(ctx: SuiteContext): void {
  describe('cost', () => {
    // With `setIfAbsent` the first try at a free lock is a plain SET NX PX, without it the
    // acquire script; either way the release is one script, so two commands in all.
    it('an uncontended acquire and release send exactly two commands to Redis', async () => {
      const { commander, calls } = recordingCommander(ctx.commander());
      const plainSet = commander.setIfAbsent !== undefined;
      const locks = createLockClient(commander);
      const name = ctx.uniqueName('cost');
      await (await locks.acquire(name)).release(); // loads the scripts on the name's node
      calls.length = 0;
      const before = await commandCalls(ctx);
      const lock = await locks.acquire(name);
      await lock.release();
      const after = await commandCalls(ctx);

      expect(calls).toEqual([plainSet ? 'setIfAbsent' : 'acquire', 'release']);
      const delta = (command: string) => (after.get(command) ?? 0) - (before.get(command) ?? 0);
      expect(delta('evalsha')).toBe(plainSet ? 1 : 2);
      expect(delta('set')).toBe(1); // the plain SET, or the one the acquire script runs
      expect(delta('eval')).toBe(0);
      expect(delta('script|load')).toBe(0);
    });

    it('the first try at a free lock sets the key to the token with the lease', async () => {
      const { commander, calls, tokens } = recordingCommander(ctx.commander());
      const name = ctx.uniqueName('first-try');
      const lock = await createLockClient(commander).acquire(name, { ttl: 60_000 });
      expect(calls[0]).toBe(commander.setIfAbsent ? 'setIfAbsent' : 'acquire');
      expect(await ctx.inspector().get(lockKey(name))).toBe([...tokens][0]);
      const pttl = await ctx.inspector().pttl(lockKey(name));
      expect(pttl).toBeGreaterThan(55_000);
      expect(pttl).toBeLessThanOrEqual(60_000);
      await lock.release();
      const forever = await createLockClient(commander).acquire(name, { ttl: Infinity });
      expect(await ctx.inspector().pttl(lockKey(name))).toBe(-1);
      await forever.release();
    });

    it('a first try that finds the lock held goes on to the acquire script at once', async () => {
      const name = ctx.uniqueName('first-try-held');
      const holder = await createLockClient(ctx.commander()).acquire(name);
      const { commander, calls } = recordingCommander(ctx.commander());
      expect(await createLockClient(commander).tryAcquire(name)).toBeNull();
      expect(calls).toEqual(commander.setIfAbsent ? ['setIfAbsent', 'acquire'] : ['acquire']);
      await holder.release();
    });

    it('with fencing or in fair mode every attempt is the acquire script', async () => {
      const { commander, calls } = recordingCommander(ctx.commander());
      const locks = createLockClient(commander);
      const fenced = await locks.acquire(ctx.uniqueName('fenced'), { fencing: true });
      expect(fenced.fence).toBeGreaterThan(0);
      await fenced.release();
      await (await locks.acquire(ctx.uniqueName('fair'), { fair: true })).release();
      expect(calls).toEqual(['acquire', 'release', 'acquire', 'release']);
    });
  });
}
