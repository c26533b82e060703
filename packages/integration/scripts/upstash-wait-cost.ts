// Measures what one waiter pays on Upstash for a 1 s wait: HTTP requests sent, and the gap
// from the holder's release to the waiter's acquire; polling versus SSE notifications.
// Run: pnpm --filter @mutex/integration-tests wait-cost
import { createLockClient } from '@mutex/core';
import { startRedis, startUpstashRestServer } from '@mutex/testkit';
import { upstashCommander } from '@mutex/upstash';
import { Redis } from '@upstash/redis';

const server = await startRedis();
const rest = await startUpstashRestServer({ redisUrl: server.url });
const mk = (o = {}) =>
  upstashCommander(new Redis({ url: rest.url, token: rest.token, enableAutoPipelining: false }), o);
for (const [label, opts] of [
  ['polling (defaults)', {}],
  ['notifications: true', { notifications: true }],
] as const) {
  const runs: string[] = [];
  for (let i = 0; i < 5; i++) {
    const name = `m:${label}:${i}`;
    const holder = await createLockClient(mk()).acquire(name);
    const before = rest.stats.requests;
    const waiterCommander = mk(opts);
    const waiting = createLockClient(waiterCommander).acquire(name);
    await new Promise((r) => setTimeout(r, 1000));
    const released = performance.now();
    await holder.release();
    const lock = await waiting;
    const gap = performance.now() - released;
    runs.push(`${rest.stats.requests - before - 1} req/${gap.toFixed(0)} ms`);
    await lock.release();
    await waiterCommander.close();
  }
  console.log(`${label}: a 1 s wait costs (requests / release-to-acquire):`, runs.join(', '));
}
await rest.stop();
await server.stop();
