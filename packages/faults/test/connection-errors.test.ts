import { createLockClient, type LockRedisError, type RedisCommander } from '@mutex/core';
import { ioredisCommander } from '@mutex/ioredis';
import { nodeRedisCommander } from '@mutex/node-redis';
import {
  freePort,
  type LocalRedis,
  recordingCommander,
  startLocalRedis,
  startUpstashRestServer,
  type UpstashRestServer,
} from '@mutex/testkit';
import { upstashCommander } from '@mutex/upstash';
import { Redis as UpstashRedis } from '@upstash/redis';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What a user sees when a client cannot reach Redis or is refused by it: a LockRedisError that
// says what happened and what to do, with the transport's error along its `cause` chain,
// within replyTimeout, and no secret in any message.

const PASSWORD = 'right-password-123';
const WRONG_PASSWORD = 'wrong-password-456';
const REPLY_TIMEOUT = 2_000;

let plain: LocalRedis;
let secured: LocalRedis;
let rest: UpstashRestServer;
let closedPort: number;
/** Tokens the endpoint gave: one it accepts, one it has revoked. */
let token: string;
let revoked: string;

beforeAll(async () => {
  [plain, secured, closedPort] = await Promise.all([
    startLocalRedis(),
    startLocalRedis(['--requirepass', PASSWORD]),
    freePort(), // nothing listens there now
  ]);
  rest = await startUpstashRestServer({ redisUrl: plain.url });
  token = rest.token;
  revoked = rest.issueToken();
  rest.revokeToken(revoked);
});
afterAll(async () => {
  await rest?.stop();
  await Promise.all([plain?.stop(), secured?.stop()]);
});

const hostOf = (redis: LocalRedis) => new URL(redis.url).host;

interface Made {
  commander: RedisCommander;
  close(): unknown;
}

function ioredis(url: string): Made {
  const client = new Redis(url);
  client.on('error', () => {}); // the owner's listener; ioredis would log each retry without one
  return { commander: ioredisCommander(client), close: () => client.disconnect() };
}

function nodeRedis(url: string, { connect = true } = {}): Made {
  const client = createClient({ url });
  client.on('error', () => {}); // node-redis needs an owner's listener
  if (connect) client.connect().catch(() => {}); // keeps retrying; never awaited by its owner
  return {
    commander: nodeRedisCommander(client as never),
    close: () => client.destroy(),
  };
}

function upstash(url: string, withToken = token): Made {
  // One quick retry: the client's default (5, over about 4.3 s) would only slow the test.
  const client = new UpstashRedis({
    url,
    token: withToken,
    retry: { retries: 1, backoff: () => 10 },
  });
  return { commander: upstashCommander(client), close: () => {} };
}

interface Case {
  name: string;
  make(): Made;
  /** What the message must say happened. */
  happened: RegExp;
  /** What it must say to do. */
  todo: RegExp;
  /** An error along the cause chain must have this code or message: the transport's own. */
  transport: RegExp;
}

const cases: Case[] = [
  {
    name: 'ioredis, connection refused',
    make: () => ioredis(`redis://127.0.0.1:${closedPort}`),
    happened: /reconnecting to 127\.0\.0\.1:\d+, not connected: connect ECONNREFUSED/,
    todo: /is Redis running there, and are the host and port right\?/,
    transport: /^ECONNREFUSED$/,
  },
  {
    name: 'ioredis, unknown host (a password in the URL)',
    make: () => ioredis(`redis://:${PASSWORD}@no-such-host.invalid:6379`),
    happened: /to no-such-host\.invalid:6379, not connected: getaddrinfo (ENOTFOUND|EAI_AGAIN)/,
    todo: /check the host/,
    transport: /^(ENOTFOUND|EAI_AGAIN)$/,
  },
  {
    name: 'ioredis, wrong password',
    make: () => ioredis(`redis://:${WRONG_PASSWORD}@${hostOf(secured)}`),
    happened: /WRONGPASS/,
    todo: /check the password/,
    transport: /^WRONGPASS/,
  },
  {
    name: 'ioredis, no password',
    make: () => ioredis(`redis://${hostOf(secured)}`),
    happened: /NOAUTH/,
    todo: /check the password/,
    transport: /^NOAUTH/,
  },
  {
    name: 'node-redis, connection refused',
    make: () => nodeRedis(`redis://127.0.0.1:${closedPort}`),
    happened: /not ready \(connecting or reconnecting to 127\.0\.0\.1:\d+\)/,
    todo: /is Redis running there, and are the host and port right\?/,
    transport: /^MUTEX_REPLY_TIMEOUT$|TimeoutError/,
  },
  {
    name: 'node-redis, unknown host',
    make: () => nodeRedis(`redis://:${PASSWORD}@no-such-host.invalid:6379`),
    happened: /not ready \(connecting or reconnecting to no-such-host\.invalid:6379\)/,
    todo: /are the host and port right\?/,
    transport: /^MUTEX_REPLY_TIMEOUT$|TimeoutError/,
  },
  {
    name: 'node-redis, never connected',
    make: () => nodeRedis(plain.url, { connect: false }),
    happened: /The node-redis client is not open/,
    todo: /call await client\.connect\(\)/,
    transport: /^The client is closed$/,
  },
  {
    name: 'node-redis, wrong password',
    make: () => nodeRedis(`redis://:${WRONG_PASSWORD}@${hostOf(secured)}`),
    happened: /WRONGPASS|NOAUTH|unauthenticated/,
    todo: /check the password/,
    transport: /WRONGPASS|NOAUTH|unauthenticated/,
  },
  {
    name: 'Upstash, connection refused',
    make: () => upstash(`http://127.0.0.1:${closedPort}`),
    happened: /The HTTP request to Upstash failed \(connect ECONNREFUSED 127\.0\.0\.1:\d+/,
    todo: /check UPSTASH_REDIS_REST_URL/,
    transport: /^ECONNREFUSED$/,
  },
  {
    name: 'Upstash, unknown host',
    make: () => upstash('http://no-such-host.invalid'),
    happened: /The HTTP request to Upstash failed \(getaddrinfo (ENOTFOUND|EAI_AGAIN)/,
    todo: /check the host.*check UPSTASH_REDIS_REST_URL/,
    transport: /^(ENOTFOUND|EAI_AGAIN)$/,
  },
  {
    name: 'Upstash, wrong or revoked token',
    make: () => upstash(rest.url, revoked),
    happened: /Upstash answered "Unauthorized"/,
    todo: /check the REST token \(UPSTASH_REDIS_REST_TOKEN\) and that it has not been revoked/,
    transport: /Unauthorized/,
  },
];

/** The error and each of its causes, outermost first. */
function causeChain(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let at = error; at instanceof Error && chain.length < 6; at = at.cause) chain.push(at);
  return chain;
}

describe('connection and authentication errors name the cause and the fix', () => {
  it.each(cases)('$name', async ({ make, happened, todo, transport }) => {
    const made = make();
    const { commander, tokens: lockTokens } = recordingCommander(made.commander);
    try {
      const started = performance.now();
      const error = (await createLockClient(commander, { replyTimeout: REPLY_TIMEOUT })
        .acquire('job')
        .catch((e: unknown) => e)) as LockRedisError;
      const waited = performance.now() - started;

      expect(error).toMatchObject({ name: 'LockRedisError', code: 'MUTEX_REDIS' });
      expect(error.message).toMatch(happened);
      expect(error.message).toMatch(todo);
      const chain = causeChain(error);
      expect(
        chain.some(
          (link) =>
            transport.test(String((link as { code?: unknown }).code)) ||
            transport.test(link.message) ||
            transport.test(link.constructor.name),
        ),
      ).toBe(true);
      // Never a hang: the reply timeout bounds it (plus scheduling slack on a loaded machine).
      expect(waited).toBeLessThan(REPLY_TIMEOUT + 1_500);

      const texts = [String(error), ...chain.flatMap((link) => [link.message, String(link)])];
      expect(lockTokens.size).toBeGreaterThan(0);
      for (const text of texts) {
        for (const secret of [PASSWORD, WRONG_PASSWORD, token, revoked]) {
          expect(text).not.toContain(secret);
        }
        for (const lockToken of lockTokens) expect(text).not.toContain(lockToken);
        expect(text).not.toMatch(/redis\.call|KEYS\[1\]|ARGV\[1\]/); // no script body
      }
    } finally {
      await made.close();
    }
  });
});
