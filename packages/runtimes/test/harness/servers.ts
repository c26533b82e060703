import {
  type LocalRedis,
  startLocalRedis,
  startUpstashRestServer,
  type UpstashRestServer,
} from '@mutex/testkit';
import { Redis } from 'ioredis';
import type { SmokeConfig } from '../../smoke/report.js';

/**
 * A real redis-server (startLocalRedis fails loudly without one), the Upstash-REST endpoint in
 * front of it, and an ioredis inspector that checks what Redis holds after each smoke.
 */
export interface Servers {
  readonly inspector: Redis;
  /** What a smoke bundle needs to reach these servers, with its own lock-name stem. */
  config(stem: string): SmokeConfig;
  stop(): Promise<void>;
}

export async function startServers(): Promise<Servers> {
  const redis: LocalRedis = await startLocalRedis();
  const rest: UpstashRestServer = await startUpstashRestServer({ redisUrl: redis.url });
  const inspector = new Redis(redis.url);
  return {
    inspector,
    config: (stem) => ({
      stem,
      redisUrl: redis.url,
      upstashUrl: rest.url,
      upstashToken: rest.token,
    }),
    async stop() {
      inspector.disconnect();
      await rest.stop();
      await redis.stop();
    },
  };
}
