import { describe, expect, it, vi } from 'vitest';
import { createLockClient, type LockEvent } from '../src/index.js';
import { ScriptedCommander } from './fake-commander.js';
import { useFakeClock } from './setup-timers.js';

useFakeClock();

describe('events (state machine paths Redis alone cannot show)', () => {
  it('a waiter behind a holder of this process is queued without asking Redis, and may time out having sent nothing', async () => {
    const redis = new ScriptedCommander();
    const events: LockEvent[] = [];
    const locks = createLockClient(redis, { onEvent: (event) => void events.push(event) });
    const holder = await locks.acquire('job');
    const waiting = locks.acquire('job', { acquireTimeout: 200 }).catch((error) => error);
    await vi.advanceTimersByTimeAsync(200);
    expect(await waiting).toMatchObject({ code: 'MUTEX_TIMEOUT' });
    await holder.release();

    const second = events.filter((event) => event.id !== events[0]?.id);
    expect(second.map((event) => event.type)).toEqual(['acquire-started', 'queued', 'timed-out']);
    expect(second[2]).toMatchObject({ attempts: 0, waited: 200 });
    expect(redis.callsTo('acquire')).toHaveLength(1);
  });

  it("names the adapter from the commander's adapter field, or 'custom'", async () => {
    const seen: string[] = [];
    const onEvent = (event: LockEvent) => void seen.push(event.adapter);
    const named = Object.assign(new ScriptedCommander(), { adapter: 'my-client' });
    await (await createLockClient(named, { onEvent }).acquire('a')).release();
    await (await createLockClient(new ScriptedCommander(), { onEvent }).acquire('a')).release();
    expect(seen).toEqual([...Array(3).fill('my-client'), ...Array(3).fill('custom')]);
  });
});
