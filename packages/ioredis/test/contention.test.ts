import { fileURLToPath } from 'node:url';
import { runSourceWorker } from '@mutex/testkit';
import { Redis } from 'ioredis';
import { afterAll, expect, inject, it } from 'vitest';

const url = inject('redisUrl');
const redis = new Redis(url);
afterAll(() => redis.disconnect());

const PROCESSES = 4;
const ITERATIONS = 200;

it(`${PROCESSES} processes x ${ITERATIONS} critical sections: exact count, no overlap`, async () => {
  const name = `contention:${Date.now()}`;
  const counterKey = `${name}:counter`;
  const worker = fileURLToPath(new URL('./contention-worker.ts', import.meta.url));
  const outputs = await Promise.all(
    Array.from({ length: PROCESSES }, () =>
      runSourceWorker(worker, [url, name, counterKey, String(ITERATIONS)]),
    ),
  );

  expect(Number(await redis.get(counterKey))).toBe(PROCESSES * ITERATIONS);
  const sections = outputs
    .flatMap((stdout) => JSON.parse(stdout) as [string, string][])
    .map(([start, end]) => [BigInt(start), BigInt(end)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  expect(sections).toHaveLength(PROCESSES * ITERATIONS);
  let overlaps = 0;
  for (let i = 1; i < sections.length; i++) {
    if ((sections[i]?.[0] as bigint) < (sections[i - 1]?.[1] as bigint)) overlaps++;
  }
  expect(overlaps).toBe(0);
}, 120_000);
