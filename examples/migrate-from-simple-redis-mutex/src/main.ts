// A rolling upgrade: two "old" workers still on simple-redis-mutex and two "new" ones on
// @mutex/ioredis (each with its own connection, as separate processes would have) guard the
// same counter. The only change in the new code is the import line;
// both use the key @simple-redis-mutex:lock-<name>, so they exclude each other.

import { lock as newLock } from '@mutex/ioredis'; // after: the one line that changes
import { startRedis } from '@mutex/testkit';
import { Redis } from 'ioredis';
import oldLibrary from 'simple-redis-mutex'; // before: const { lock } = require('simple-redis-mutex')

const server = await startRedis().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
const ROUNDS = 25;

type Lock = (redis: Redis, name: string, options: object) => Promise<() => Promise<void>>;

async function worker(name: string, lock: Lock): Promise<void> {
  const redis = new Redis(server.url);
  for (let i = 0; i < ROUNDS; i++) {
    const unlock = await lock(redis, 'upgrade-counter', {
      retryTimeMillis: 5,
      timeoutMillis: 5000,
    });
    const seen = Number((await redis.get('counter')) ?? 0);
    await new Promise((resolve) => setTimeout(resolve, 1));
    await redis.set('counter', seen + 1);
    await unlock();
  }
  console.log(`${name}: ${ROUNDS} increments`);
  redis.disconnect();
}

const oldLock = (redis: Redis, name: string, options: object) =>
  oldLibrary.lock(redis, name, options);
await Promise.all([
  worker('old worker 1 (simple-redis-mutex)', oldLock),
  worker('old worker 2 (simple-redis-mutex)', oldLock),
  worker('new worker 1 (@mutex/ioredis)', newLock),
  worker('new worker 2 (@mutex/ioredis)', newLock),
]);
const admin = new Redis(server.url);
const counter = Number(await admin.get('counter'));
console.log(
  `counter = ${counter}, expected ${4 * ROUNDS}: ${counter === 4 * ROUNDS ? 'no update lost' : 'UPDATES LOST'}`,
);
admin.disconnect();
await server.stop();
process.exitCode = counter === 4 * ROUNDS ? 0 : 1;
