import { reportingRedisErrors } from './events.js';
import { checkWork, holding, type LockedWork, splitWork } from './holding.js';
import { readWriteKeys, readWriteTarget } from './keys.js';
import type { Lock } from './lock.js';
import { type AcquireOptions, checkName, resolveAcquireOptions } from './options.js';
import type { PrimitiveHost } from './primitive.js';
import { callReadWriteInspect, readWritePrimitive } from './read-write-calls.js';
import type { ReadWriteInfo } from './replies.js';
import { Waiter } from './waiter.js';

/**
 * A read-write lock in Redis: many readers at once, or one writer. Callers are served in
 * arrival order: once a writer waits, readers that come after it wait too, so a stream of
 * readers never starves a writer, and a writer's release lets in the whole group of readers
 * queued behind it at once. (Every call queues in Redis, as in `fair` mode, whatever `fair`
 * says.)
 */
export interface ReadWriteLock {
  readonly name: string;
  /** Waits to read, alongside other readers. Rejects as `LockClient.acquire` does. */
  read(options?: AcquireOptions): Promise<Lock>;
  /** Waits to write, alone. Rejects as `LockClient.acquire` does. */
  write(options?: AcquireOptions): Promise<Lock>;
  /** One attempt to read: the lock, or `null` when a writer holds it or waits for it. */
  tryRead(options?: AcquireOptions): Promise<Lock | null>;
  /** One attempt to write: the lock, or `null` when anyone holds it or waits for it. */
  tryWrite(options?: AcquireOptions): Promise<Lock | null>;
  /**
   * Reads under the lock: acquires, runs `work(signal)`, releases in every case.
   * @example
   * const page = await cache.withRead(() => redis.get('report'));
   */
  withRead<T>(work: LockedWork<T>): Promise<T>;
  withRead<T>(options: AcquireOptions, work: LockedWork<T>): Promise<T>;
  /** Writes under the lock: acquires alone, runs `work(signal)`, releases in every case. */
  withWrite<T>(work: LockedWork<T>): Promise<T>;
  withWrite<T>(options: AcquireOptions, work: LockedWork<T>): Promise<T>;
  /** The writer's lease, readers, the last fence and waiters queued: one read-only script. */
  inspect(): Promise<ReadWriteInfo>;
}

type Mode = 'read' | 'write';

export function createReadWriteLock(host: PrimitiveHost, name: string): ReadWriteLock {
  const keys = readWriteKeys(host.prefix, checkName(name));
  const primitives = {
    read: readWritePrimitive(keys, 'read'),
    write: readWritePrimitive(keys, 'write'),
  };
  const waiter = (mode: Mode, options: AcquireOptions | undefined) => {
    // Arrival order needs every waiter in Redis's queue, including those that poll.
    const settings = { ...resolveAcquireOptions(options, host.defaults), fair: true };
    const events = host.events(name, 'read-write');
    return new Waiter(
      host.context,
      readWriteTarget(keys, mode),
      settings,
      primitives[mode],
      events,
    );
  };
  function guarded(mode: Mode) {
    return async <T>(
      optionsOrWork: AcquireOptions | LockedWork<T>,
      maybeWork?: LockedWork<T>,
    ): Promise<T> => {
      const [options, work] = splitWork(optionsOrWork, maybeWork);
      checkWork(mode === 'read' ? 'withRead' : 'withWrite', work);
      return holding(await waiter(mode, options).acquire(), work);
    };
  }

  return {
    name,
    read: async (options) => waiter('read', options).acquire(),
    write: async (options) => waiter('write', options).acquire(),
    tryRead: async (options) => waiter('read', options).tryAcquire(),
    tryWrite: async (options) => waiter('write', options).tryAcquire(),
    withRead: guarded('read'),
    withWrite: guarded('write'),
    async inspect() {
      const { context, defaults } = host;
      const target = readWriteTarget(keys, 'write');
      const call = { commander: context.commander, target, replyTimeout: defaults.replyTimeout };
      const events = host.events(name, 'read-write');
      return reportingRedisErrors(events, 'inspect', callReadWriteInspect(call, keys));
    },
  };
}
