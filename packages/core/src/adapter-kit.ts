import type { LockScript, RedisCommander } from './commander.js';
import { lock, type SeedLock } from './seed.js';

// Small pieces every adapter needs, kept here so that each adapter stays one screen.

/** Redis says NOSCRIPT; Valkey GLIDE names its own error kind instead ("NoScriptError: ..."). */
const isNoScript = (error: unknown) =>
  error instanceof Error && /NOSCRIPT|NoScriptError/.test(error.message);

/**
 * Runs `script` by its SHA1 and, if the server does not have it cached (NOSCRIPT: a restart,
 * SCRIPT FLUSH, another Cluster node), by its source, which caches it again.
 */
export function evalCached<T>(
  script: LockScript,
  bySha: (sha1: string) => Promise<T>,
  bySource: (source: string) => Promise<T>,
): Promise<T> {
  // Not an async function: one promise fewer on every lock operation's path.
  return bySha(script.sha1).catch((error: unknown) => {
    if (!isNoScript(error)) throw error;
    return bySource(script.source);
  });
}

/**
 * The arguments after `SET` for `RedisCommander.setIfAbsent`, for a client that sends raw
 * commands: `key value NX`, plus `PX lease` when there is one. Redis answers OK or nil.
 */
export function setIfAbsentArgs(key: string, value: string, lease: number | undefined): string[] {
  return lease === undefined ? [key, value, 'NX'] : [key, value, 'NX', 'PX', String(lease)];
}

/**
 * `simple-redis-mutex`'s `lock(client, name, options)` for one kind of client: each client
 * gets one commander, made on first use and kept as long as the client lives.
 */
export function seedLockFor<Client extends object>(
  toCommander: (client: Client) => RedisCommander,
): SeedLock<Client> {
  const commanders = new WeakMap<Client, RedisCommander>();
  return async (client, lockName, options) => {
    let commander = commanders.get(client);
    if (commander === undefined) {
      commander = toCommander(client);
      commanders.set(client, commander);
    }
    return lock(commander, lockName, options);
  };
}
