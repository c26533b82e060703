import { LockReplyError } from './errors.js';

// Adapters hand back replies as their transport decoded them: numbers from ioredis,
// node-redis and Upstash's JSON, occasionally strings or bigints. Normalise them here, once.

function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

function unexpected(lockName: string, script: string, reply: unknown): LockReplyError {
  return new LockReplyError(lockName, script, reply);
}

/** `pttl` is the lease left in ms, -1 for a lock without expiry. */
export type AcquireReply =
  | { readonly acquired: true; readonly fence: number; readonly pttl: number }
  | { readonly acquired: false; readonly pttl: number };

export function parseAcquireReply(lockName: string, reply: unknown): AcquireReply {
  if (Array.isArray(reply)) {
    const [flag, first, second] = reply.map(toInteger);
    if (reply.length === 3 && flag === 1 && first !== undefined && second !== undefined) {
      return { acquired: true, fence: first, pttl: second };
    }
    if (reply.length === 2 && flag === 0 && first !== undefined) {
      return { acquired: false, pttl: first };
    }
  }
  throw unexpected(lockName, 'acquire', reply);
}

/**
 * The fence a handoff message gives `token`, or undefined when the message is only for other
 * waiters of this process (they share the channel) or is not a handoff at all. A message is
 * "<token>:<fence>", or several of those joined by "," when one release admits several
 * waiters of a process (a read-write lock's readers).
 */
export function handoffFence(message: string, token: string): number | undefined {
  const at = message.indexOf(`${token}:`);
  if (at === -1 || (at > 0 && message[at - 1] !== ',')) return undefined;
  const end = message.indexOf(',', at);
  return toInteger(message.slice(at + token.length + 1, end === -1 ? undefined : end));
}

/** What `LockClient.inspect` reports about one lock, as Redis saw it. */
export interface LockInfo {
  /** Whether someone holds the lock. */
  readonly held: boolean;
  /** The holder's lease left, in ms: `Infinity` for a lock without expiry, 0 when free. */
  readonly ttl: number;
  /** The last fencing token issued for the name, or `undefined` if none ever was. */
  readonly fence: number | undefined;
  /**
   * Waiters queued in Redis and still within their deadline: those that hear releases, and
   * every waiter in fair mode. Waiters that poll in the default mode are not in the queue.
   */
  readonly waiting: number;
}

export function parseInspectReply(lockName: string, reply: unknown): LockInfo {
  if (Array.isArray(reply) && reply.length === 3) {
    const [pttl, fence, waiting] = reply.map(toInteger);
    if (pttl !== undefined && fence !== undefined && waiting !== undefined) {
      return {
        held: pttl !== -2,
        ttl: pttl === -1 ? Number.POSITIVE_INFINITY : Math.max(0, pttl),
        fence: fence === 0 ? undefined : fence,
        waiting,
      };
    }
  }
  throw unexpected(lockName, 'inspect', reply);
}

/** Release and extend answer 1 (this token held the lock) or 0. */
export function parseHeldReply(lockName: string, script: string, reply: unknown): boolean {
  const flag = toInteger(reply);
  if (flag === 1 || flag === 0) return flag === 1;
  throw unexpected(lockName, script, reply);
}

/** What `Semaphore.inspect` reports, as Redis saw it. */
export interface SemaphoreInfo {
  /** Permits held now, by holders whose lease has not ended. */
  readonly held: number;
  /** How many holders hold them. */
  readonly holders: number;
  /** The last fencing token issued for the semaphore, or `undefined` if none ever was. */
  readonly fence: number | undefined;
  /** Waiters queued in Redis and still within their deadline. */
  readonly waiting: number;
}

export function parseSemaphoreInspectReply(name: string, reply: unknown): SemaphoreInfo {
  if (Array.isArray(reply) && reply.length === 4) {
    const [held, holders, fence, waiting] = reply.map(toInteger);
    if (
      held !== undefined &&
      holders !== undefined &&
      fence !== undefined &&
      waiting !== undefined
    ) {
      return { held, holders, fence: fence === 0 ? undefined : fence, waiting };
    }
  }
  throw unexpected(name, 'semaphore-inspect', reply);
}

/** What `ReadWriteLock.inspect` reports, as Redis saw it. */
export interface ReadWriteInfo {
  /** Whether a writer holds the lock. */
  readonly writer: boolean;
  /** The writer's lease left, in ms: `Infinity` without expiry, 0 when no writer holds it. */
  readonly ttl: number;
  /** Readers holding it now, whose lease has not ended. */
  readonly readers: number;
  /** The last fencing token issued for the lock, or `undefined` if none ever was. */
  readonly fence: number | undefined;
  /** Waiters queued in Redis and still within their deadline. */
  readonly waiting: number;
}

export function parseReadWriteInspectReply(name: string, reply: unknown): ReadWriteInfo {
  if (Array.isArray(reply) && reply.length === 4) {
    const [pttl, readers, fence, waiting] = reply.map(toInteger);
    if (
      pttl !== undefined &&
      readers !== undefined &&
      fence !== undefined &&
      waiting !== undefined
    ) {
      return {
        writer: pttl !== -2,
        ttl: pttl === -1 ? Number.POSITIVE_INFINITY : Math.max(0, pttl),
        readers,
        fence: fence === 0 ? undefined : fence,
        waiting,
      };
    }
  }
  throw unexpected(name, 'read-write-inspect', reply);
}
