import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmokeReport } from '../smoke/report.js';
import { bundleSmoke } from './harness/bundle.js';
import { expectSmoke } from './harness/expect-smoke.js';
import { type Servers, startServers } from './harness/servers.js';

// @mutex/core and @mutex/upstash inside workerd, Cloudflare's Workers runtime (the binary
// miniflare runs, from the workerd npm package), bundled from their sources the way a Worker's
// build bundles them, talking to the Upstash-REST endpoint over the runtime's own fetch.

const MINIFLARE = '3.20250718.3';

let servers: Servers;
beforeAll(async () => {
  servers = await startServers();
});
afterAll(async () => {
  await servers?.stop();
});

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

const WORKER_CONDITIONS = ['workerd', 'worker', 'browser'];

describe(`Cloudflare Workers (workerd, miniflare ${MINIFLARE})`, () => {
  it('refuses a random value drawn at module scope (the rule the next test relies on)', async () => {
    const { outputFiles } = await build({
      entryPoints: [fileURLToPath(new URL('./workers/random-at-module-scope.ts', import.meta.url))],
      bundle: true,
      write: false,
      format: 'esm',
      logLevel: 'silent',
    });
    const errors: string[] = [];
    const mf = worker(outputFiles[0]?.text ?? '', errors);
    try {
      await expect(mf.ready).rejects.toThrow(/failed to start/);
      expect(errors.join('')).toMatch(/Disallowed operation called within global scope/);
    } finally {
      await mf.dispose().catch(() => {});
    }
  });

  it('upstash, the clients made at module scope: the smoke passes in a request', async () => {
    const stem = 'workerd-upstash';
    const script = await bundleSmoke({
      entry: 'workers.ts',
      config: servers.config(stem),
      format: 'esm',
      platform: 'browser',
      conditions: WORKER_CONDITIONS,
      // Compiled to Symbol.asyncDispose calls, as wrangler's esbuild (target es2022) does; and
      // miniflare 3's module parser could not read the native syntax anyway.
      nativeUsing: false,
    });
    const errors: string[] = [];
    const mf = worker(script, errors);
    try {
      const response = await mf.dispatchFetch('http://worker.test/');
      const body = await response.text();
      expect(response.status, `${body}\n${errors.join('')}`).toBe(200);
      const report = JSON.parse(body) as SmokeReport;
      await expectSmoke(report, {
        // workerd names itself only in navigator.userAgent, without a version.
        runtime: { name: 'workerd', version: 'Cloudflare-Workers' },
        adapter: 'upstash',
        stem,
        inspector: servers.inspector,
      });
    } finally {
      await mf.dispose();
    }
  });
});
