import { Redis } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RedisServer,
  startRedis,
  startUpstashRestServer,
  type UpstashRestServer,
} from '../src/index.js';

let server: RedisServer;
let rest: UpstashRestServer;
beforeAll(async () => {
  server = await startRedis();
  rest = await startUpstashRestServer({ redisUrl: server.url });
});
afterAll(async () => {
  await rest.stop();
  await server.stop();
});

const key = (label: string) => `rest:${label}:${Math.random().toString(36).slice(2)}`;

describe.each([
  ['defaults (auto-pipelining, base64, JSON deserialization)', {}],
  ['no auto-pipelining', { enableAutoPipelining: false }],
  ['no base64 encoding', { responseEncoding: false as const }],
  ['no automatic deserialization', { automaticDeserialization: false }],
])('the Upstash REST endpoint, @upstash/redis with %s', (_, options) => {
  const client = () => new Redis({ url: rest.url, token: rest.token, ...options });

  it('round-trips UTF-8 strings', async () => {
    const redis = client();
    const k = key('utf8');
    for (const value of [
      'héllo wörld',
      '𝄞 clef',
      'OK',
      'quote " and \\ backslash',
      'line\nbreak',
    ]) {
      await redis.set(k, value);
      expect(await redis.get(k)).toBe(value);
    }
  });

  it('answers integers as numbers and nil as null', async () => {
    const redis = client();
    const k = key('int');
    expect(await redis.incr(k)).toBe(1);
    expect(await redis.incrby(k, 41)).toBe(42);
    expect(await redis.get(key('missing'))).toBeNull();
  });

  it('passes nested arrays from a script through', async () => {
    const redis = client();
    const reply = await redis.eval("return {1, 'x', {2, 'y'}, -3}", [], []);
    expect(reply).toEqual([1, 'x', [2, 'y'], -3]);
  });

  it('turns a Redis error into a rejected command that carries its message', async () => {
    const redis = client();
    const k = key('wrongtype');
    await redis.lpush(k, 'a');
    await expect(redis.incr(k)).rejects.toThrow(/WRONGTYPE/);
  });

  it('runs pipelines and transactions', async () => {
    const redis = client();
    const k = key('pipe');
    expect(await redis.pipeline().set(k, 'v').incr(`${k}:n`).get(k).exec()).toEqual(['OK', 1, 'v']);
    expect(await redis.multi().incr(`${k}:n`).incr(`${k}:n`).exec()).toEqual([2, 3]);
  });
});

describe('the Upstash REST endpoint itself', () => {
  it('keeps binary-ish bytes intact in base64 mode', async () => {
    const redis = new Redis({ url: rest.url, token: rest.token, automaticDeserialization: false });
    const k = key('bytes');
    const value = '\u0000\u0001 tab\t \u00ff \u{1F600}';
    await redis.set(k, value);
    expect(await redis.get(k)).toBe(value);
  });

  it('answers 401 to a wrong token, and to a revoked one', async () => {
    await expect(new Redis({ url: rest.url, token: 'wrong' }).get('x')).rejects.toThrow(
      /Unauthorized/,
    );
    const token = rest.issueToken();
    const redis = new Redis({ url: rest.url, token, enableAutoPipelining: false });
    expect(await redis.get(key('nothing'))).toBeNull();
    rest.revokeToken(token);
    await expect(redis.get('x')).rejects.toThrow(/Unauthorized/);
  });

  it('streams messages published on a channel over SSE', async () => {
    const redis = new Redis({ url: rest.url, token: rest.token });
    const channel = key('channel');
    const subscriber = redis.subscribe([channel]);
    const messages: unknown[] = [];
    subscriber.on('message', ({ message }) => messages.push(message));
    await new Promise<void>((resolve) => subscriber.on('subscribe', () => resolve()));
    await redis.publish(channel, 'hello');
    await expect.poll(() => messages).toEqual(['hello']);
    await subscriber.unsubscribe();
  });

  it('supports path-style commands and counts requests', async () => {
    const before = rest.stats.requests;
    const k = key('path');
    const response = await fetch(`${rest.url}/set/${encodeURIComponent(k)}/v1`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${rest.token}` },
    });
    expect(await response.json()).toEqual({ result: 'OK' });
    const got = await fetch(`${rest.url}/get/${encodeURIComponent(k)}`, {
      headers: { Authorization: `Bearer ${rest.token}` },
    });
    expect(await got.json()).toEqual({ result: 'v1' });
    expect(rest.stats.requests - before).toBe(2);
  });
});
