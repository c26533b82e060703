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
 * The fence a handoff message gives `token`, or undefined when the message is for another
 * waiter of this process (they share the channel) or is not a handoff at all.
 */
export function handoffFence(message: string, token: string): number | undefined {
  if (!message.startsWith(`${token}:`)) return undefined;
  return toInteger(message.slice(token.length + 1));
}

/** Release and extend answer 1 (this token held the lock) or 0. */
export function parseHeldReply(lockName: string, script: string, reply: unknown): boolean {
  const flag = toInteger(reply);
  if (flag === 1 || flag === 0) return flag === 1;
  throw unexpected(lockName, script, reply);
}
