import { describe, expect, inject, it } from 'vitest';
import { collectWithVitest, runBunTests, type TestResult } from './bun-run.js';

// Bun's RedisClient exists only inside Bun, so the adapter's tests run there: `bun test` on
// test/bun/*.spec.ts (the whole conformance suite, the adapter's own tests, and the
// cross-adapter check), against the Redis and the Cluster this project's global setup started.
// Bun maps their `vitest` imports to its own runner. This test fails if Bun or Redis is
// missing, if Bun fails or skips anything, or if it did not run every test Vitest itself
// collects from those files (a runner difference that drops a test does not go unnoticed).

const env = {
  MUTEX_BUN_REDIS_URL: inject('redisUrl'),
  MUTEX_BUN_CLUSTER_NODES: inject('redisClusterNodes')
    .map(({ host, port }) => `${host}:${port}`)
    .join(','),
};

/** Which suite a conformance test belongs to, by its describe block. */
function suiteOf(name: string): 'mutex' | 'semaphore' | 'read-write' {
  if (/ > semaphore: /.test(name)) return 'semaphore';
  if (/ > read-write lock: /.test(name)) return 'read-write';
  return 'mutex';
}

function count(results: readonly { file: string; name: string }[]) {
  const counts: Record<string, number> = {};
  for (const { file, name } of results) {
    const key = file.endsWith('conformance.spec.ts') ? `conformance/${suiteOf(name)}` : file;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('@mutex/bun under Bun 1.4.5', () => {
  it('passes every conformance test (mutex, semaphore, read-write), its own tests and the cross-adapter check, all that Vitest collects', async () => {
    // Side by side, and both awaited even if one fails: no Bun left running after this test.
    const [listed, ran] = await Promise.allSettled([collectWithVitest(), runBunTests(env)]);
    if (listed.status === 'rejected') throw listed.reason;
    if (ran.status === 'rejected') throw ran.reason;
    const expected = listed.value;
    const { outcome, results } = ran.value;
    const output = `--- bun test stdout\n${outcome.stdout}\n--- stderr\n${outcome.stderr}`;
    const failed = results.filter((result: TestResult) => !result.passed);
    expect(
      failed.map(({ name }) => name),
      output,
    ).toEqual([]);
    expect(outcome.code, output).toBe(0);

    const passed = new Set(results.map(({ file, name }) => `${file} :: ${name}`));
    const missing = expected.filter(({ file, name }) => !passed.has(`${file} :: ${name}`));
    expect(
      missing.map(({ name }) => name),
      'collected by Vitest, not passed under Bun',
    ).toEqual([]);
    expect(results).toHaveLength(expected.length);

    const counts = count(results);
    console.info(`[bun] passed under Bun: ${JSON.stringify(counts)}`);
    expect(counts).toEqual(count(expected));
    // The three suites are there, not only some test or other.
    expect(counts['conformance/mutex']).toBeGreaterThan(50);
    expect(counts['conformance/semaphore']).toBeGreaterThan(10);
    expect(counts['conformance/read-write']).toBeGreaterThan(10);
    expect(counts['test/bun/cross-adapter.spec.ts']).toBeGreaterThan(0);
    expect(counts['test/bun/adapter.spec.ts']).toBeGreaterThan(0);
  }, 300_000);
});
