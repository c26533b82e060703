import type { TcpProxy, UpstashRestServer } from '@mutex/testkit';
import type { Redis } from 'ioredis';
import type { Held, Subject } from './subjects.js';

export interface Faults {
  proxy: TcpProxy;
  rest: UpstashRestServer;
  /** A direct connection to Redis, for MONITOR and for looking at keys. */
  inspector: Redis;
  monitor: Redis;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const unique = (label: string) => `${label}-${Math.random().toString(36).slice(2, 8)}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function setLatency(subject: Subject, faults: Faults, ms: number): void {
  if (subject.http) faults.rest.setLatency(ms);
  else faults.proxy.setLatency(ms);
}

/** Commands (or HTTP requests) the library sends for one uncontended acquire + release. */
export async function cost(subject: Subject, faults: Faults): Promise<string> {
  const cycle = async () => (await subject.acquire(unique('cost'), 1000, 10_000)).release();
  for (let i = 0; i < 3; i++) await cycle(); // connections up, scripts loaded
  const CYCLES = 20;
  let commands = 0;
  const count = (_: unknown, args: string[], source: string) => {
    if (source !== 'lua' && args[0]?.toLowerCase() !== 'info') commands++;
  };
  faults.monitor.on('monitor', count);
  const requestsBefore = faults.rest.stats.requests;
  for (let i = 0; i < CYCLES; i++) await cycle();
  await sleep(100); // let MONITOR catch up
  faults.monitor.off('monitor', count);
  if (subject.http)
    return `${(faults.rest.stats.requests - requestsBefore) / CYCLES} HTTP requests`;
  return `${commands / CYCLES} commands`;
}

/**
 * Replies arrive 300 ms late while the waiter may wait 100 ms on a free lock: does it give
 * up on time, and does the lock its in-flight attempt took stay behind with nobody to release it?
 */
export async function giveUp(subject: Subject, faults: Faults): Promise<string> {
  const name = unique('give-up');
  setLatency(subject, faults, 300);
  const started = performance.now();
  let held: Held | undefined;
  let outcome: string;
  try {
    held = await subject.acquire(name, 100, 10_000);
    outcome = `acquired after ${seconds(performance.now() - started)} (limit 0.10 s)`;
  } catch {
    outcome = `gave up after ${seconds(performance.now() - started)}`;
  }
  await sleep(1200);
  setLatency(subject, faults, 0);
  if (held) {
    await held.release();
    return outcome;
  }
  const orphan = (await faults.inspector.exists(subject.key(name))) === 1;
  if (orphan) await faults.inspector.del(subject.key(name));
  return `${outcome}; ${orphan ? 'ORPHAN LOCK left until its lease ends' : 'no lock left behind'}`;
}

/** Redis stops answering (blackholed connection, or an HTTP endpoint that never replies). */
export async function unreachable(
  subject: Subject,
  faults: Faults,
  capMs: number,
): Promise<string> {
  const name = unique('unreachable');
  if (subject.http) faults.rest.setLatency(Number.POSITIVE_INFINITY);
  else faults.proxy.setBlackhole(true);
  const started = performance.now();
  const settled = subject.acquire(name, 1000, 10_000).then(
    () => `acquired?! after ${seconds(performance.now() - started)}`,
    (error: Error) => `rejected after ${seconds(performance.now() - started)} (${error.name})`,
  );
  const result = await Promise.race([
    settled,
    sleep(capMs).then(() => `STILL PENDING after ${seconds(capMs)}`),
  ]);
  faults.rest.setLatency(0);
  faults.proxy.setBlackhole(false);
  return result;
}

/** The lock is deleted behind the holder's back: does the library tell the holder? */
export async function lockLoss(subject: Subject, faults: Faults): Promise<string> {
  const name = unique('loss');
  const held = await (subject.watch ?? subject.acquire).call(subject, name, 1000, 1000);
  if (held.lost === undefined) {
    await held.release();
    return 'no API to tell the holder';
  }
  await faults.inspector.del(subject.key(name));
  const deleted = performance.now();
  while (!held.lost() && performance.now() - deleted < 3000) await sleep(10);
  const told = held.lost();
  await held.release().catch(() => {});
  return told ? `told after ${seconds(performance.now() - deleted)}` : 'NOT told within 3 s';
}
