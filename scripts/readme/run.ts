// Runs a README block with tsx on the workspace sources (`@mutex/source`), with REDIS_URL
// pointing at a throwaway redis-server, and checks that it exits by itself with code 0.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startLocalRedis } from '../../packages/testkit/src/local-redis.ts';
import { anchorDirs, ROOT } from './workspace.ts';

export interface RunResult {
  readonly ok: boolean;
  readonly summary: string;
  /** The block's output (stdout and stderr), for a failure. */
  readonly output: string;
}

export async function runBlock(
  path: string,
  scratchDir: string,
  timeoutMs: number,
): Promise<RunResult> {
  const redis = await startLocalRedis();
  // Interrupted: leave no redis-server and no block process behind.
  const interrupted = () => {
    for (const pid of running) process.kill(-pid, 'SIGKILL');
    redis.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    return await runWith(path, scratchDir, redis.url, timeoutMs);
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await redis.stop();
  }
}

const running = new Set<number>();

function runWith(
  path: string,
  scratchDir: string,
  redisUrl: string,
  timeoutMs: number,
): Promise<RunResult> {
  const resolve = {
    scratch: pathToFileURL(`${scratchDir}/`).href,
    anchors: anchorDirs().map((dir) => pathToFileURL(join(dir, '__readme_block__.mjs')).href),
  };
  const started = performance.now();
  const child = spawn(
    join(ROOT, 'node_modules/.bin/tsx'),
    [
      '--conditions=@mutex/source',
      '--import',
      pathToFileURL(join(ROOT, 'scripts/readme/register-workspace.mjs')).href,
      path,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, REDIS_URL: redisUrl, MUTEX_README_RESOLVE: JSON.stringify(resolve) },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that a timeout ends tsx and the node process it starts.
      detached: true,
    },
  );
  if (child.pid !== undefined) running.add(child.pid);
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + String(chunk)).slice(-8000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((settle) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      settle({ ok: false, summary: `could not start tsx: ${error.message}`, output });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (child.pid !== undefined) running.delete(child.pid);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (timedOut) {
        settle({
          ok: false,
          summary: `still running after ${timeoutMs / 1000} s (killed): does it close its client?`,
          output,
        });
      } else if (code === 0) {
        settle({ ok: true, summary: `ran against Redis, exit 0 in ${seconds} s`, output });
      } else {
        settle({ ok: false, summary: `ran against Redis: exit ${code ?? signal}`, output });
      }
    });
  });
}
