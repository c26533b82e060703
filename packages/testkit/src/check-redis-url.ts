import { explainConnectionError } from '@mutex/core/adapter';
import { Redis } from 'ioredis';

/** `url` for a message: its password, if any, masked. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(not a URL)';
  }
}

/**
 * Connects to the Redis at `url` once, without retrying, and PINGs it. Throws, within
 * `timeout` ms, an error naming REDIS_URL, what went wrong and what to do, rather than leaving
 * the caller to a client that retries for ever and logs each attempt.
 */
export async function checkRedisUrl(url: string, timeout = 3_000): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeout,
    commandTimeout: timeout,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // connect() rejects with only "Connection is closed."; the reason comes as an event.
  let reason: unknown;
  client.on('error', (error: unknown) => {
    reason ??= error;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (rejection) {
    const error = reason ?? rejection;
    const said = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
    const why =
      explainConnectionError(error) ??
      (/NOAUTH|WRONGPASS/.test(said) ? `${said}: check the user and password in REDIS_URL` : said);
    throw new Error(
      `REDIS_URL=${withoutPassword(url)} cannot be used: ${why} (or unset REDIS_URL to start a throwaway Redis)`,
      { cause: error },
    );
  } finally {
    client.disconnect();
  }
}
