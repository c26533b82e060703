import type { Cluster, Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { abortBehaviour } from './abort.js';
import { badOptionsBehaviour } from './bad-options.js';
import type { CommanderFixture, ConformanceTarget, SuiteContext } from './context.js';
import { openInspector } from './context.js';
import { costBehaviour } from './cost.js';
import { declaredKeysBehaviour } from './declared-keys.js';
import { eventsBehaviour } from './events.js';
import { expiryBehaviour } from './expiry.js';
import { extendBehaviour } from './extend.js';
import { fencingBehaviour } from './fencing.js';
import { giveUpBehaviour } from './give-up.js';
import { inspectBehaviour } from './inspect.js';
import { lockLossBehaviour } from './lock-loss.js';
import { queueBehaviour } from './queue.js';
import { READ_WRITE_BEHAVIOURS } from './read-write/index.js';
import { redisGoneBehaviour } from './redis-gone.js';
import { releaseBehaviour } from './release.js';
import { resumeBehaviour } from './resume.js';
import { scriptsBehaviour } from './scripts.js';
import { seedBehaviour } from './seed.js';
import { SEMAPHORE_BEHAVIOURS } from './semaphore/index.js';
import { shardedBehaviour } from './sharded.js';
import { timeoutBehaviour } from './timeout.js';
import { waitingBehaviour } from './waiting.js';

const BEHAVIOURS = [
  releaseBehaviour,
  expiryBehaviour,
  waitingBehaviour,
  queueBehaviour,
  timeoutBehaviour,
  abortBehaviour,
  giveUpBehaviour,
  extendBehaviour,
  lockLossBehaviour,
  fencingBehaviour,
  seedBehaviour,
  badOptionsBehaviour,
  redisGoneBehaviour,
  costBehaviour,
  scriptsBehaviour,
  declaredKeysBehaviour,
  shardedBehaviour,
  inspectBehaviour,
  resumeBehaviour,
  eventsBehaviour,
  ...SEMAPHORE_BEHAVIOURS,
  ...READ_WRITE_BEHAVIOURS,
];

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not ready: use it inside a test`);
  return value;
}

/**
 * The lock semantics every adapter must show, as Vitest tests against a real Redis. Call it
 * at the top level of a test file with a target that builds your commander.
 */
export function describeConformance(target: ConformanceTarget): void {
  describe(`conformance: ${target.name}`, () => {
    let shared: CommanderFixture | undefined;
    let inspector: Redis | Cluster | undefined;
    const extra: CommanderFixture[] = [];

    beforeAll(async () => {
      shared = await target.connect();
      inspector = openInspector(target.redis);
    });
    afterEach(async () => {
      await Promise.all(extra.splice(0).map((fixture) => fixture.close().catch(() => {})));
    });
    afterAll(async () => {
      await shared?.close();
      inspector?.disconnect();
    });

    const context: SuiteContext = {
      target,
      canSubscribe: () =>
        typeof required(shared, 'the commander').commander.subscribe === 'function',
      commander: () => required(shared, 'the commander').commander,
      connect: async () => {
        const fixture = await target.connect();
        extra.push(fixture);
        return fixture;
      },
      inspector: () => required(inspector, 'the inspector'),
      uniqueName: (label) => `${label}:${Math.random().toString(36).slice(2, 10)}`,
    };

    it('declares its capabilities (release notifications: subscribe, or polling without)', () => {
      const { subscribe } = context.commander();
      expect(subscribe === undefined || typeof subscribe === 'function').toBe(true);
      console.info(
        `[conformance] ${target.name}: release notifications ${
          context.canSubscribe() ? 'by pub/sub' : 'absent: waiters poll (PTTL-bounded)'
        }`,
      );
    });

    for (const behaviour of BEHAVIOURS) behaviour(context);
  });
}

export type {
  CommanderFixture,
  ConformanceTarget,
  RedisEndpoint,
  SuiteContext,
} from './context.js';
export { eventually, recordingCommander, sleep } from './context.js';
export { keySlot } from './keys.js';
