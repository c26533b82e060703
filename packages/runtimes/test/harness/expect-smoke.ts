import type { Redis } from 'ioredis';
import { expect } from 'vitest';
import { type RuntimeInfo, type SmokeReport, smokeNames } from '../../smoke/report.js';

export interface Expected {
  readonly runtime: RuntimeInfo;
  /** Whether waiters hear releases (ioredis, node-redis) or poll for them (upstash). */
  readonly adapter: 'ioredis' | 'node-redis' | 'upstash';
  readonly stem: string;
  readonly inspector: Redis;
}

const released = (lockName: string) =>
  expect.objectContaining({
    name: 'LockReleasedError',
    code: 'MUTEX_RELEASED',
    lockName,
    isLockReleased: true,
    isLockLost: false,
  });

const lost = (lockName: string, reason: string) =>
  expect.objectContaining({
    name: 'LockLostError',
    code: 'MUTEX_LOST',
    reason,
    lockName,
    isLockLost: true,
  });

/** What every runtime's smoke must report, and what Redis must hold after it. */
export async function expectSmoke(report: SmokeReport, expected: Expected): Promise<void> {
  const names = smokeNames(expected.stem);
  // The binary under test ran it, not whatever `node` is on PATH.
  expect(report.runtime).toEqual(expected.runtime);

  expect(report.acquire).toEqual({
    fence: 1,
    heldWhileHeld: true,
    released: true,
    heldAfterRelease: false,
    signal: released(names.acquire),
  });

  expect(report.handoff).toEqual({
    holderFence: 1,
    waiterFence: 2,
    waitedUntilRelease: true,
    holderReleased: true,
    // Upstash has no cheap pub/sub: its waiter finds the lock free at its next poll.
    handedOver: expected.adapter !== 'upstash',
    heldByWaiter: true,
    waiterReleased: true,
  });

  expect(report.lossByDeletion).toEqual({
    deleted: 1,
    signal: lost(names.lossByDeletion, 'not-held'),
    releasedAfterLoss: false,
  });

  expect(report.lossByLapse).toEqual({
    signal: lost(names.lossByLapse, 'lease-expired'),
    lapsedInRedis: true,
  });

  expect(report.dispose).toEqual({
    heldInScope: true,
    heldAfterScope: false,
    signal: released(names.dispose),
  });

  // Redis, through a client of its own: no lock key and no queue is left; what remains is
  // one fencing counter per name, counting that name's acquisitions. The disposed lock had a
  // minute's lease, so its key being gone means `await using` released it.
  const keys = await expected.inspector.keys(`mutex:{${expected.stem}:*`);
  expect(keys.sort()).toEqual(
    Object.values(names)
      .map((name) => `mutex:{${name}}:fence`)
      .sort(),
  );
  const fences = Object.fromEntries(
    await Promise.all(
      Object.entries(names).map(
        async ([step, name]) =>
          [step, await expected.inspector.get(`mutex:{${name}}:fence`)] as const,
      ),
    ),
  );
  expect(fences).toEqual({
    acquire: '1',
    handoff: '2',
    lossByDeletion: '1',
    lossByLapse: '1',
    dispose: '1',
  });
}
