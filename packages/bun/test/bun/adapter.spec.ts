// Run by Bun (see conformance.spec.ts): what is particular to Bun's RedisClient.
import { createLockClient, LockRedisError } from '@mutex/core';
import { keySlot } from '@mutex/testkit';
import { RedisClient, redis } from 'bun';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bunRedisCommander, lock } from '../../src/index.ts';
import { clusterNodes, redisUrl } from './env.ts';

const url = redisUrl();
let inspector: Redis;
beforeAll(() => {
  inspector = new Redis(url);
});
afterAll(() => inspector?.disconnect());

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Connections with a channel subscription, from CLIENT LIST. */
async function subscribers(): Promise<number> {
  const list = String(await inspector.client('LIST'));
  return list.split('\n').filter((line) => /\bsub=[1-9]/.test(line)).length;
}

/** A connected client, closed after `use`. */
async function withClient<T>(use: (client: RedisClient) => Promise<T>): Promise<T> {
  const client = new RedisClient(url);
  await client.connect();
  try {
    return await use(client);
  } finally {
    client.close();
  }
}

/** A lock held through a client and commander of its own, as another process would. */
async function holdElsewhere(name: string) {
  const client = new RedisClient(url);
  const commander = bunRedisCommander(client);
  const held = await createLockClient(commander).acquire(name, { ttl: 60_000 });
  return {
    release: async () => {
      await held.release();
      await commander.close();
      client.close();
    },
  };
}

describe("bunRedisCommander over Bun's RedisClient", () => {
  it('takes Bun.redis and a RedisClient, and names itself in lock events', async () => {
    expect(bunRedisCommander(redis).adapter).toBe('bun'); // Bun.redis
    await withClient(async (client) => {
      const types: string[] = [];
      const locks = createLockClient(bunRedisCommander(client), {
        onEvent: (event) => types.push(`${event.type}:${event.adapter}`),
      });
      await (await locks.acquire(`events:${Date.now()}`)).release();
      expect(types).toEqual(['acquire-started:bun', 'acquired:bun', 'released:bun']);
    });
  });

  it("waits on a duplicate connection, leaving the user's client free for commands, and close() ends it", async () => {
    await withClient(async (client) => {
      const name = `duplicate:${Date.now()}`;
      const commander = bunRedisCommander(client);
      const holder = await holdElsewhere(name);
      const before = await subscribers();
      const waiting = createLockClient(commander).acquire(name);
      await eventually(async () => (await subscribers()) === before + 1, 'a subscriber');
      // Bun refuses typed commands on a client in subscriber mode: this one is not.
      await client.send('SET', [`${name}:free`, '1']);
      expect(await client.get(`${name}:free`)).toBe('1');
      await holder.release();
      await (await waiting).release();
      await commander.close();
      await eventually(async () => (await subscribers()) === before, 'the subscriber to close');
    });
  });

  it('await using closes the subscriber connection it opened', async () => {
    await withClient(async (client) => {
      const name = `dispose:${Date.now()}`;
      const before = await subscribers();
      {
        await using commander = bunRedisCommander(client);
        const holder = await holdElsewhere(name);
        const waiting = createLockClient(commander).acquire(name);
        await eventually(async () => (await subscribers()) === before + 1, 'a subscriber');
        await holder.release();
        await (await waiting).release();
      }
      await eventually(async () => (await subscribers()) === before, 'the subscriber to close');
    });
  });

  it('a waiter is still woken by the release after its subscriber connection was cut (Bun reconnects it, the adapter subscribes again)', async () => {
    await withClient(async (client) => {
      const name = `resubscribe:${Date.now()}`;
      const commander = bunRedisCommander(client);
      const holder = await holdElsewhere(name);
      // Polls a minute apart, and the holder's lease is a minute: only a notification wakes it.
      const waiting = createLockClient(commander).acquire(name, {
        retryInterval: 60_000,
        maxRetryInterval: 60_000,
        acquireTimeout: 20_000,
      });
      await eventually(async () => (await subscribers()) === 1, 'a subscriber');
      await inspector.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
      await eventually(async () => (await subscribers()) === 1, 'the subscriber to be back');
      await holder.release();
      // Without the subscription back, this is a LockTimeoutError after 20 s.
      await (await waiting).release();
      await commander.close();
    });
  }, 30_000);

  it('the seed-compatible lock() takes the simple-redis-mutex key without expiry; unlock() deletes it', async () => {
    await withClient(async (client) => {
      const name = `seed:${Date.now()}`;
      const key = `@simple-redis-mutex:lock-${name}`;
      const unlock = await lock(client, name);
      expect(await inspector.pttl(key)).toBe(-1);
      await unlock();
      expect(await inspector.exists(key)).toBe(0);
    });
  });

  it("createLockClient given Bun's client itself says to wrap it", () => {
    expect(() => createLockClient(redis as never)).toThrow(
      /raw Bun client: pass bunRedisCommander\(client\) from @mutex\/bun/,
    );
  });

  it('lock() rejects a client it cannot use with a TypeError', async () => {
    await expect(lock({} as never, 'job')).rejects.toBeInstanceOf(TypeError);
  });

  it('a wrong address: the reply timeout says the client is not connected, not only that Redis was slow', async () => {
    const nowhere = new RedisClient('redis://127.0.0.1:1', { maxRetries: 1_000 });
    try {
      const error = await createLockClient(bunRedisCommander(nowhere))
        .acquire('nowhere', { replyTimeout: 300 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LockRedisError);
      expect((error as Error).message).toMatch(
        /within 300 ms \(replyTimeout\); Bun's RedisClient is not connected/,
      );
    } finally {
      nowhere.close();
    }
  });

  it('a closed client: the acquire rejects at once, saying the client is not connected', async () => {
    const client = new RedisClient(url);
    await client.connect();
    client.close();
    const error = await createLockClient(bunRedisCommander(client))
      .acquire(`closed:${Date.now()}`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockRedisError);
    expect(error).toMatchObject({ operation: 'acquire' });
    expect((error as Error).message).toMatch(/Bun's RedisClient is not connected/);
  });

  it("on a Redis Cluster node, a lock in another node's slot fails saying Bun does not follow redirections", async () => {
    const [node] = clusterNodes();
    if (node === undefined) throw new Error('no cluster node');
    const client = new RedisClient(`redis://${node.host}:${node.port}`);
    try {
      const ranges = (await client.send('CLUSTER', ['SLOTS'])) as [
        number,
        number,
        [string, number],
      ][];
      const mine = ranges.filter(([, , [, port]]) => port === node.port);
      const elsewhere = ['a', 'b', 'c', 'd', 'e', 'f'].find((name) => {
        const slot = keySlot(name);
        return !mine.some(([from, to]) => slot >= from && slot <= to);
      });
      if (elsewhere === undefined) throw new Error('every name is on this node');
      const error = await createLockClient(bunRedisCommander(client))
        .acquire(elsewhere)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LockRedisError);
      expect((error as Error).message).toMatch(
        /does not follow Redis Cluster redirections \(Redis said: MOVED \d+ /,
      );
      expect((error as Error).message).toMatch(/@mutex\/ioredis/);
    } finally {
      client.close();
    }
  });
});
