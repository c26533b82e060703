// One contending process: `iterations` critical sections on one lock, each a non-atomic
// read-modify-write of a Redis counter. Prints the sections' [start, end] on the monotonic
// clock every process on this machine shares.
import { createLockClient } from '@mutex/core';
import { ioredisCommander } from '@mutex/ioredis';
import { Redis } from 'ioredis';

const [url, name, counterKey, iterations] = process.argv.slice(2);
const redis = new Redis(url as string);
const commander = ioredisCommander(redis);
const locks = createLockClient(commander);
const sections: [string, string][] = [];

for (let i = 0; i < Number(iterations); i++) {
  await locks.withLock(name as string, { acquireTimeout: 60_000 }, async () => {
    const start = process.hrtime.bigint();
    const seen = Number((await redis.get(counterKey as string)) ?? 0);
    await new Promise((resolve) => setImmediate(resolve));
    await redis.set(counterKey as string, seen + 1);
    sections.push([String(start), String(process.hrtime.bigint())]);
  });
}

await commander.close();
redis.disconnect();
process.stdout.write(JSON.stringify(sections));
