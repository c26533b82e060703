import { createLockClient } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import { inspectorNodes, recordingCommander, type SuiteContext } from './context.js';

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
    it('an uncontended acquire and release send exactly two commands to Redis', async () => {
      const { commander, calls } = recordingCommander(ctx.commander());
      const locks = createLockClient(commander);
      await (await locks.acquire(ctx.uniqueName('warm-up'))).release(); // loads the scripts

      const name = ctx.uniqueName('cost');
      calls.length = 0;
      const before = await commandCalls(ctx);
      const lock = await locks.acquire(name);
      await lock.release();
      const after = await commandCalls(ctx);

      expect(calls).toEqual(['acquire', 'release']);
      const delta = (command: string) => (after.get(command) ?? 0) - (before.get(command) ?? 0);
      expect(delta('evalsha')).toBe(2);
      expect(delta('eval')).toBe(0);
      expect(delta('script|load')).toBe(0);
    });
  });
}
