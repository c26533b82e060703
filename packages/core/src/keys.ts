/** The Redis names one lock uses. */
export interface LockTarget {
  /** The name the caller gave, for messages. */
  readonly name: string;
  readonly key: string;
  readonly fenceKey: string;
  /** The waiter queue: one list, an element per waiter in arrival order. */
  readonly queueKey: string;
  /** The stem of this lock's handoff channels: each process hears on `${channel}:<id>`. */
  readonly channel: string;
}

/**
 * Keys for `name` under `prefix`. The lock name sits inside a Redis Cluster hash tag and
 * every key starts with the same `prefix{name}`, so whatever the name contains, all of them
 * hash to one slot: no CROSSSLOT, ever.
 */
export function lockTarget(prefix: string, name: string): LockTarget {
  return targetFor(name, `${prefix}{${name}}`);
}

/**
 * Keys of the semaphore `name` under `prefix`: `${prefix}{name}:semaphore` holds the holders,
 * with `:waiters`, `:fence` and `:released` after it. In the name's slot, as the mutex's, and
 * never one of the mutex's keys.
 */
export function semaphoreTarget(prefix: string, name: string): LockTarget {
  const base = `${prefix}{${name}}:semaphore`;
  return {
    name,
    key: base,
    fenceKey: `${base}:fence`,
    queueKey: `${base}:waiters`,
    channel: `${base}:released`,
  };
}

/** The keys of one read-write lock, all in its name's slot. */
export interface ReadWriteKeys {
  readonly name: string;
  /** The writer's token, with its lease as TTL. */
  readonly writerKey: string;
  /** The readers' tokens, scored by when each lease ends. */
  readonly readersKey: string;
  readonly queueKey: string;
  readonly fenceKey: string;
  readonly channel: string;
}

/** Keys of the read-write lock `name`: `${prefix}{name}:rw:` then writer, readers, waiters... */
export function readWriteKeys(prefix: string, name: string): ReadWriteKeys {
  const base = `${prefix}{${name}}:rw`;
  return {
    name,
    writerKey: `${base}:writer`,
    readersKey: `${base}:readers`,
    queueKey: `${base}:waiters`,
    fenceKey: `${base}:fence`,
    channel: `${base}:released`,
  };
}

/** What a reader's or a writer's scripts lock: its own key stands as the lock's key. */
export function readWriteTarget(keys: ReadWriteKeys, mode: 'read' | 'write'): LockTarget {
  const { name, queueKey, fenceKey, channel } = keys;
  const key = mode === 'read' ? keys.readersKey : keys.writerKey;
  return { name, key, queueKey, fenceKey, channel };
}

/**
 * The key `simple-redis-mutex` uses for `name`, so that processes on it and on this library
 * exclude each other during a rolling upgrade.
 */
export function seedLockTarget(name: string): LockTarget {
  return targetFor(name, `@simple-redis-mutex:lock-${name}`);
}

function targetFor(name: string, key: string): LockTarget {
  const base = sameSlotBase(key);
  return {
    name,
    key,
    fenceKey: `${base}:fence`,
    queueKey: `${base}:waiters`,
    channel: `${key}:released`,
  };
}

/**
 * A stem for the lock's other keys that hashes to the lock key's Cluster slot, since a script
 * may only touch keys of one slot. A key with a hash tag keeps it when suffixed; a key without
 * one (the seed's) is wrapped whole in braces, which hashes the same bytes.
 */
function sameSlotBase(key: string): string {
  const open = key.indexOf('{');
  const close = open === -1 ? -1 : key.indexOf('}', open + 1);
  if (close > open + 1) return key;
  // A key with a "}" but no valid tag cannot be wrapped; it keeps working outside a Cluster.
  return key.includes('}') ? key : `{${key}}`;
}
