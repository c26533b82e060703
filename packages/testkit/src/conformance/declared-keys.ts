import { type AcquireOptions, createLockClient, type Lock } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import { type SuiteContext, sleep } from './context.js';
import { monitor, scriptRuns } from './monitor.js';

/** Commands that name channels or nothing, never keys. */
const KEYLESS = new Set(['time', 'publish', 'spublish']);

const MODES: [string, AcquireOptions][] = [
  ['default mode', {}],
  ['fair mode', { fair: true }],
  ['fencing', { fencing: true }],
];

/**
 * Everything a lock does in Redis for `options`: take, extend, wait in line (two waiters on
 * other connections), give up, hand over, a failed try, release.
 */
async function exercise(ctx: SuiteContext, name: string, options: AcquireOptions) {
  const holderSide = createLockClient(ctx.commander(), options);
  const [first, second] = [await ctx.connect(), await ctx.connect()];
  const holder = await holderSide.acquire(name);
  await holder.extend();
  const waiting = createLockClient(first.commander, options).acquire(name, {
    acquireTimeout: 5000,
    maxRetryInterval: 100,
  });
  const givingUp = createLockClient(second.commander, options)
    .acquire(name, { acquireTimeout: 400, maxRetryInterval: 100 })
    .catch(() => undefined);
  await sleep(500); // both queued; one gave up; both polled at least once
  expect(await holderSide.tryAcquire(name)).toBeNull();
  await holder.release();
  const handed: Lock = await waiting;
  await givingUp;
  await handed.release();
}

export function declaredKeysBehaviour(ctx: SuiteContext): void {
  describe('declared keys', () => {
    for (const [mode, options] of MODES) {
      it(`${mode}: every key a script touches is one of its KEYS (MONITOR)`, async () => {
        const watching = await monitor(ctx);
        await exercise(ctx, ctx.uniqueName(`declared-${mode}`), options);
        const logs = await watching.stop();
        const runs = logs.flatMap(({ node, entries }) =>
          scriptRuns(entries).map((run) => ({ run, node })),
        );
        expect(runs.length).toBeGreaterThan(5);
        const undeclared: string[] = [];
        for (const { run, node } of runs) {
          for (const command of run.commands) {
            if (KEYLESS.has(command[0]?.toLowerCase() ?? '')) continue;
            // Redis itself says which arguments of the command are keys.
            // (Asked of the node that ran it: a Cluster node redirects other slots' keys.)
            const keys = (await node.call('COMMAND', 'GETKEYS', ...command)) as string[];
            for (const key of keys) {
              if (!run.keys.includes(key))
                undeclared.push(`${command.join(' ')} (KEYS ${run.keys})`);
            }
          }
        }
        expect(undeclared).toEqual([]);
      });
    }
  });
}
