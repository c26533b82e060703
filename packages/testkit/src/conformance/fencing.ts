import { createLockClient } from '@mutex/core';
import { Cluster } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { SuiteContext } from './context.js';
import { fenceKey, keySlot, lockKey } from './keys.js';

export function fencingBehaviour(ctx: SuiteContext): void {
  describe('fencing', () => {
    it('fencing tokens strictly increase across holders and clients', async () => {
      const name = ctx.uniqueName('fence');
      const other = await ctx.connect();
      const clients = [createLockClient(ctx.commander()), createLockClient(other.commander)];
      const fences: number[] = [];
      for (let i = 0; i < 6; i++) {
        const lock = await clients[i % 2]?.acquire(name, { fencing: true });
        fences.push(lock?.fence as number);
        await lock?.release();
      }
      for (let i = 1; i < fences.length; i++) {
        expect(fences[i]).toBeGreaterThan(fences[i - 1] as number);
      }
      expect(Number(await ctx.inspector().get(fenceKey(name)))).toBe(fences.at(-1));
    });

    it('without fencing a lock has no fence and creates no counter', async () => {
      const name = ctx.uniqueName('no-fence');
      const lock = await createLockClient(ctx.commander()).acquire(name);
      expect(lock.fence).toBeUndefined();
      expect(await ctx.inspector().exists(fenceKey(name))).toBe(0);
      await lock.release();
    });

    it('a lock key and its fencing counter share one cluster slot, whatever the name', async () => {
      for (const name of ['plain', 'with{braces}', 'a}b{c', '{}', '{', 'ünïcødé']) {
        expect(keySlot(fenceKey(name))).toBe(keySlot(lockKey(name)));
        const inspector = ctx.inspector();
        if (inspector instanceof Cluster) {
          const [a, b] = await Promise.all(
            [lockKey(name), fenceKey(name)].map((key) => inspector.cluster('KEYSLOT', key)),
          );
          expect(a).toBe(b);
        }
        const lock = await createLockClient(ctx.commander()).acquire(
          `${ctx.uniqueName('slot')}${name}`,
          {
            fencing: true,
          },
        );
        expect(lock.fence).toBeGreaterThan(0);
        await lock.release();
      }
    });
  });
}
