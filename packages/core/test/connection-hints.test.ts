import { describe, expect, it } from 'vitest';
import { explainConnectionError } from '../src/adapter.js';
import { LockRedisError } from '../src/index.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('explainConnectionError', () => {
  it.each([
    ['ECONNREFUSED', /is Redis running there, and are the host and port right\?/],
    ['ENOTFOUND', /host name does not resolve: check the host/],
    ['EAI_AGAIN', /DNS did not answer/],
    ['ETIMEDOUT', /did not answer: check the host, the port and any firewall/],
    ['ECONNRESET', /want TLS \(rediss:\/\/\)/],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', /self-signed: give the client its CA/],
  ])('%s: says what it means and what to do, after the transport message', (code, hint) => {
    const explained = explainConnectionError(withCode(`connect ${code} 10.0.0.1:6379`, code));
    expect(explained).toMatch(new RegExp(`^connect ${code} 10\\.0\\.0\\.1:6379: `));
    expect(explained).toMatch(hint);
  });

  it("looks into fetch's generic error for the cause", () => {
    const fetchFailed = new TypeError('fetch failed', {
      cause: withCode('getaddrinfo ENOTFOUND redis.example', 'ENOTFOUND'),
    });
    expect(explainConnectionError(fetchFailed)).toMatch(
      /^getaddrinfo ENOTFOUND redis\.example: the host name does not resolve/,
    );
  });

  it('knows nothing of other errors', () => {
    expect(explainConnectionError(new Error('ERR unknown command'))).toBeUndefined();
    expect(explainConnectionError(withCode('odd', 'EWHATEVER'))).toBeUndefined();
    expect(explainConnectionError(undefined)).toBeUndefined();
    expect(explainConnectionError('ECONNREFUSED')).toBeUndefined();
  });
});

describe('LockRedisError', () => {
  it.each([
    ['WRONGPASS invalid username-password pair or user is disabled.', /check the password/],
    ['NOAUTH Authentication required.', /check the password \(and ACL user name\)/],
    ['ERR Protocol error: unauthenticated multibulk length', /check the password/],
    ['NOPERM User locker has no permissions to run the evalsha command', /grant it the commands/],
    ["READONLY You can't write against a read only replica.", /connect it to the primary/],
  ])('adds what to do to Redis\'s "%s"', (said, hint) => {
    const error = new LockRedisError('job', 'acquire', new Error(said));
    expect(error.message).toContain(said);
    expect(error.message).toMatch(hint);
  });

  it('adds nothing to an error it has no advice for', () => {
    expect(new LockRedisError('job', 'release', new Error('ERR something else')).message).toBe(
      'Lock "job": Redis failed during release: ERR something else',
    );
  });

  it('names a transport error that has no message by its class', () => {
    class TimeoutError extends Error {}
    expect(new LockRedisError('job', 'acquire', new TimeoutError()).message).toBe(
      'Lock "job": Redis failed during acquire: TimeoutError',
    );
  });
});
