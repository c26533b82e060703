import { mkdir, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmokeReport } from '../smoke/report.js';
import { bundleSmoke } from './harness/bundle.js';
import { expectSmoke } from './harness/expect-smoke.js';
import { binary, modules } from './harness/paths.js';
import { serve } from './harness/serve.js';
import { type Servers, startServers } from './harness/servers.js';

// Vercel's Edge Runtime, as the edge-runtime npm package serves an Edge Function: the
// script runs in a context with only Web-platform globals (no require, no process, no
// Node built-ins), here on the Node 22 binary of the matrix. @mutex/core and @mutex/upstash
// are bundled from their sources with @upstash/redis, as Vercel's build bundles a function.

const EDGE_RUNTIME = '4.0.1';

let servers: Servers;
beforeAll(async () => {
  servers = await startServers();
});
afterAll(async () => {
  await servers?.stop();
});

describe(`Vercel Edge (edge-runtime ${EDGE_RUNTIME})`, () => {
  it('upstash, the clients made at module scope: the smoke passes in a request', async () => {
    const node = binary('node22');
    const cli = binary('edgeRuntime');
    const stem = 'edge-upstash';
    const script = await bundleSmoke({
      entry: 'edge.ts',
      config: servers.config(stem),
      format: 'iife',
      platform: 'browser',
      conditions: ['edge-light', 'worker', 'browser'],
      // The runtime's V8 is Node 22's, which does not parse `await using`.
      nativeUsing: false,
    });
    const dir = `${modules}.cache/mutex-runtime-smoke/`;
    const file = `${dir}${stem}.js`;
    await mkdir(dir, { recursive: true });
    await writeFile(file, script);
    // Port 0: the system picks a free one, and the CLI prints the URL it listens on.
    const server = await serve(
      node,
      [cli, '--listen', '--host', '127.0.0.1', '--port', '0', file],
      /Waiting incoming requests at `(http:\/\/[^`]+)`/,
    );
    try {
      const response = await fetch(server.url);
      const body = await response.text();
      expect(response.status, `${body}\n${server.output()}`).toBe(200);
      const report = JSON.parse(body) as SmokeReport;
      await expectSmoke(report, {
        // The global Vercel documents for telling its Edge Runtime apart.
        runtime: { name: 'edge', version: 'edge-runtime' },
        adapter: 'upstash',
        stem,
        inspector: servers.inspector,
      });
    } finally {
      await server.stop();
      await rm(file, { force: true });
    }
  });
});
