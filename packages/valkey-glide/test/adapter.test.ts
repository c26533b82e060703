import { createLockClient, SUBSCRIPTION_LINGER_MS } from '@mutex/core';
import { Decoder, GlideClient, GlideClusterClient, ProtocolVersion } from '@valkey/valkey-glide';
import { Cluster, Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { glideCommander, lock } from '../src/index.js';

const url = new URL(inject('redisUrl'));
const nodes = inject('redisClusterNodes');
const addresses = [{ host: url.hostname, port: Number(url.port) }];
const client = await GlideClient.createClient({ addresses });
const inspector = new Redis(url.href);
afterAll(() => {
  client.close();
  inspector.disconnect();
});

/** Connections in pub/sub mode, from CLIENT LIST. */
async function subscribers(): Promise<number> {
  const list = String(await inspector.client('LIST'));
  return list.split('\n').filter((line) => /\bsub=[1-9]/.test(line)).length;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Holds `name` through another client, queues a waiter through `waiterSide` that polls only
 * every minute, releases: resolves once the waiter has the lock (only a message can wake it).
 */
async function wokenByRelease(waiterSide: ReturnType<typeof glideCommander>, name: string) {
  const holderSide = glideCommander(client);
  const holder = await createLockClient(holderSide).acquire(name);
  const waiting = createLockClient(waiterSide, { maxRetryInterval: 60_000 }).acquire(name, {
    retryInterval: 60_000,
    acquireTimeout: 5000,
  });
  await sleep(200); // subscribed and queued
  await holder.release();
  await (await waiting).release();
  await holderSide.close();
}

describe('glideCommander', () => {
  it('refuses what is not a GLIDE client, naming what it got and what to use', async () => {
    const ioredis = new Redis(url.href, { lazyConnect: true });
    // node-redis and Upstash clients are not dependencies here: objects shaped like them.
    const nodeRedis = { evalSha: () => {}, duplicate: () => {}, sendCommand: () => {} };
    const upstash = { evalsha: () => {}, pipeline: () => {} };
    try {
      const cases: [unknown, RegExp][] = [
        [{}, /without customCommand/],
        [null, /got null/],
        ['redis://localhost', /got redis:\/\/localhost/],
        [ioredis, /an ioredis client: use ioredisCommander from @mutex\/ioredis/],
        [nodeRedis, /a node-redis client: use nodeRedisCommander from @mutex\/node-redis/],
        [upstash, /an Upstash client: use upstashCommander from @mutex\/upstash/],
        [{ addresses }, /configuration: pass the client made by await GlideClient\.createClient/],
        [GlideClient.createClient({ addresses, lazyConnect: true }), /a Promise: await/],
      ];
      for (const [wrong, named] of cases) {
        expect(() => glideCommander(wrong as never)).toThrow(TypeError);
        expect(() => glideCommander(wrong as never)).toThrow(/GlideClient or GlideClusterClient/);
        expect(() => glideCommander(wrong as never)).toThrow(named);
      }
    } finally {
      ioredis.disconnect();
    }
  });

  it('createLockClient given the GLIDE client itself says to wrap it, and sends nothing', async () => {
    const client = await GlideClient.createClient({ addresses, lazyConnect: true });
    try {
      expect(() => createLockClient(client as never)).toThrow(
        /raw Valkey GLIDE client: pass glideCommander\(client\) from @mutex\/valkey-glide/,
      );
    } finally {
      client.close();
    }
  });

  it('lock() rejects a wrong client with a TypeError', async () => {
    await expect(lock('redis://localhost' as never, 'job')).rejects.toBeInstanceOf(TypeError);
    await expect(lock(new Redis(url.href, { lazyConnect: true }) as never, 'job')).rejects.toThrow(
      /ioredisCommander/,
    );
  });

  it('reports how waiters hear releases: subscribe present with notifications, absent when polling', () => {
    expect(typeof glideCommander(client).subscribe).toBe('function');
    expect(glideCommander(client, { notifications: false }).subscribe).toBeUndefined();
    // A client it cannot make a subscriber like (no class with createClient, no configuration).
    const bare = { customCommand: client.customCommand.bind(client), close() {} };
    expect(glideCommander(bare as never).subscribe).toBeUndefined();
    expect(() => glideCommander(bare as never, { notifications: true })).toThrow(TypeError);
  });

  it('opens a subscriber client while someone waits, closes it after a linger, and close() ends it at once', async () => {
    const commander = glideCommander(client);
    const name = `sub:${Date.now()}`;
    const before = await subscribers();
    const holderSide = glideCommander(client);
    const holder = await createLockClient(holderSide).acquire(name);
    const waiting = createLockClient(commander).acquire(name);
    await sleep(200);
    expect(await subscribers()).toBe(before + 1);
    await holder.release();
    await (await waiting).release();
    await sleep(SUBSCRIPTION_LINGER_MS + 300);
    expect(await subscribers()).toBe(before);

    // Waiting again opens a new one; close() ends it without waiting for the linger.
    const again = await createLockClient(holderSide).acquire(name);
    const waitingAgain = createLockClient(commander).acquire(name, { acquireTimeout: 300 });
    await sleep(200);
    expect(await subscribers()).toBe(before + 1);
    await commander.close();
    expect(await subscribers()).toBe(before);
    await expect(waitingAgain).rejects.toThrow();
    await again.release();
    await holderSide.close();
    // The client given to it stays open and usable.
    expect(await client.customCommand(['PING'])).toBe('PONG');
  });

  it('polling: no subscriber connection, and waiters still get the lock', async () => {
    const commander = glideCommander(client, { notifications: false });
    const name = `poll:${Date.now()}`;
    const before = await subscribers();
    const holder = await createLockClient(glideCommander(client)).acquire(name, { ttl: 1000 });
    const waiting = createLockClient(commander).acquire(name, { acquireTimeout: 3000 });
    await sleep(200);
    expect(await subscribers()).toBe(before);
    setTimeout(() => void holder.release(), 100);
    await (await waiting).release();
  });

  it('a RESP2 client with the Bytes decoder is still woken by the release message', async () => {
    const resp2 = await GlideClient.createClient({
      addresses,
      protocol: ProtocolVersion.RESP2,
      defaultDecoder: Decoder.Bytes,
    });
    const commander = glideCommander(resp2);
    try {
      await wokenByRelease(commander, `resp2:${Date.now()}`);
    } finally {
      await commander.close();
      resp2.close();
    }
  });

  it('on a Cluster, scripts go straight to the master owning the lock: no MOVED redirects', async () => {
    const cluster = await GlideClusterClient.createClient({
      addresses: nodes.map(({ host, port }) => ({ host, port })),
    });
    const clusterInspector = new Cluster(nodes.map(({ host, port }) => ({ host, port })));
    const moved = async () => {
      let total = 0;
      for (const node of clusterInspector.nodes('master')) {
        const stats = await node.info('errorstats');
        total += Number(/^errorstat_MOVED:count=(\d+)/m.exec(stats)?.[1] ?? 0);
      }
      return total;
    };
    const commander = glideCommander(cluster);
    try {
      expect(commander.shardedPubSub).toBe(true);
      const locks = createLockClient(commander);
      const before = await moved();
      for (let i = 0; i < 20; i++)
        await (await locks.acquire(`route:${i}:${Date.now()}`)).release();
      expect(await moved()).toBe(before);
    } finally {
      await commander.close();
      cluster.close();
      clusterInspector.disconnect();
    }
  });
});
