import { now } from './clock.js';
import type { LockContext } from './context.js';
import { GiveUp, unlessGivenUp } from './give-up.js';
import { InFlight } from './in-flight.js';
import type { LockTarget } from './keys.js';
import { HeldLock } from './lock.js';
import { type AcquireSettings, MAX_DURATION } from './options.js';
import type { Listening } from './release-feed.js';
import type { RoundTrips } from './round-trips.js';
import { type AttemptMode, callAcquire, callRelease, type ScriptCall } from './scripts-call.js';
import { randomToken } from './token.js';
import { Wakeup } from './wakeup.js';

/** What entitles this waiter to the lock: when its lease began at the latest, its fence. */
interface Grant {
  readonly leaseStart: number;
  readonly fence: number;
}

const ignore = (): void => {};

/**
 * How long a waiter's queue entry outlives its last poll. A subscribed waiter polls every
 * maxRetryInterval (plus jitter); three of those ride out a slow reply or a busy event loop,
 * and bound how long a crashed waiter can stay in line.
 */
function queueLease(settings: AcquireSettings): number {
  return 3 * (settings.maxRetryInterval + settings.retryJitter);
}

/**
 * The acquire state machine. With `wait`, it takes its local turn (not in fair mode), then
 * tries. While the lock is busy it subscribes to this process's handoff channel for the lock
 * (when the commander can; if that fails it polls instead), tries once more to queue behind
 * the holder (closing the lost-wakeup window), then pauses until the first of: a release
 * handing it the lock, a local release (if not subscribed), the holder's lease running out, the retry interval
 * (doubling up to maxRetryInterval; straight at maxRetryInterval once queued), the give-up
 * signal. Without `wait` it tries once.
 */
export async function acquireLock(
  context: LockContext,
  target: LockTarget,
  settings: AcquireSettings,
  wait: boolean,
): Promise<HeldLock | null> {
  const { commander, coordinator, feed } = context;
  const giveUp = new GiveUp(target.name, settings.acquireTimeout, settings.signal);
  const script: ScriptCall = {
    commander,
    target,
    token: randomToken(),
    replyTimeout: settings.replyTimeout,
  };
  /** The acquire attempts sent, counted until their outcome is known. */
  const attempts: ScriptCall = { ...script, inFlight: new InFlight() };
  const wakeup = new Wakeup();
  /** Set when a release hands this waiter the lock: the fence it was given. */
  let handedFence: number | undefined;
  const handoffPrefix = `${script.token}:`;
  const onMessage = (message: string) => {
    // Handoffs to other waiters of this process share the channel: not for this one.
    if (!message.startsWith(handoffPrefix)) return;
    handedFence = Number(message.slice(handoffPrefix.length));
    wakeup.notify();
  };
  /** A handoff heard since the attempt sent at `sentAt`, which ran before it. */
  const handedOver = (sentAt: number): Grant | undefined =>
    handedFence === undefined ? undefined : { leaseStart: sentAt, fence: handedFence };
  const ownChannel = feed.channelFor(target.channel);
  let listening: Listening | undefined;
  // A subscription still open from an earlier wait: listen before the first attempt, so that
  // it can queue at once.
  if (wait && feed.isLive(ownChannel)) {
    listening = feed.listen(ownChannel, onMessage, settings.replyTimeout);
  }
  let subscribed = listening !== undefined;
  /** Whether the lock is probably held: recent waits here, or an attempt found it so. */
  let busy = subscribed;
  let canSubscribe = feed.available && !subscribed;
  let stopLocal: (() => void) | undefined;
  let passTurn: (() => void) | undefined;
  /**
   * Redis may hold something of this token to take back if we end without a lock: a queue
   * entry, a lock handed over meanwhile, or whatever an attempt that failed did before.
   */
  let leftovers = false;
  let held: HeldLock | undefined;
  let backoff = settings.retryInterval;
  /**
   * The lock, unless its lease may already have run out by our conservative estimate (a reply
   * or a handoff message slower than the lease): then undefined, and the caller asks Redis
   * again rather than hand out a lock that may already belong to someone else.
   */
  const hold = ({ leaseStart, fence }: Grant): HeldLock | undefined => {
    if (leaseStart + settings.ttl <= now()) {
      handedFence = undefined;
      leftovers = true;
      return undefined;
    }
    const onEnd = passTurn;
    passTurn = undefined;
    held = new HeldLock({
      script,
      coordinator,
      ttl: settings.ttl,
      leaseStart,
      fence: settings.fencing ? fence : undefined,
      autoExtend: settings.autoExtend,
      onEnd,
    });
    return held;
  };
  /** Listens on this process's handoff channel; undefined if that cannot be had. */
  const joinFeed = async (): Promise<Listening | undefined> => {
    const joining = feed.listen(ownChannel, onMessage, settings.replyTimeout);
    try {
      await unlessGivenUp(joining.live, giveUp, ignore);
      return joining;
    } catch (error) {
      joining.stop();
      if (giveUp.aborted) throw error;
      // Notifications are only a speed-up: without them, waiting by polling stays correct.
      return undefined;
    }
  };
  try {
    if (giveUp.aborted) throw giveUp.reason; // a caller's signal aborted already: send nothing
    if (wait && !settings.fair) {
      passTurn =
        coordinator.turnIfFree(target.key) ?? (await coordinator.takeTurn(target.key, giveUp));
    }
    for (;;) {
      wakeup.reset();
      const sentAt = now();
      // Only a waiter that hears releases joins the queue, or a handed-over lock would sit
      // idle until its next poll; fair mode queues everyone, fairness first.
      const join = wait && (subscribed || settings.fair);
      const mode: AttemptMode = {
        ttl: settings.ttl,
        fencing: settings.fencing,
        fair: settings.fair,
        join,
        waitFor: join ? handoffWindow(giveUp, settings, context.roundTrips) : 0,
        hear: subscribed ? (commander.shardedPubSub === true ? 'spublish' : 'publish') : 'poll',
        channel: subscribed ? ownChannel : '',
        queueFor: queueLease(settings),
        seen: leftovers,
        busy,
      };
      leftovers ||= join;
      const reply = await unlessGivenUp(
        callAcquire(attempts, mode).catch((error: unknown) => {
          leftovers = true; // the script may have run even though its reply was lost
          throw error;
        }),
        giveUp,
        ignore,
      );
      context.roundTrips.observe(now() - sentAt);
      busy = true; // any further attempt finds it held, most likely
      // Held, maybe handed over before the lease we were told about: it began no earlier
      // than we asked. Or handed over while this attempt was in flight.
      let grant = reply.acquired
        ? { leaseStart: sentAt - leaseSpent(settings.ttl, reply.pttl), fence: reply.fence }
        : handedOver(sentAt);
      if (grant === undefined) {
        if (!wait) return null;
        if (canSubscribe) {
          canSubscribe = false; // one try per acquire
          listening = await joinFeed();
          subscribed = listening !== undefined;
          if (subscribed) continue; // try again, now queueing
        }
        if (!subscribed) stopLocal ??= coordinator.onRelease(target.key, wakeup.notify);
        const ceiling = subscribed ? settings.maxRetryInterval : backoff;
        await wakeup.pause(pauseLength(reply.pttl, ceiling, settings.retryJitter), giveUp);
        backoff = Math.min(backoff * 2, settings.maxRetryInterval);
        // An attempt sent now might reach Redis only after the limit and take the lock for a
        // waiter that has given up: wait for a handoff or the limit instead.
        while (handedFence === undefined && tooLateToAsk(giveUp, context.roundTrips)) {
          wakeup.reset();
          await wakeup.pause(MAX_DURATION, giveUp);
        }
        grant = handedOver(sentAt);
      }
      const lock = grant && hold(grant);
      if (lock) return lock;
    }
  } finally {
    giveUp.dispose();
    stopLocal?.();
    listening?.stop();
    passTurn?.();
    if (held === undefined && (leftovers || attempts.inFlight?.busy)) leaveEmptyHanded(attempts);
  }
}

/**
 * Takes back whatever this token may hold (a queue entry, a lock handed over or taken by an
 * attempt whose reply never came): at once, and again once every attempt sent has settled,
 * since one still on its way may run in Redis after the first clean-up.
 */
function leaveEmptyHanded(attempts: ScriptCall): void {
  const { inFlight, ...script } = attempts;
  const cleanUp = () => void callRelease(script, true).catch(ignore);
  cleanUp();
  if (inFlight?.busy) inFlight.whenSettled(cleanUp);
}

/**
 * How long from when Redis runs an attempt the waiter may still be handed the lock: the time
 * it has left, less what the request may spend on the way there (a recent round trip, and a
 * millisecond for the clocks' granularity), so that Redis never hands the lock over after the
 * waiter gave up; and only until shortly after its next poll is due (each poll renews it), so
 * that a waiter that crashed is skipped.
 */
function handoffWindow(giveUp: GiveUp, settings: AcquireSettings, roundTrips: RoundTrips): number {
  const left = giveUp.deadline - now() - roundTrips.estimate - 1;
  return Math.max(1, Math.floor(Math.min(left, queueLease(settings))));
}

/** Whether a request sent now may reach Redis after the waiter's limit. */
function tooLateToAsk(giveUp: GiveUp, roundTrips: RoundTrips): boolean {
  return giveUp.deadline - now() < roundTrips.estimate + 2;
}

/** How much of a lease of `ttl` had passed when `pttl` was left (0 if it never expires). */
function leaseSpent(ttl: number, pttl: number): number {
  return pttl < 0 || !Number.isFinite(ttl) ? 0 : Math.max(0, ttl - pttl);
}

/** Until the holder's lease runs out, but never longer than the jittered interval. */
function pauseLength(pttl: number, ceiling: number, retryJitter: number): number {
  const interval = ceiling + Math.floor(Math.random() * (retryJitter + 1));
  // PTTL is -1 for a key without expiry; 0 means it expires within the millisecond.
  return pttl < 0 ? interval : Math.min(Math.max(pttl, 1), interval);
}
