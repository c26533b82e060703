import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedis, startTcpProxy, type TcpProxy } from '../src/index.js';

let server: RedisServer;
let proxy: TcpProxy;
beforeAll(async () => {
  server = await startRedis();
  const { hostname, port } = new URL(server.url);
  proxy = await startTcpProxy({ host: hostname, port: Number(port) });
});
afterAll(async () => {
  await proxy.stop();
  await server.stop();
});

describe('the fault-injecting TCP proxy', () => {
  it('forwards commands, and delays replies by the latency set', async () => {
    const client = new Redis(proxy.url);
    expect(await client.ping()).toBe('PONG');
    proxy.setLatency(200);
    const started = performance.now();
    await client.set('proxy:latency', '1');
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
    proxy.setLatency(0);
    client.disconnect();
  });

  it('keeps replies in order when the latency drops while some are still delayed', async () => {
    const client = new Redis(proxy.url);
    await client.set('proxy:order', 'slow');
    proxy.setLatency(300);
    const slow = client.get('proxy:order');
    await new Promise((resolve) => setTimeout(resolve, 50));
    proxy.setLatency(0);
    const fast = client.ping();
    expect(await Promise.all([slow, fast])).toEqual(['slow', 'PONG']);
    client.disconnect();
  });

  it('counts the commands clients send, pipelined or not, whatever their payload', async () => {
    const client = new Redis(proxy.url);
    await client.ping();
    const before = proxy.stats.commands;
    await client.set('proxy:count', 'a\r\n*3\r\n$3 looks like RESP'.repeat(1000));
    await client.pipeline().get('proxy:count').del('proxy:count').incr('proxy:n').exec();
    await client.eval("return redis.call('GET', KEYS[1])", 1, 'proxy:count');
    expect(proxy.stats.commands - before).toBe(5);
    client.disconnect();
  });

  it('blackholes traffic while asked to, and recovers', async () => {
    const client = new Redis(proxy.url, { commandTimeout: 300 });
    await client.ping();
    proxy.setBlackhole(true);
    await expect(client.ping()).rejects.toThrow(/timed out/i);
    proxy.setBlackhole(false);
    client.disconnect();
  });

  it('drops connections: the client sees the connection close', async () => {
    const client = new Redis(proxy.url, { retryStrategy: () => null });
    client.on('error', () => {});
    await client.ping();
    const closed = new Promise((resolve) => client.once('close', resolve));
    proxy.dropConnections();
    await closed;
    expect(client.status).not.toBe('ready');
    client.disconnect();
  });
});
