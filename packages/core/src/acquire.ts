import { now } from './clock.js';
import type { RedisCommander } from './commander.js';
import type { LocalCoordinator } from './coordinator.js';
import { GiveUp, unlessGivenUp } from './give-up.js';
import type { LockTarget } from './keys.js';
import { HeldLock } from './lock.js';
import type { AcquireSettings } from './options.js';
import type { AcquireReply } from './replies.js';
import { callAcquire, callRelease, type ScriptCall, withinTimeout } from './scripts-call.js';
import { randomToken } from './token.js';
import { Wakeup } from './wakeup.js';

export interface LockContext {
  readonly commander: RedisCommander;
  readonly coordinator: LocalCoordinator;
}

type Unsubscribe = () => Promise<void>;

const ignore = (): void => {};

/**
 * The acquire state machine. With `wait`, it takes its local turn, then tries; while the lock
 * is busy it subscribes to releases (when the commander can; if that fails it polls instead),
 * tries once more (closing the lost-wakeup window), then pauses until the first of: a release, the holder's lease running
 * out, the retry interval (doubling up to maxRetryInterval; straight at maxRetryInterval
 * once subscribed), the give-up signal. Without `wait` it tries once.
 */
export async function acquireLock(
  context: LockContext,
  target: LockTarget,
  settings: AcquireSettings,
  wait: boolean,
): Promise<HeldLock | null> {
  const { commander, coordinator } = context;
  const giveUp = new GiveUp(target.name, settings.acquireTimeout, settings.signal);
  const script: ScriptCall = {
    commander,
    target,
    token: randomToken(),
    replyTimeout: settings.replyTimeout,
  };
  const wakeup = new Wakeup();
  const stopListening = coordinator.onRelease(target.key, wakeup.notify);
  let passTurn: (() => void) | undefined;
  let unsubscribe: Unsubscribe | undefined;
  let canSubscribe = commander.subscribe !== undefined;
  let backoff = settings.retryInterval;
  try {
    if (wait) passTurn = await coordinator.takeTurn(target.key, giveUp.signal);
    for (;;) {
      wakeup.reset();
      const leaseStart = now();
      const reply = await attempt(script, settings, giveUp.signal);
      if (reply.acquired) {
        const onEnd = passTurn;
        passTurn = undefined;
        return new HeldLock({
          script,
          coordinator,
          ttl: settings.ttl,
          leaseStart,
          fence: settings.fencing ? reply.fence : undefined,
          autoExtend: settings.autoExtend,
          onEnd,
        });
      }
      if (!wait) return null;
      if (canSubscribe && commander.subscribe !== undefined) {
        canSubscribe = false;
        const subscribeTo = commander.subscribe.bind(commander);
        try {
          unsubscribe = await subscribe(subscribeTo, script, wakeup, giveUp.signal);
          continue;
        } catch (error) {
          if (giveUp.signal.aborted) throw error;
          // Notifications are only a speed-up: without them, waiting by polling stays correct.
        }
      }
      // Subscribed, a release wakes the waiter: polling is only a safety net for lost messages.
      const ceiling = unsubscribe ? settings.maxRetryInterval : backoff;
      await wakeup.pause(pauseLength(reply.pttl, ceiling, settings.retryJitter), giveUp.signal);
      backoff = Math.min(backoff * 2, settings.maxRetryInterval);
    }
  } finally {
    giveUp.dispose();
    stopListening();
    passTurn?.();
    unsubscribe?.().catch(ignore);
  }
}

/** One run of the acquire script. A success that arrives after giving up is released at once. */
function attempt(
  script: ScriptCall,
  settings: AcquireSettings,
  signal: AbortSignal,
): Promise<AcquireReply> {
  const releaseOrphan = () => callRelease(script).catch(ignore);
  const call = callAcquire(script, settings.ttl, settings.fencing).catch((error: unknown) => {
    // The script may have run even though its reply was lost: take back what it may hold.
    void releaseOrphan();
    throw error;
  });
  return unlessGivenUp(call, signal, (late) => {
    if (late.acquired) void releaseOrphan();
  });
}

async function subscribe(
  subscribeTo: NonNullable<RedisCommander['subscribe']>,
  { target, replyTimeout }: ScriptCall,
  wakeup: Wakeup,
  signal: AbortSignal,
): Promise<Unsubscribe> {
  const subscribing = (async () => subscribeTo(target.channel, wakeup.notify))();
  const live = withinTimeout(subscribing, replyTimeout).then(
    () => subscribing,
    (error: unknown) => {
      // A subscription that goes live after its timeout is ended at once.
      subscribing.then((lateUnsubscribe) => lateUnsubscribe().catch(ignore), ignore);
      throw error;
    },
  );
  return unlessGivenUp(live, signal, (lateUnsubscribe) => void lateUnsubscribe().catch(ignore));
}

/** Until the holder's lease runs out, but never longer than the jittered interval. */
function pauseLength(pttl: number, ceiling: number, retryJitter: number): number {
  const interval = ceiling + Math.floor(Math.random() * (retryJitter + 1));
  // PTTL is -1 for a key without expiry; 0 means it expires within the millisecond.
  return pttl < 0 ? interval : Math.min(Math.max(pttl, 1), interval);
}
