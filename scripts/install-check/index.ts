// What users install is what CI tests: the packed tarballs installed by npm into a fresh project
// outside the workspace, then used there the way users use them. One ok/FAIL line per step.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { exec } from './exec.ts';
import { createProject, installTarballs } from './project.ts';
import { type CheckRedis, startCheckRedis } from './redis.ts';

/** Runs every step; resolves to the number that failed. */
export async function checkInstalledTarballs(
  workspace: string,
  tarballs: readonly string[],
): Promise<number> {
  let failures = 0;
  /** Runs one step and prints its line; resolves to what it gave, or undefined if it failed. */
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
    const started = performance.now();
    try {
      const result = await run();
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`ok    installed tarballs: ${name} (${seconds} s)`);
      return result;
    } catch (error) {
      failures++;
      console.log(`FAIL  installed tarballs: ${name}\n${(error as Error).message ?? error}`);
      return undefined;
    }
  };

  const dir = createProject(workspace);
  const node = (args: string[], env?: NodeJS.ProcessEnv) =>
    exec(process.execPath, args, { cwd: dir, env });
  const tsc = (project: string, ...args: string[]) =>
    node([join(dir, 'node_modules/typescript/bin/tsc'), '-p', project, ...args]);
  let redis: CheckRedis | undefined;
  try {
    const install = () => installTarballs(dir, tarballs).then(() => true);
    if (!(await step('npm install (tarballs + pinned peers)', install))) return failures;
    await step('types without @types/node (edge lib, "types": [], skipLibCheck off)', async () => {
      // --listFiles: to see that nothing brought @types/node in by the back door.
      const files = await tsc('edge-types', '--listFiles').catch((error: Error) => {
        const listed = (line: string) => line.startsWith(`${dir}/`);
        throw new Error(
          error.message
            .split('\n')
            .filter((line) => !listed(line))
            .join('\n'),
        );
      });
      if (files.includes('/@types/node/')) throw new Error(`@types/node got in:\n${files}`);
    });
    await step('every entry point loads as its exports map says', () =>
      node(['cjs/entry-points.cjs']),
    );
    redis = await step('a Redis (REDIS_URL, else redis-server from PATH)', startCheckRedis);
    if (!redis) return failures;
    const env = { ...process.env, REDIS_URL: redis.url };
    await step('ESM quick start (tsc --strict, node)', async () => {
      await tsc('esm');
      const compiled = readFileSync(join(dir, 'esm/dist/quickstart.js'), 'utf8');
      if (!compiled.includes("from '@mutex/core'")) throw new Error('tsc did not emit import');
      await node(['esm/dist/quickstart.js'], env);
    });
    await step('CommonJS quick start (tsc --strict, require)', async () => {
      await tsc('cjs');
      const compiled = readFileSync(join(dir, 'cjs/dist/quickstart.js'), 'utf8');
      if (!compiled.includes('require("@mutex/core")'))
        throw new Error('tsc did not emit require()');
      await node(['cjs/dist/quickstart.js'], env);
    });
    await step('example serverless-upstash (ESM; @mutex/upstash, @mutex/testkit)', async () => {
      await tsc('serverless-upstash');
      await node(['serverless-upstash/dist/main.js'], env);
    });
    return failures;
  } finally {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
