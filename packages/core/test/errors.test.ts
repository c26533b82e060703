import { describe, expect, it } from 'vitest';
import {
  isLockError,
  isLockLostError,
  isLockRedisError,
  isLockReleasedError,
  isLockReplyError,
  isLockTimeoutError,
  isReplyTimeoutError,
  LockError,
  LockLostError,
  LockRedisError,
  LockReleasedError,
  LockReplyError,
  LockTimeoutError,
  ReplyTimeoutError,
} from '../src/index.js';

const made = () => ({
  timeout: new LockTimeoutError('job', 100),
  lost: new LockLostError('job', 'not-held', 1000),
  released: new LockReleasedError('job'),
  redis: new LockRedisError('job', 'acquire', new ReplyTimeoutError(50)),
  reply: new LockReplyError('job', 'acquire', ['?']),
  replyTimeout: new ReplyTimeoutError(50),
});

describe('errors', () => {
  it('each carries a stable code', () => {
    const codes = Object.fromEntries(Object.entries(made()).map(([k, e]) => [k, e.code]));
    expect(codes).toEqual({
      timeout: 'MUTEX_TIMEOUT',
      lost: 'MUTEX_LOST',
      released: 'MUTEX_RELEASED',
      redis: 'MUTEX_REDIS',
      reply: 'MUTEX_UNEXPECTED_REPLY',
      replyTimeout: 'MUTEX_REPLY_TIMEOUT',
    });
    expect(new LockError('job', 'x').code).toBe('MUTEX_ERROR');
  });

  it('guards and instanceof tell the kinds apart', () => {
    const { timeout, lost, released, redis, reply, replyTimeout } = made();
    expect([timeout, lost, released, redis, reply].every(isLockError)).toBe(true);
    expect([timeout, lost, released, redis, reply].every((e) => e instanceof LockError)).toBe(true);
    expect([isLockError(replyTimeout), replyTimeout instanceof LockError]).toEqual([false, false]);
    expect([isLockTimeoutError(timeout), isLockTimeoutError(lost)]).toEqual([true, false]);
    expect([timeout instanceof LockTimeoutError, lost instanceof LockTimeoutError]).toEqual([
      true,
      false,
    ]);
    expect([isLockLostError(lost), isLockReleasedError(released), isLockRedisError(redis)]).toEqual(
      [true, true, true],
    );
    expect([isLockReplyError(reply), isReplyTimeoutError(redis.cause)]).toEqual([true, true]);
    expect(replyTimeout instanceof ReplyTimeoutError && replyTimeout instanceof Error).toBe(true);
    // Look-alikes from elsewhere are not taken for ours.
    const impostor = Object.assign(new Error('x'), { code: 'MUTEX_TIMEOUT' });
    expect([isLockTimeoutError(impostor), impostor instanceof LockTimeoutError]).toEqual([
      false,
      false,
    ]);
    expect([isLockError(null), isLockError('MUTEX_TIMEOUT'), isLockError({})]).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('a Redis error never repeats a lock token, and keeps the transport message short', () => {
    const token = 'a'.repeat(32);
    const cause = new Error(
      `ERR failed: ["evalsha","${'b'.repeat(40)}","${token}"] ${'x'.repeat(500)}`,
    );
    const error = new LockRedisError('job', 'acquire', cause);
    expect(error.message).not.toContain(token);
    expect(error.message).toContain('<token>');
    expect(error.message).toContain('b'.repeat(40)); // a script's SHA1 is no secret
    expect(error.message.length).toBeLessThan(400);
    expect(error.cause).toBe(cause);
  });

  it('work across two copies of the library (an ESM and a CJS build, two versions)', async () => {
    // The query makes Vite load the module a second time: other classes, same codes.
    const second: string = '../src/errors.js?second-copy';
    const copy = (await import(second)) as typeof import('../src/errors.js');
    const theirs = new copy.LockTimeoutError('job', 100);
    expect(copy.LockTimeoutError).not.toBe(LockTimeoutError);
    expect(theirs instanceof LockTimeoutError).toBe(true);
    expect(theirs instanceof LockError).toBe(true);
    expect(isLockTimeoutError(theirs)).toBe(true);
    expect(new LockLostError('job', 'not-held', 1) instanceof copy.LockLostError).toBe(true);
    expect(copy.isLockRedisError(new LockRedisError('job', 'release', 'x'))).toBe(true);
  });
});
