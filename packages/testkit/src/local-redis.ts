import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { type RedisProcess, startRedisProcess } from './redis-process.js';

/** A `redis-server` this test owns outright: it can kill it and start it again. */
export interface LocalRedis {
  readonly url: string;
  readonly port: number;
  /** SIGKILL: no shutdown, no goodbye to clients. Data is gone (no persistence). */
  kill(): Promise<void>;
  /** Starts it again on the same port, on the same data directory. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` from PATH on a free loopback port, with extra `args` (for example
 * `['--requirepass', 'secret']`). For fault tests, which must own the process they break.
 */
export async function startLocalRedis(args: string[] = []): Promise<LocalRedis> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'mutex-local-redis-'));
  const start = () => startRedisProcess(port, args, process.env, dir);
  let current: RedisProcess | undefined = await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async kill() {
      await current?.stop();
      current = undefined;
    },
    async restart() {
      await current?.stop();
      current = await start();
    },
    async stop() {
      await current?.stop();
      current = undefined;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
