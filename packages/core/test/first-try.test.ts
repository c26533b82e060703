import { describe, expect, it } from 'vitest';
import { createLockClient, LockRedisError, LockReplyError } from '../src/index.js';
import { busy, ScriptedCommander } from './fake-commander.js';
import { useFakeClock } from './setup-timers.js';

useFakeClock();

/** A scripted commander whose adapter offers SET NX, answering from `answer`. */
class SettingCommander extends ScriptedCommander {
  readonly sets: [string, string, number | undefined][] = [];
  constructor(readonly answer: () => Promise<unknown>) {
    super();
  }
  setIfAbsent(key: string, value: string, lease: number | undefined): Promise<boolean> {
    this.sets.push([key, value, lease]);
    return this.answer() as Promise<boolean>;
  }
}

describe('the first try with setIfAbsent', () => {
  it('takes a free lock with one SET NX carrying the lease, and no acquire script', async () => {
    const commander = new SettingCommander(async () => true);
    const lock = await createLockClient(commander).acquire('job', { ttl: 4000 });
    expect(commander.sets).toEqual([['mutex:{job}', lock.token, 4000]]);
    expect(commander.callsTo('acquire')).toEqual([]);
    expect(lock.fence).toBeUndefined();
    await lock.release();
    const forever = await createLockClient(commander).acquire('job', { ttl: Infinity });
    expect(commander.sets[1]?.[2]).toBeUndefined();
    await forever.release();
  });

  it('when the lock is held, runs the acquire script as busy within the same attempt', async () => {
    const commander = new SettingCommander(async () => false).reply('acquire', busy(5000));
    expect(await createLockClient(commander).tryAcquire('job')).toBeNull();
    const [script] = commander.callsTo('acquire');
    expect(script?.args[10]).toBe('1'); // busy: read the PTTL rather than SET NX again
  });

  it('an adapter answering anything but a boolean is an unexpected reply, not a lock', async () => {
    const commander = new SettingCommander(async () => 'OK');
    const error = await createLockClient(commander)
      .acquire('job')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockReplyError);
    // It may have set the key: the waiter takes back whatever its token holds.
    expect(commander.callsTo('release')).toHaveLength(1);
  });

  it("the adapter's failure is a LockRedisError of the acquire", async () => {
    const commander = new SettingCommander(() => Promise.reject(new Error('connection reset')));
    const error = await createLockClient(commander)
      .acquire('job')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockRedisError);
    expect(error).toMatchObject({ operation: 'acquire' });
    expect((error as Error).message).toMatch(/connection reset/);
  });
});
