import { now } from './clock.js';
import type { LockContext } from './context.js';
import { LockNotHeldError } from './errors.js';
import type { LockEvents } from './events.js';
import { reportingRedisErrors } from './events.js';
import type { LockTarget } from './keys.js';
import { HeldLock } from './lock.js';
import { type AcquireSettings, describeValue } from './options.js';
import { MUTEX } from './primitive.js';
import { callResume } from './scripts-call.js';
import { randomToken } from './token.js';

const TOKEN = /^[0-9a-f]{32}$/;

/**
 * A handle for a lock that another handle (often in another process) holds by `token`. In
 * one script, if Redis still holds the lock by that token, it moves to a fresh token with this
 * handle's lease: the new handle extends, releases and renews it, and the old one finds at its
 * next renewal that it no longer holds it.
 */
export async function resumeLock(
  context: LockContext,
  target: LockTarget,
  token: unknown,
  settings: AcquireSettings,
  events?: LockEvents,
): Promise<HeldLock> {
  if (typeof token !== 'string' || !TOKEN.test(token)) {
    // Not shown: a mistyped token may be close to a real one.
    const what = typeof token === 'string' ? `${token.length} characters` : describeValue(token);
    throw new TypeError(
      `resume needs a lock's token (32 hex digits, from lock.token), got ${what}`,
    );
  }
  const script = {
    commander: context.commander,
    target,
    token: randomToken(),
    replyTimeout: settings.replyTimeout,
  };
  const sentAt = now();
  const moving = callResume(script, token, settings.ttl);
  if (!(await reportingRedisErrors(events, 'resume', moving)))
    throw new LockNotHeldError(target.name);
  events?.emit('resumed', {});
  return new HeldLock({
    script,
    settings,
    leaseStart: sentAt,
    fence: undefined,
    scripts: MUTEX,
    events,
    onEnd: () => context.coordinator.released(target.key),
  });
}
