import { describe, expect, it } from 'vitest';
import { type SuiteContext, sleep } from '../context.js';
import { readWriteOver, rwKey } from './helpers.js';

export function readWriteExclusionBehaviour(ctx: SuiteContext): void {
  describe('read-write lock: exclusion', () => {
    it('readers share it across connections; a writer waits for them, then excludes everyone', async () => {
      const name = ctx.uniqueName('rw-share');
      const here = readWriteOver(ctx.commander(), name);
      const there = readWriteOver((await ctx.connect()).commander, name);
      const [first, second] = [await here.read({ ttl: 5000 }), await there.read({ ttl: 5000 })];
      expect(await here.inspect()).toMatchObject({ writer: false, readers: 2 });
      expect(await there.tryWrite()).toBeNull();
      const readers = (await ctx
        .inspector()
        .call('ZRANGE', rwKey(name, 'readers'), '0', '-1')) as string[];
      expect(readers.sort()).toEqual([first.token, second.token].sort());
      await first.release();
      await second.release();
      const writer = await there.write({ ttl: 5000 });
      expect(await ctx.inspector().get(rwKey(name, 'writer'))).toBe(writer.token);
      expect(await here.tryRead()).toBeNull();
      expect(await here.tryWrite()).toBeNull();
      expect(await writer.release()).toBe(true);
      for (const part of ['writer', 'readers', 'waiters'] as const) {
        expect(await ctx.inspector().exists(rwKey(name, part)), part).toBe(0);
      }
    });

    it('under contention from three connections no writer is ever inside with anyone, and readers overlap', async () => {
      const name = ctx.uniqueName('rw-contend');
      const sides = [
        ctx.commander(),
        (await ctx.connect()).commander,
        (await ctx.connect()).commander,
      ];
      const locks = sides.map((commander) =>
        readWriteOver(commander, name, { maxRetryInterval: 50 }),
      );
      let readers = 0;
      let writers = 0;
      let mostReaders = 0;
      let clashes = 0;
      const check = () => {
        if (writers > 1 || (writers === 1 && readers > 0)) clashes++;
        mostReaders = Math.max(mostReaders, readers);
      };
      await Promise.all(
        Array.from({ length: 24 }, (_, i) => {
          const lock = locks[i % 3];
          const options = { acquireTimeout: 15_000 };
          return i % 4 === 0
            ? lock?.withWrite(options, async () => {
                writers++;
                check();
                await sleep(10);
                writers--;
              })
            : lock?.withRead(options, async () => {
                readers++;
                check();
                await sleep(10);
                readers--;
              });
        }),
      );
      expect(clashes).toBe(0);
      expect(mostReaders).toBeGreaterThan(1);
    });
  });
}
