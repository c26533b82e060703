// pnpm bench's semaphore rows: this project's semaphore and redis-semaphore's, driven through
// the same call, each at its defaults, with one permit per acquisition.
import { createLockClient } from '@mutex/core';
import { ioredisCommander } from '@mutex/ioredis';
import { Redis } from 'ioredis';
import { MultiSemaphore, Semaphore } from 'redis-semaphore';
import type { Endpoints, Held } from './subjects.js';

export interface SemaphoreSubject {
  acquire(name: string, limit: number, waitMs: number, leaseMs: number): Promise<Held>;
  close(): Promise<void>;
}

const connect = (url: string) => {
  const client = new Redis(url);
  client.on('error', () => {});
  return client;
};

async function mutexSemaphore({ redisUrl }: Endpoints, fair: boolean): Promise<SemaphoreSubject> {
  const client = connect(redisUrl);
  const commander = ioredisCommander(client);
  const locks = createLockClient(commander, { fair });
  return {
    async acquire(name, limit, waitMs, leaseMs) {
      const permit = await locks
        .semaphore(name, { limit })
        .acquire({ acquireTimeout: waitMs, ttl: leaseMs });
      return { release: () => permit.release() };
    },
    async close() {
      await commander.close();
      client.disconnect();
    },
  };
}

function redisSemaphore({ redisUrl }: Endpoints, multi: boolean): SemaphoreSubject {
  const client = connect(redisUrl);
  return {
    async acquire(name, limit, waitMs, leaseMs) {
      const options = { acquireTimeout: waitMs, lockTimeout: leaseMs };
      const semaphore = multi
        ? new MultiSemaphore(client, name, limit, 1, options)
        : new Semaphore(client, name, limit, options);
      await semaphore.acquire();
      return { release: () => semaphore.release() };
    },
    close: async () => client.disconnect(),
  };
}

export const SEMAPHORE_SUBJECTS: Record<string, (at: Endpoints) => Promise<SemaphoreSubject>> = {
  '@mutex/ioredis semaphore': (at) => mutexSemaphore(at, false),
  '@mutex/ioredis semaphore (fair)': (at) => mutexSemaphore(at, true),
  'redis-semaphore 5.8.0 (Semaphore)': async (at) => redisSemaphore(at, false),
  'redis-semaphore 5.8.0 (MultiSemaphore, 1 permit)': async (at) => redisSemaphore(at, true),
};
