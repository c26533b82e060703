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

/**
 * Runs `exercise` under MONITOR and returns every command a script ran on a key it did not
 * declare in KEYS (Redis's COMMAND GETKEYS says which arguments are keys), and how many
 * script runs there were.
 */
export async function undeclaredKeys(
  ctx: SuiteContext,
  exercise: () => Promise<void>,
): Promise<{ runs: number; undeclared: string[] }> {
  const watching = await monitor(ctx);
  await exercise();
  const logs = await watching.stop();
  const runs = logs.flatMap(({ node, entries }) =>
    scriptRuns(entries).map((run) => ({ run, node })),
  );
  const undeclared: string[] = [];
  for (const { run, node } of runs) {
    for (const command of run.commands) {
      if (KEYLESS.has(command[0]?.toLowerCase() ?? '')) continue;
      // Asked of the node that ran it: a Cluster node redirects other slots' keys.
      const keys = (await node.call('COMMAND', 'GETKEYS', ...command)) as string[];
      for (const key of keys) {
        if (!run.keys.includes(key)) undeclared.push(`${command.join(' ')} (KEYS ${run.keys})`);
      }
    }
  }
  return { runs: runs.length, undeclared };
}

export function declaredKeysBehaviour(ctx: SuiteContext): void {
  describe('declared keys', () => {
    for (const [mode, options] of MODES) {
      it(`${mode}: every key a script touches is one of its KEYS (MONITOR)`, async () => {
        const name = ctx.uniqueName(`declared-${mode}`);
        const { runs, undeclared } = await undeclaredKeys(ctx, () => exercise(ctx, name, options));
        expect(runs).toBeGreaterThan(5);
        expect(undeclared).toEqual([]);
      });
    }
  });
}
