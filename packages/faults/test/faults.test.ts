import { type Lock, LockLostError, LockRedisError, LockTimeoutError } from '@mutex/core';
import { ADAPTERS } from '@mutex/tools/adapters';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, sleep, startWorld, timed, type World } from '../src/world.js';

// Each fault, for each adapter. Expected everywhere: holders learn of a lost lock through
// `signal`; waiters get an error by their timeout; nothing hangs; once Redis is back, locking
// works again and no key is left behind. (Vitest fails the run on any unhandled rejection.)

const SLACK = 1000; // a bound on "by its timeout", not a speed target
const lockKey = (name: string) => `mutex:{${name}}`;
let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function expectLost(lock: Lock, reason?: 'lease-expired' | 'not-held') {
  await eventually(() => lock.signal.aborted, 'the holder to be told');
  expect(lock.signal.reason).toBeInstanceOf(LockLostError);
  if (reason) expect(lock.signal.reason).toMatchObject({ reason });
}

/** Locking works again (clients reconnect by themselves) and leaves no key behind. */
async function expectRecovered(w: World, locks: Awaited<ReturnType<World['locks']>>, name: string) {
  let lock: Lock | null = null;
  await eventually(
    async () => {
      lock = await locks.tryAcquire(`${name}:after`);
      return lock !== null;
    },
    'locking to work again',
    10_000,
  );
  expect(await (lock as unknown as Lock).release()).toBe(true);
  await eventually(
    async () => (await w.inspector.dbsize()) === 0,
    'no key left behind',
    3000,
  ).catch(async (error: Error) => {
    const keys = await w.inspector.keys('*');
    const ttls = await Promise.all(keys.map((key) => w.inspector.pttl(key)));
    throw new Error(
      `${error.message}: ${keys.map((key, i) => `${key} (pttl ${ttls[i]})`).join(', ')}`,
    );
  });
}

describe.each(ADAPTERS)('faults, %s', (adapter) => {
  it('Redis killed (SIGKILL) while a lock is held and a waiter waits, then restarted', async () => {
    const w = await startWorld();
    world = w;
    const [holderLocks, waiterLocks] = [await w.locks(adapter), await w.locks(adapter)];
    const holder = await holderLocks.acquire('job', { ttl: 600 });
    const waiting = timed(waiterLocks.acquire('job', { acquireTimeout: 1500 }));
    await sleep(100);
    await w.redis.kill();

    await expectLost(holder, 'lease-expired');
    const waited = await waiting;
    expect(waited.error).toBeInstanceOf(Error);
    expect([LockTimeoutError, LockRedisError].some((type) => waited.error instanceof type)).toBe(
      true,
    );
    expect(waited.ms).toBeLessThan(1500 + SLACK);

    await w.redis.restart();
    await holder.release().catch(() => {}); // the key died with the server
    await expectRecovered(w, waiterLocks, 'job');
  });

  it('client connections killed (CLIENT KILL): the holder reconnects and keeps its lock', async () => {
    const w = await startWorld();
    world = w;
    const locks = await w.locks(adapter);
    const holder = await locks.acquire('job', { ttl: 1000 });
    const token = await w.inspector.get(lockKey('job'));
    await w.inspector.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
    await sleep(1500); // longer than the lease: only renewals over new connections keep it
    expect(holder.signal.aborted).toBe(false);
    expect(await w.inspector.get(lockKey('job'))).toBe(token);
    expect(await holder.release()).toBe(true);
    await expectRecovered(w, locks, 'job');
  });

  it('Redis paused longer than the lease (CLIENT PAUSE): the holder is told, the waiter fails on time', async () => {
    const w = await startWorld();
    world = w;
    const [holderLocks, waiterLocks] = [await w.locks(adapter), await w.locks(adapter)];
    const holder = await holderLocks.acquire('job', { ttl: 500 });
    const waiting = timed(waiterLocks.acquire('job', { acquireTimeout: 800 }));
    await sleep(50);
    await w.inspector.call('CLIENT', 'PAUSE', '1500', 'ALL');
    await expectLost(holder, 'lease-expired');
    const waited = await waiting;
    expect(waited.error).toBeInstanceOf(Error);
    expect(waited.ms).toBeLessThan(800 + SLACK);
    await sleep(1000); // the pause ends; the lease has run out on the server too
    await holder.release().catch(() => {});
    await expectRecovered(w, waiterLocks, 'job');
  });

  it('replies delayed beyond the lease (proxy latency): the holder is told, the waiter fails on time', async () => {
    const w = await startWorld();
    world = w;
    const [holderLocks, waiterLocks] = [await w.locks(adapter), await w.locks(adapter)];
    const holder = await holderLocks.acquire('job', { ttl: 400 });
    w.proxy.setLatency(1200);
    await expectLost(holder, 'lease-expired');
    const waited = await timed(waiterLocks.acquire('job', { acquireTimeout: 600 }));
    expect(waited.error).toBeInstanceOf(Error);
    expect(waited.ms).toBeLessThan(600 + SLACK);
    w.proxy.setLatency(0);
    await sleep(1300); // let the delayed replies drain
    await holder.release().catch(() => {});
    await expectRecovered(w, waiterLocks, 'job');
  });

  it('connections dropped (proxy): clients reconnect and the holder keeps its lock', async () => {
    const w = await startWorld();
    world = w;
    const locks = await w.locks(adapter);
    const holder = await locks.acquire('job', { ttl: 1000 });
    w.proxy.dropConnections();
    await sleep(1500);
    expect(holder.signal.aborted).toBe(false);
    expect(await holder.release()).toBe(true);
    await expectRecovered(w, locks, 'job');
  });

  it('traffic blackholed (proxy): the holder is told, the waiter fails on time, then it recovers', async () => {
    const w = await startWorld();
    world = w;
    const [holderLocks, waiterLocks] = [await w.locks(adapter), await w.locks(adapter)];
    const holder = await holderLocks.acquire('job', { ttl: 500 });
    w.proxy.setBlackhole(true);
    const waited = await timed(waiterLocks.acquire('job', { acquireTimeout: 700 }));
    expect(waited.error).toBeInstanceOf(Error);
    expect(waited.ms).toBeLessThan(700 + SLACK);
    await expectLost(holder, 'lease-expired');
    w.proxy.setBlackhole(false);
    await sleep(600); // held-back traffic drains; the lease has run out on the server
    await holder.release().catch(() => {});
    await expectRecovered(w, waiterLocks, 'job');
  });

  it('SCRIPT FLUSH while a lock is held: renewals and release fall back to EVAL', async () => {
    const w = await startWorld();
    world = w;
    const locks = await w.locks(adapter);
    const holder = await locks.acquire('job', { ttl: 600 });
    await w.inspector.script('FLUSH');
    await sleep(1000);
    expect(holder.signal.aborted).toBe(false);
    expect(await holder.release()).toBe(true);
    await expectRecovered(w, locks, 'job');
  });
});
