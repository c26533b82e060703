import type { LockClient, LockScript, RedisCommander } from '@mutex/core';
import { Cluster, Redis } from 'ioredis';
import type { ClusterNode } from '../redis-cluster.js';

/** A commander over a fresh client, and how to end that client. */
export interface CommanderFixture {
  readonly commander: RedisCommander;
  /** Closes the client (and whatever the commander opened). Afterwards Redis is "gone". */
  close(): Promise<void>;
}

/** Where the Redis under test is: the suite opens its own raw connection there. */
export type RedisEndpoint =
  | { readonly kind: 'standalone'; readonly url: string }
  | { readonly kind: 'cluster'; readonly nodes: readonly ClusterNode[] };

/** What an adapter hands the conformance suite. */
export interface ConformanceTarget {
  /** Shown in test names, e.g. `ioredis on Redis Cluster`. */
  readonly name: string;
  /** The server the fixtures talk to. */
  readonly redis: RedisEndpoint;
  /** Builds a commander over a new client connected to `redis`. */
  connect(): Promise<CommanderFixture>;
}

/** What each behaviour file gets. */
export interface SuiteContext {
  readonly target: ConformanceTarget;
  /** Whether the adapter under test can subscribe (declared by the commander itself). */
  readonly canSubscribe: () => boolean;
  /** A commander shared by the tests of one behaviour file. */
  readonly commander: () => RedisCommander;
  /** A further commander over its own client, closed after the test. */
  readonly connect: () => Promise<CommanderFixture>;
  /** The suite's raw connection: Redis state is checked here, not through the adapter. */
  readonly inspector: () => Redis | Cluster;
  /** A lock name no other test uses. */
  readonly uniqueName: (label: string) => string;
}

export function openInspector(endpoint: RedisEndpoint): Redis | Cluster {
  if (endpoint.kind === 'standalone') return new Redis(endpoint.url);
  return new Cluster(endpoint.nodes.map(({ host, port }) => ({ host, port })));
}

/** The masters to ask for per-node facts (INFO, SCRIPT LOAD). */
export function inspectorNodes(inspector: Redis | Cluster): Redis[] {
  return inspector instanceof Cluster ? inspector.nodes('master') : [inspector];
}

/**
 * Wraps a commander and records each script it runs (for "nothing was sent" checks) and the
 * token of each acquire (to look for it in Redis or in error messages).
 */
export function recordingCommander(inner: RedisCommander): {
  commander: RedisCommander;
  calls: string[];
  tokens: Set<string>;
} {
  const calls: string[] = [];
  const tokens = new Set<string>();
  const commander: RedisCommander = {
    eval(script: LockScript, keys, args) {
      calls.push(script.name);
      if (script.name === 'acquire' && args[0] !== undefined) tokens.add(args[0]);
      return inner.eval(script, keys, args);
    },
    get shardedPubSub() {
      return inner.shardedPubSub === true;
    },
    adapter: inner.adapter,
    connectionProblem: inner.connectionProblem?.bind(inner),
  };
  if (inner.setIfAbsent) {
    const setIfAbsent = inner.setIfAbsent.bind(inner);
    commander.setIfAbsent = (key, value, lease) => {
      calls.push('setIfAbsent');
      tokens.add(value);
      return setIfAbsent(key, value, lease);
    };
  }
  if (inner.subscribe) {
    const subscribe = inner.subscribe.bind(inner);
    commander.subscribe = (channel, onMessage) => {
      calls.push('subscribe');
      return subscribe(channel, onMessage);
    };
  }
  return { commander, calls, tokens };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true, or fails after `timeoutMs`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 3000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * Runs `sections` racy read-modify-write sections on `name`, alternating between `clients`,
 * and reports how many overlapped and what the shared counter reached.
 */
export async function contendFor(
  clients: readonly LockClient[],
  name: string,
  sections: number,
  acquireTimeout: number,
): Promise<{ overlaps: number; counter: number }> {
  let inside = 0;
  let overlaps = 0;
  let counter = 0;
  await Promise.all(
    Array.from({ length: sections }, (_, i) =>
      clients[i % clients.length]?.withLock(name, { acquireTimeout }, async () => {
        inside++;
        if (inside > 1) overlaps++;
        const seen = counter;
        await sleep(1);
        counter = seen + 1;
        inside--;
      }),
    ),
  );
  return { overlaps, counter };
}
