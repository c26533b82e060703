import { afterAll, beforeAll, describe, it } from 'vitest';
import { ADAPTERS } from './harness/adapters.js';
import { bundleSmoke } from './harness/bundle.js';
import { expectSmoke } from './harness/expect-smoke.js';
import { binary } from './harness/paths.js';
import { runSmokeProgram } from './harness/program.js';
import { type Servers, startServers } from './harness/servers.js';

// Bun (the binary from @oven/bun-linux-x64): the smoke over all three adapters, each client
// imported from node_modules by Bun's own resolver, `await using` parsed by Bun itself.

const BUN_VERSION = '1.4.5';

let servers: Servers;
beforeAll(async () => {
  servers = await startServers();
});
afterAll(async () => {
  await servers?.stop();
});

describe(`Bun ${BUN_VERSION}`, () => {
  for (const { adapter, external } of Object.values(ADAPTERS)) {
    it(`${adapter}: the smoke passes`, async () => {
      const command = binary('bun');
      const stem = `bun-${adapter}`;
      const code = await bundleSmoke({
        entry: `${adapter}.ts`,
        config: servers.config(stem),
        format: 'esm',
        platform: 'neutral',
        conditions: ['bun', 'node'],
        nativeUsing: true,
        external,
      });
      const report = await runSmokeProgram({ command, args: ['run'], code, name: stem });
      await expectSmoke(report, {
        runtime: { name: 'bun', version: BUN_VERSION },
        adapter,
        stem,
        inspector: servers.inspector,
      });
    });
  }
});
