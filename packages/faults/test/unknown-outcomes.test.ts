import { fileURLToPath } from 'node:url';
import { LockRedisError } from '@mutex/core';
import { RELEASE_SCRIPT } from '@mutex/core/adapter';
import { runSourceWorker, startLocalRedis } from '@mutex/testkit';
import { ADAPTERS, connect } from '@mutex/tools/adapters';
import { commandCalls } from '@mutex/tools/commandstats';
import { afterEach, describe, expect, it } from 'vitest';
import type { CloseScenario } from '../src/close-worker.js';
import { eventually, startWorld, type World } from '../src/world.js';

// Places where a command's outcome is unknown when the caller moves on, and what closing a
// commander leaves behind: each was a fault found under fault injection.

const worker = fileURLToPath(new URL('../src/close-worker.ts', import.meta.url));
const SUBSCRIBING = ['ioredis', 'node-redis'] as const;
let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function runCloseWorker(scenario: CloseScenario, adapter: string) {
  const redis = await startLocalRedis();
  try {
    const output = await runSourceWorker(worker, [scenario, adapter, redis.url]);
    return JSON.parse(output.trim().split('\n').at(-1) as string);
  } finally {
    await redis.stop();
  }
}

/** EVAL commands Redis has run (EVALSHA not counted). */
async function evalCalls(w: World): Promise<number> {
  return commandCalls(await w.inspector.info('commandstats')).get('eval') ?? 0;
}

describe.each(ADAPTERS)('outcomes unknown, %s', (adapter) => {
  it('a reply timeout while Redis lacks the acquire script leaves no lock behind', async () => {
    // After SCRIPT FLUSH only the release script is cached again; Redis is paused. The acquire's
    // EVALSHA meets NOSCRIPT after the reply timeout, so its EVAL reaches Redis after the first
    // clean-up: the core must clean up again once that attempt has settled.
    const w = await startWorld();
    world = w;
    const { commander } = await connect(adapter, w.endpoints);
    const key = 'mutex:{job}';
    await w.inspector.script('FLUSH');
    await commander.eval(RELEASE_SCRIPT, [key, `${key}:waiters`, `${key}:fence`], ['none', '0']);
    const locks = await w.locks(adapter);
    const evalsBefore = await evalCalls(w);
    await w.inspector.call('CLIENT', 'PAUSE', '500', 'ALL');
    // Fair mode: every attempt is the acquire script (a first try outside it may be a plain
    // SET NX, which needs no script).
    const acquiring = locks.acquire('job', { replyTimeout: 150, ttl: 60_000, fair: true });
    await expect(acquiring).rejects.toBeInstanceOf(LockRedisError);
    // The attempt's EVAL runs after the pause: only then can a missing clean-up show.
    await eventually(async () => (await evalCalls(w)) > evalsBefore, 'the EVAL of acquire');
    // Without the second clean-up the key would stay for its whole 60 s lease.
    await eventually(async () => (await w.inspector.exists(key)) === 0, 'no lock left', 3000);
    expect(await w.inspector.dbsize()).toBe(0);
  });

  it('a reply timeout on the first try leaves no lock behind, even once its SET runs late', async () => {
    // Redis is paused: the first try (a plain SET NX where the adapter offers it, else the
    // acquire script) runs only after the reply timeout, and may take the lock then.
    const w = await startWorld();
    world = w;
    const locks = await w.locks(adapter);
    const setsBefore = commandCalls(await w.inspector.info('commandstats')).get('set') ?? 0;
    await w.inspector.call('CLIENT', 'PAUSE', '500', 'ALL');
    const acquiring = locks.acquire('job', { replyTimeout: 150, ttl: 60_000 });
    await expect(acquiring).rejects.toBeInstanceOf(LockRedisError);
    const sets = async () => commandCalls(await w.inspector.info('commandstats')).get('set') ?? 0;
    await eventually(async () => (await sets()) > setsBefore, 'the late SET');
    await eventually(
      async () => (await w.inspector.exists('mutex:{job}')) === 0,
      'no lock left',
      3000,
    );
    expect(await w.inspector.dbsize()).toBe(0);
  });
});

describe.each(SUBSCRIBING)('closing the commander, %s', (adapter) => {
  it('while its subscriber resubscribes after a reconnect: no unhandled rejection', async () => {
    // The worker process would exit non-zero (and this test fail) on an unhandled rejection.
    expect(await runCloseWorker('close-while-resubscribing', adapter)).toEqual({ closed: true });
  });

  it('right after a wait: no timer is left keeping the process alive', async () => {
    // The subscription's linger timer, once left running after close(), kept it alive 1 s.
    expect(await runCloseWorker('close-after-waiting', adapter)).toEqual({
      timersKeepingAlive: [],
    });
  });
});
