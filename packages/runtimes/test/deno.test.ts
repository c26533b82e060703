import { afterAll, beforeAll, describe, it } from 'vitest';
import { ADAPTERS } from './harness/adapters.js';
import { bundleSmoke } from './harness/bundle.js';
import { expectSmoke } from './harness/expect-smoke.js';
import { binary } from './harness/paths.js';
import { runSmokeProgram } from './harness/program.js';
import { type Servers, startServers } from './harness/servers.js';

// Deno (the binary from @deno/linux-x64-glibc): the smoke over all three adapters, each client
// imported from node_modules (Deno's "manual" node_modules mode: it reads what pnpm
// installed and fetches nothing), `await using` parsed by Deno itself.

const DENO_VERSION = '2.9.6';

let servers: Servers;
beforeAll(async () => {
  servers = await startServers();
});
afterAll(async () => {
  await servers?.stop();
});

describe(`Deno ${DENO_VERSION}`, () => {
  for (const { adapter, external } of Object.values(ADAPTERS)) {
    it(`${adapter}: the smoke passes`, async () => {
      const command = binary('deno');
      const stem = `deno-${adapter}`;
      const code = await bundleSmoke({
        entry: `${adapter}.ts`,
        config: servers.config(stem),
        format: 'esm',
        platform: 'neutral',
        conditions: ['deno', 'node'],
        nativeUsing: true,
        external,
      });
      // Only what the smoke needs: Redis and the REST endpoint on loopback, node_modules, and
      // the environment variables the clients read for their options.
      const args = [
        'run',
        '--node-modules-dir=manual',
        '--no-prompt',
        '--allow-net=127.0.0.1',
        '--allow-read',
        '--allow-env',
      ];
      const report = await runSmokeProgram({ command, args, code, name: stem });
      await expectSmoke(report, {
        runtime: { name: 'deno', version: DENO_VERSION },
        adapter,
        stem,
        inspector: servers.inspector,
      });
    });
  }
});
