/** The Redis names one lock uses. */
export interface LockTarget {
  /** The name the caller gave, for messages. */
  readonly name: string;
  readonly key: string;
  readonly fenceKey: string;
  /** Where the release script publishes, to wake waiters. */
  readonly channel: string;
}

/**
 * Keys for `name` under `prefix`. The lock name sits inside a Redis Cluster hash tag and
 * every key starts with the same `prefix{name}`, so whatever the name contains, all of them
 * hash to one slot: no CROSSSLOT, ever.
 */
export function lockTarget(prefix: string, name: string): LockTarget {
  const key = `${prefix}{${name}}`;
  return { name, key, fenceKey: `${key}:fence`, channel: `${key}:released` };
}

/**
 * The key `simple-redis-mutex` uses for `name`, so that processes on it and on this library
 * exclude each other during a rolling upgrade.
 */
export function seedLockTarget(name: string): LockTarget {
  const key = `@simple-redis-mutex:lock-${name}`;
  return { name, key, fenceKey: `${key}:fence`, channel: `${key}:released` };
}
