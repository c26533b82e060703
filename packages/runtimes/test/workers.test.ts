import { fileURLToPath } from 'node:url';
import {
  type LocalRedis,
  startLocalRedis,
  startUpstashRestServer,
  type UpstashRestServer,
} from '@mutex/testkit';
import { build } from 'esbuild';
import { Redis } from 'ioredis';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// @mutex/core and @mutex/upstash inside workerd, Cloudflare's Workers runtime (run by
// miniflare), bundled from their sources the way a Worker's build bundles them, talking to
// the Upstash-REST endpoint over the runtime's own fetch.

let redis: LocalRedis;
let rest: UpstashRestServer;
let inspector: Redis;

beforeAll(async () => {
  redis = await startLocalRedis();
  rest = await startUpstashRestServer({ redisUrl: redis.url });
  inspector = new Redis(redis.url);
});
afterAll(async () => {
  inspector.disconnect();
  await rest.stop();
  await redis.stop();
});

/** One ES module with everything the Worker imports, as wrangler's bundler would make it. */
async function bundle(file: string): Promise<string> {
  const { outputFiles } = await build({
    entryPoints: [fileURLToPath(new URL(`./workers/${file}`, import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@mutex/source', 'workerd', 'worker'],
    define: { UPSTASH_URL: JSON.stringify(rest.url), UPSTASH_TOKEN: JSON.stringify(rest.token) },
    logLevel: 'silent',
  });
  return outputFiles[0]?.text ?? '';
}

/** A Worker running `script` in workerd; what workerd writes to stderr lands in `errors`. */
function worker(script: string, errors: string[] = []): Miniflare {
  return new Miniflare({
    modules: true,
    script,
    compatibilityDate: '2024-09-23',
    handleRuntimeStdio(stdout, stderr) {
      stdout.resume();
      stderr.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
    },
  });
}

describe('Cloudflare Workers (workerd)', () => {
  it('refuses a random value drawn at module scope (the rule the next test relies on)', async () => {
    const errors: string[] = [];
    const mf = worker(await bundle('random-at-module-scope.ts'), errors);
    try {
      await expect(mf.ready).rejects.toThrow(/failed to start/);
      expect(errors.join('')).toMatch(/Disallowed operation called within global scope/);
    } finally {
      await mf.dispose().catch(() => {});
    }
  });

  it('a lock client made at module scope locks, fences and releases in a request', async () => {
    const mf = worker(await bundle('lock-at-module-scope.ts'));
    try {
      const response = await mf.dispatchFetch('http://worker.test/');
      const body = (await response.json()) as { fence: number };
      expect(body).toEqual({ held: true, fence: expect.any(Number), released: true, again: true });
      // Through to the real Redis: the fence counter moved past both acquisitions.
      expect(await inspector.get('mutex:{in-a-worker}:fence')).toBe(String(body.fence + 1));
      expect(await inspector.exists('mutex:{in-a-worker}')).toBe(0);
    } finally {
      await mf.dispose();
    }
  });
});
