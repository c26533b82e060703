import { createLockClient, LockTimeoutError, type RedisCommander } from '@mutex/core';
import { ioredisCommander } from '@mutex/ioredis';
import { nodeRedisCommander } from '@mutex/node-redis';
import { upstashCommander } from '@mutex/upstash';
import { glideCommander } from '@mutex/valkey-glide';
import { Redlock as SesameRedlock } from '@sesamecare-oss/redlock';
import { Lock as UpstashLock } from '@upstash/lock';
import { Redis as UpstashRedis } from '@upstash/redis';
import { GlideClient } from '@valkey/valkey-glide';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { Mutex } from 'redis-semaphore';
import Redlock from 'redlock';
import srm3 from 'simple-redis-mutex';
import srm1 from 'simple-redis-mutex-1';
import { LISTENERS, type ListenerKind } from './telemetry.js';

/** A held lock, as each library hands it out. */
export interface Held {
  release(): Promise<unknown>;
  /** Whether the library has told the holder its lock is lost (undefined: it has no way to). */
  lost?: () => boolean;
}

/** One lock library, driven through the same few calls by every probe. */
export interface Subject {
  readonly name: string;
  readonly http: boolean;
  /** The Redis key the library locks for `name`. */
  key(name: string): string;
  /** Acquires `name` with a lease, waiting at most about `waitMs` by the library's own means. */
  acquire(name: string, waitMs: number, leaseMs: number): Promise<Held>;
  /** Where the library reports lost locks only through another API, that API. */
  watch?(name: string, waitMs: number, leaseMs: number): Promise<Held>;
  close(): Promise<void>;
}

export interface Endpoints {
  /** Where Redis clients connect (the fault-injecting proxy). */
  redisUrl: string;
  restUrl: string;
  restToken: string;
}

const ioredis = (url: string) => {
  const client = new Redis(url, { lazyConnect: false });
  client.on('error', () => {});
  return client;
};

/** One of this project's adapters, driven through the lock client like any user would. */
function mutexSubject(
  name: string,
  commander: RedisCommander,
  close: () => Promise<void>,
  { http = false, fair = false, listener = undefined as ListenerKind | undefined } = {},
): Subject {
  const onEvent = listener === undefined ? undefined : LISTENERS[listener]();
  const locks = createLockClient(commander, { fair, onEvent });
  return {
    name,
    http,
    key: (lockName) => `mutex:{${lockName}}`,
    async acquire(lockName, waitMs, leaseMs) {
      const lock = await locks.acquire(lockName, { acquireTimeout: waitMs, ttl: leaseMs });
      return { release: () => lock.release(), lost: () => lock.signal.aborted };
    },
    close,
  };
}

async function ioredisSubject(
  { redisUrl }: Endpoints,
  fair: boolean,
  listener?: ListenerKind,
): Promise<Subject> {
  const client = ioredis(redisUrl);
  const commander = ioredisCommander(client);
  const variant = fair ? 'fair' : listener;
  const name = variant === undefined ? '@mutex/ioredis' : `@mutex/ioredis (${variant})`;
  return mutexSubject(
    name,
    commander,
    async () => {
      await commander.close();
      client.disconnect();
    },
    { fair, listener },
  );
}

async function nodeRedisSubject({ redisUrl }: Endpoints): Promise<Subject> {
  const client = createClient({ url: redisUrl });
  client.on('error', () => {});
  await client.connect();
  const commander = nodeRedisCommander(client);
  return mutexSubject('@mutex/node-redis', commander, async () => {
    await commander.close();
    client.destroy();
  });
}

async function glideSubject({ redisUrl }: Endpoints): Promise<Subject> {
  const { hostname, port } = new URL(redisUrl);
  const client = await GlideClient.createClient({
    addresses: [{ host: hostname, port: Number(port) }],
  });
  const commander = glideCommander(client);
  return mutexSubject('@mutex/valkey-glide', commander, async () => {
    await commander.close();
    client.close();
  });
}

/** Polling by default; with `notifications`, SSE subscribe, so waiters queue and are handed the lock. */
async function upstashSubject(
  { restUrl, restToken }: Endpoints,
  notifications: boolean,
): Promise<Subject> {
  const client = new UpstashRedis({ url: restUrl, token: restToken });
  const commander = upstashCommander(client, { notifications });
  const name = notifications ? '@mutex/upstash (notifications)' : '@mutex/upstash';
  return mutexSubject(name, commander, () => commander.close(), { http: true });
}

export const SUBJECTS: Record<string, (at: Endpoints) => Promise<Subject>> = {
  '@mutex/ioredis': (at) => ioredisSubject(at, false),
  '@mutex/ioredis (fair)': (at) => ioredisSubject(at, true),
  '@mutex/ioredis (event listener)': (at) => ioredisSubject(at, false, 'event listener'),
  '@mutex/ioredis (OpenTelemetry)': (at) => ioredisSubject(at, false, 'OpenTelemetry'),
  '@mutex/node-redis': (at) => nodeRedisSubject(at),
  '@mutex/valkey-glide': (at) => glideSubject(at),
  async 'raw commands (baseline)'({ redisUrl }) {
    // The least a lock can do: SET NX PX, then a compare-and-delete script; polls every 10 ms.
    const client = ioredis(redisUrl);
    const release = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
    const sha = String(await client.script('LOAD', release));
    return {
      name: 'raw commands (baseline)',
      http: false,
      key: (name) => `raw:${name}`,
      async acquire(name, waitMs, leaseMs) {
        const token = crypto.randomUUID();
        const deadline = performance.now() + waitMs;
        while ((await client.set(`raw:${name}`, token, 'PX', leaseMs, 'NX')) !== 'OK') {
          if (performance.now() > deadline) throw new Error('raw baseline: timed out');
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        return { release: () => client.evalsha(sha, 1, `raw:${name}`, token) };
      },
      close: async () => client.disconnect(),
    };
  },
  async 'simple-redis-mutex 1.4.0'({ redisUrl }) {
    const client = ioredis(redisUrl);
    return {
      name: 'simple-redis-mutex 1.4.0',
      http: false,
      key: (name) => `@simple-redis-mutex:lock-${name}`,
      async acquire(name, waitMs, leaseMs) {
        const unlock = await srm1.lock(client, name, {
          failAfterMillis: waitMs,
          timeoutMillis: leaseMs,
        });
        return { release: unlock };
      },
      close: async () => client.disconnect(),
    };
  },
  async 'simple-redis-mutex 3.0.0'({ redisUrl }) {
    const client = createClient({ url: redisUrl });
    client.on('error', () => {});
    await client.connect();
    return {
      name: 'simple-redis-mutex 3.0.0',
      http: false,
      key: (name) => `@simple-redis-mutex:lock-${name}`,
      async acquire(name, waitMs, leaseMs) {
        const release = await srm3.lock(client, name, { failAfter: waitMs, timeout: leaseMs });
        return { release };
      },
      close: async () => void client.destroy(),
    };
  },
  async 'redlock 4.2.0'({ redisUrl }) {
    const client = ioredis(redisUrl);
    return {
      name: 'redlock 4.2.0',
      http: false,
      key: (name) => name,
      async acquire(name, waitMs, leaseMs) {
        const redlock = new Redlock([client], {
          retryCount: Math.floor(waitMs / 200),
          retryDelay: 200,
        });
        redlock.on('clientError', () => {});
        const lock = await redlock.lock(name, leaseMs);
        return { release: () => lock.unlock() };
      },
      close: async () => client.disconnect(),
    };
  },
  async '@sesamecare-oss/redlock 1.4.0'({ redisUrl }) {
    const client = ioredis(redisUrl);
    return {
      name: '@sesamecare-oss/redlock 1.4.0',
      http: false,
      key: (name) => name,
      async acquire(name, waitMs, leaseMs) {
        const redlock = new SesameRedlock([client], {
          retryCount: Math.floor(waitMs / 200),
          retryDelay: 200,
        });
        redlock.on('error', () => {});
        const lock = await redlock.acquire([name], leaseMs);
        return { release: () => lock.release() };
      },
      async watch(name, waitMs, leaseMs) {
        const redlock = new SesameRedlock([client], {
          retryCount: Math.floor(waitMs / 200),
          retryDelay: 200,
        });
        redlock.on('error', () => {});
        // using() is its only API that renews the lease and reports a lost lock (signal).
        return new Promise<Held>((resolve, reject) => {
          let finish: () => void = () => {};
          const done = new Promise<void>((r) => {
            finish = r;
          });
          redlock
            .using([name], leaseMs, async (signal) => {
              resolve({ release: async () => finish(), lost: () => signal.aborted });
              await done;
            })
            .catch(reject);
        });
      },
      close: async () => client.disconnect(),
    };
  },
  async 'redis-semaphore 5.8.0 (Mutex)'({ redisUrl }) {
    const client = ioredis(redisUrl);
    return {
      name: 'redis-semaphore 5.8.0 (Mutex)',
      http: false,
      key: (name) => `mutex:${name}`,
      async acquire(name, waitMs, leaseMs) {
        let lost = false;
        const mutex = new Mutex(client, name, {
          acquireTimeout: waitMs,
          lockTimeout: leaseMs,
          onLockLost: () => {
            lost = true;
          },
        });
        await mutex.acquire();
        return { release: () => mutex.release(), lost: () => lost };
      },
      close: async () => client.disconnect(),
    };
  },
  '@mutex/upstash': (at) => upstashSubject(at, false),
  '@mutex/upstash (notifications)': (at) => upstashSubject(at, true),
  async '@upstash/lock 0.2.1'({ restUrl, restToken }) {
    const redis = new UpstashRedis({ url: restUrl, token: restToken });
    return {
      name: '@upstash/lock 0.2.1',
      http: true,
      key: (name) => name,
      async acquire(name, waitMs, leaseMs) {
        const lock = new UpstashLock({
          id: name,
          redis,
          lease: leaseMs,
          retry: { attempts: Math.floor(waitMs / 100), delay: 100 },
        });
        if (!(await lock.acquire())) throw new Error('not acquired (acquire() returned false)');
        return { release: () => lock.release() };
      },
      close: async () => {},
    };
  },
};

export { LockTimeoutError };
