import { createLockClient } from '@mutex/core';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { inspectorNodes, recordingCommander, type SuiteContext } from './context.js';
import { keySlot, lockKey } from './keys.js';

/** Calls of `command` each master has run so far (INFO commandstats). */
async function callsPerNode(nodes: readonly Redis[], command: string): Promise<number[]> {
  return Promise.all(
    nodes.map(async (node) => {
      const stats = await node.info('commandstats');
      return Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(stats)?.[1] ?? 0);
    }),
  );
}

/** Whether `node` serves `slot` (CLUSTER SHARDS would do too; CLUSTER SLOTS is in Redis 6). */
async function owns(node: Redis, slot: number): Promise<boolean> {
  const { port } = node.options;
  const ranges = (await node.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][];
  return ranges.some(([from, to, [, master]]) => from <= slot && slot <= to && master === port);
}

/**
 * On a Redis Cluster: a commander that listens with sharded pub/sub (it says so through
 * `shardedPubSub` once subscribed) gets its handoffs only from the shard owning the lock; one
 * that cannot (a client without sharded subscribers) gets them broadcast. Both are woken.
 */
export function shardedBehaviour(ctx: SuiteContext): void {
  if (ctx.target.redis.kind !== 'cluster') return;
  describe('sharded pub/sub on Redis Cluster', () => {
    it('a handoff wakes the waiter: with SPUBLISH to the owning shard alone when sharded', async () => {
      const name = ctx.uniqueName('sharded');
      const nodes = inspectorNodes(ctx.inspector());
      const owner = await Promise.all(nodes.map((node) => owns(node, keySlot(lockKey(name)))));
      expect(owner.filter(Boolean)).toHaveLength(1);
      const [publishBefore, spublishBefore] = [
        await callsPerNode(nodes, 'publish'),
        await callsPerNode(nodes, 'spublish'),
      ];

      const holder = await createLockClient(ctx.commander()).acquire(name);
      const waiterSide = recordingCommander((await ctx.connect()).commander);
      // Polls 10 s apart: only the message can hand it the lock in time.
      const waiting = createLockClient(waiterSide.commander, { maxRetryInterval: 10_000 }).acquire(
        name,
        { retryInterval: 10_000, acquireTimeout: 5000 },
      );
      await new Promise((resolve) => setTimeout(resolve, 200)); // subscribed and queued
      await holder.release();
      await (await waiting).release();
      expect(waiterSide.calls.filter((call) => call === 'acquire')).toHaveLength(2);

      const [publishAfter, spublishAfter] = [
        await callsPerNode(nodes, 'publish'),
        await callsPerNode(nodes, 'spublish'),
      ];
      const published = publishAfter.map((calls, i) => calls - (publishBefore[i] ?? 0));
      const sharded = spublishAfter.map((calls, i) => calls - (spublishBefore[i] ?? 0));
      if (waiterSide.commander.shardedPubSub === true) {
        expect(published.every((calls) => calls === 0)).toBe(true);
        expect(sharded.map((calls, i) => calls > 0 === owner[i])).toEqual(owner.map(() => true));
      } else {
        console.info(`[conformance] ${ctx.target.name}: no sharded pub/sub; handoffs broadcast`);
        expect(sharded.every((calls) => calls === 0)).toBe(true);
        expect(published.some((calls) => calls > 0)).toBe(true);
      }
    });
  });
}
