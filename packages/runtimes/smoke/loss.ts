import type { LockScript } from '@mutex/core';
import type { SmokeClients } from './clients.js';
import { abortReason, describeError } from './errors.js';
import type { LapseReport, LossReport } from './report.js';

const DELETE_SOURCE = "return redis.call('DEL', KEYS[1])";

/** A script that deletes a key, as an operator or a failover would, behind the holder's back. */
async function deleteScript(): Promise<LockScript> {
  // SHA1 through Web Crypto: the one hash API every runtime here has.
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(DELETE_SOURCE));
  const sha1 = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return { name: 'smoke-delete', source: DELETE_SOURCE, sha1 };
}

/**
 * The key is deleted while held: the holder's next auto-renewal (every ttl / 3 = 500 ms)
 * finds it gone, and `signal` aborts with a `LockLostError` ('not-held').
 */
export async function lossByDeletion(clients: SmokeClients, name: string): Promise<LossReport> {
  const lock = await clients.first.acquire(name, { ttl: 1_500 });
  const deleted = await clients.firstCommander.eval(await deleteScript(), [lock.key], []);
  const reason = await abortReason(lock.signal, 10_000);
  return {
    deleted,
    signal: describeError(reason),
    releasedAfterLoss: await lock.release(),
  };
}

/**
 * Renewal stopped, the lease runs out: `signal` aborts with a `LockLostError`
 * ('lease-expired'), and Redis lets the key expire (nothing renewed it).
 */
export async function lossByLapse(clients: SmokeClients, name: string): Promise<LapseReport> {
  const lock = await clients.first.acquire(name, { ttl: 500 });
  lock.stopRenewal();
  const reason = await abortReason(lock.signal, 10_000);
  return { signal: describeError(reason), lapsedInRedis: await lapses(clients, name) };
}

/**
 * Whether Redis drops the key by itself. The holder counts its lease from before its request
 * was sent, so its signal aborts a little before Redis's own expiry: poll for that (5 s cap).
 */
async function lapses({ second }: SmokeClients, name: string): Promise<boolean> {
  for (let polls = 0; polls < 100; polls++) {
    if (!(await second.inspect(name)).held) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
