// A Worker as its users write it: the Redis client, the commander and the lock client are
// made once, at module scope, and used by every request. Workers refuse random values (and
// timers, and I/O) at module scope, so creating them must draw none.
import { createLockClient } from '@mutex/core';
import { upstashCommander } from '@mutex/upstash';
import { Redis } from '@upstash/redis/cloudflare';

declare const UPSTASH_URL: string; // set when the test bundles this file
declare const UPSTASH_TOKEN: string;

const locks = createLockClient(
  upstashCommander(new Redis({ url: UPSTASH_URL, token: UPSTASH_TOKEN })),
  { fencing: true },
);

export default {
  async fetch(): Promise<Response> {
    const lock = await locks.acquire('in-a-worker');
    const held = lock.signal.aborted === false;
    const fence = lock.fence;
    const released = await lock.release();
    const again = await locks.tryAcquire('in-a-worker');
    await again?.release();
    return Response.json({ held, fence, released, again: again !== null });
  },
};
