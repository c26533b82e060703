import type { RedisCommander } from '@mutex/core';
import { ioredisCommander } from '@mutex/ioredis';
import { nodeRedisCommander } from '@mutex/node-redis';
import { upstashCommander } from '@mutex/upstash';
import { Redis as UpstashRedis } from '@upstash/redis';
import { Redis } from 'ioredis';
import { createClient } from 'redis';

export const ADAPTERS = ['ioredis', 'node-redis', 'upstash'] as const;
export type AdapterName = (typeof ADAPTERS)[number];

export interface Endpoints {
  redisUrl: string;
  restUrl: string;
  restToken: string;
}

/** A commander over a fresh client of the named kind, and how to close both. */
export async function connect(
  adapter: AdapterName,
  { redisUrl, restUrl, restToken }: Endpoints,
): Promise<{ commander: RedisCommander; close(): Promise<void> }> {
  if (adapter === 'ioredis') {
    const client = new Redis(redisUrl);
    // Connection errors surface through the commands that fail; keep reconnects quiet.
    client.on('error', () => {});
    const commander = ioredisCommander(client);
    const close = async () => {
      await commander.close();
      client.disconnect();
    };
    return { commander, close };
  }
  if (adapter === 'node-redis') {
    const client = createClient({ url: redisUrl });
    client.on('error', () => {});
    await client.connect();
    const commander = nodeRedisCommander(client);
    const close = async () => {
      await commander.close();
      await client.close();
    };
    return { commander, close };
  }
  const commander = upstashCommander(new UpstashRedis({ url: restUrl, token: restToken }));
  return { commander, close: () => commander.close() };
}
