import { now } from './clock.js';
import type { LockContext } from './context.js';
import { LockError, LockTimeoutError } from './errors.js';
import type { LockEvents } from './events.js';
import { GiveUp, unlessGivenUp } from './give-up.js';
import { InFlight } from './in-flight.js';
import type { LockTarget } from './keys.js';
import { leaseEnd } from './lease-end.js';
import type { HeldLock } from './lock.js';
import { type AcquireSettings, MAX_DURATION } from './options.js';
import type { Primitive } from './primitive.js';
import type { Listening } from './release-feed.js';
import { type AcquireReply, handoffFence } from './replies.js';
import type { AttemptMode, ScriptCall } from './scripts-call.js';
import { randomToken } from './token.js';
import { Wakeup } from './wakeup.js';

/** Where a waiter is on its way to a lock. */
export type WaiterState =
  /** Made; nothing sent yet. */
  | 'new'
  /** Waiting for its turn among this process's waiters for the name (not in fair mode). */
  | 'taking-turn'
  /** An acquire attempt is on its way to Redis. */
  | 'asking'
  /** Joining this process's handoff channel for the lock. */
  | 'subscribing'
  /** Paused until a handoff, a release here, the holder's lease, the next poll or the limit. */
  | 'waiting'
  /** It has the lock; the `Lock` handle takes over. */
  | 'holding'
  /** Ended without the lock: busy for a try, a limit, an abort, a Redis error. */
  | 'gave-up';

/** What entitles a waiter to the lock: when its lease began at the latest, its fence. */
interface Grant {
  readonly leaseStart: number;
  readonly fence: number;
  /** A release handed it over, rather than an attempt taking it. */
  readonly handedOver: boolean;
}

/**
 * A poll that found the lock busy: the holder's PTTL, when its reply was in at the latest, and
 * when the pause after it ended (the next attempt went out no earlier).
 */
interface Poll {
  readonly pttl: number;
  readonly repliedBy: number;
  readonly resumedAt: number;
}

const ignore = (): void => {};

/**
 * What Redis's whole-millisecond clock may cost a waiter's deadline: a millisecond where the
 * script sets it, another where a release checks it.
 */
const REDIS_CLOCK_SLACK_MS = 2;

/**
 * How long a waiter's place in the queue outlives its last poll. A subscribed waiter polls
 * every maxRetryInterval (plus jitter); three of those ride out a slow reply or a busy event
 * loop, and bound how long a crashed waiter can stay in line.
 */
function queueLease(settings: AcquireSettings): number {
  return 3 * (settings.maxRetryInterval + settings.retryJitter);
}

/**
 * One acquire call's way to a lock: the engine's state machine, shared by every primitive.
 *
 * `acquire()` takes its local turn (not in fair mode), then tries. While the lock is busy it
 * subscribes to this process's handoff channel for the lock (when the commander can; if that
 * fails it polls instead), tries once more to queue behind the holder (closing the
 * lost-wakeup window), then pauses until the first of: a release handing it the lock, a local
 * release (if not subscribed), the holder's lease running out, the retry interval (doubling up
 * to maxRetryInterval; straight at maxRetryInterval once queued), the give-up signal.
 * `tryAcquire()` tries once. Either way, a waiter that ends without the lock takes back
 * whatever its attempts may have left in Redis.
 */
export class Waiter {
  #state: WaiterState = 'new';
  readonly #context: LockContext;
  readonly #target: LockTarget;
  readonly #settings: AcquireSettings;
  readonly #giveUp: GiveUp;
  /** The commander, keys, token and reply timeout every script of this waiter runs with. */
  readonly #script: ScriptCall;
  /** The same, counting acquire attempts until their outcome is known. */
  readonly #attempts: ScriptCall;
  readonly #wakeup = new Wakeup();
  /** This process's handoff channel for the lock. */
  readonly #channel: string;
  /** Set when a release hands this waiter the lock: the fence it was given. */
  #handedFence: number | undefined;
  #listening: Listening | undefined;
  #canSubscribe: boolean;
  /** Whether the lock is probably held: recent waits here, or an attempt found it so. */
  #busy: boolean;
  #stopLocal: (() => void) | undefined;
  #passTurn: (() => void) | undefined;
  /**
   * Redis may hold something of this token to take back if it ends without a lock: a place in
   * the queue, a lock handed over meanwhile, or whatever an attempt that failed did before.
   */
  #leftovers = false;
  #backoff: number;
  /** What this waiter's last poll found, to tell a new lease from the same one still running. */
  #lastPoll: Poll | undefined;
  /** Where this call's events go; undefined when no one listens. */
  readonly #events: LockEvents | undefined;
  /** Acquire scripts sent, and when the call began, for its events. */
  #attemptCount = 0;
  #startedAt = 0;
  #grantedBy: 'handoff' | 'attempt' | undefined;
  #saidQueued = false;

  readonly #primitive: Primitive;

  constructor(
    context: LockContext,
    target: LockTarget,
    settings: AcquireSettings,
    primitive: Primitive,
    events?: LockEvents,
  ) {
    this.#context = context;
    this.#primitive = primitive;
    this.#events = events;
    this.#target = target;
    this.#settings = settings;
    this.#giveUp = new GiveUp(target.name, settings.acquireTimeout, settings.signal);
    this.#script = {
      commander: context.commander,
      target,
      token: randomToken(),
      replyTimeout: settings.replyTimeout,
    };
    this.#attempts = { ...this.#script, inFlight: new InFlight() };
    this.#channel = context.feed.channelFor(target.channel);
    this.#backoff = settings.retryInterval;
    this.#canSubscribe = context.feed.available;
    this.#busy = false;
  }

  get state(): WaiterState {
    return this.#state;
  }

  /** Waits for the lock. Rejects on the limit, an abort or a Redis error, holding nothing. */
  async acquire(): Promise<HeldLock> {
    // A subscription still open from an earlier wait: listen before the first attempt, so
    // that it can queue at once.
    if (this.#context.feed.isLive(this.#channel)) this.#subscribe(this.#listen());
    return (await this.#run(true)) as HeldLock;
  }

  /** One attempt: the lock, or `null` when someone holds it. */
  tryAcquire(): Promise<HeldLock | null> {
    return this.#run(false);
  }

  get #subscribed(): boolean {
    return this.#listening !== undefined;
  }

  async #run(wait: boolean): Promise<HeldLock | null> {
    const { coordinator } = this.#context;
    const key = this.#target.key;
    let held: HeldLock | undefined;
    let failure: unknown;
    if (this.#events) {
      this.#startedAt = now();
      this.#events.emit('acquire-started', { wait });
    }
    try {
      if (this.#giveUp.aborted) throw this.#giveUp.reason; // aborted already: send nothing
      if (wait && this.#primitive.localTurns && !this.#settings.fair) {
        this.#state = 'taking-turn';
        this.#passTurn = coordinator.turnIfFree(key);
        if (this.#passTurn === undefined) {
          this.#queued(); // behind another waiter or holder of this process
          this.#passTurn = await coordinator.takeTurn(key, this.#giveUp);
        }
      }
      for (;;) {
        const sentAt = now();
        const reply = await this.#ask(wait);
        // Held, maybe handed over before the lease we were told about: it began no earlier
        // than we asked. Or handed over while this attempt was in flight.
        let grant = reply.acquired
          ? {
              leaseStart: sentAt - this.#leaseSpent(reply.pttl),
              fence: reply.fence,
              handedOver: false,
            }
          : this.#handedOver(sentAt);
        if (grant === undefined) {
          if (!wait) return null;
          this.#queued();
          if (this.#canSubscribe) {
            this.#canSubscribe = false; // one try per acquire
            if (await this.#joinFeed()) continue; // try again, now queueing
          }
          await this.#pause(reply.pttl);
          grant = this.#handedOver(sentAt);
        }
        held = grant && this.#hold(grant);
        if (held) return held;
        if (grant && !grant.handedOver) await this.#giveBack();
      }
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      if (this.#events) this.#report(held, failure);
      this.#state = held ? 'holding' : 'gave-up';
      this.#giveUp.dispose();
      this.#stopLocal?.();
      this.#listening?.stop();
      this.#passTurn?.();
      if (!held && (this.#leftovers || this.#attempts.inFlight?.busy)) this.#leaveEmptyHanded();
    }
  }

  /** One run of the acquire script; rejects at once if the waiter gives up meanwhile. */
  async #ask(wait: boolean): Promise<AcquireReply> {
    this.#state = 'asking';
    this.#wakeup.reset();
    const settings = this.#settings;
    const subscribed = this.#subscribed;
    // Only a waiter that hears releases joins the queue, or a handed-over lock would sit idle
    // until its next poll; fair mode queues everyone, fairness first.
    const join = wait && (subscribed || settings.fair);
    const sharded = this.#context.commander.shardedPubSub === true;
    const mode: AttemptMode = {
      ttl: settings.ttl,
      fencing: settings.fencing,
      fair: settings.fair,
      join,
      waitFor: join ? this.#handoffWindow() : 0,
      hear: subscribed ? (sharded ? 'spublish' : 'publish') : 'poll',
      channel: subscribed ? this.#channel : '',
      queueFor: queueLease(settings),
      seen: this.#leftovers,
      busy: this.#busy,
    };
    this.#leftovers ||= join;
    this.#attemptCount++;
    const sentAt = now();
    const sent = this.#primitive.acquire(this.#attempts, mode).catch((error: unknown) => {
      this.#leftovers = true; // the script may have run even though its reply was lost
      throw error;
    });
    const reply = await unlessGivenUp(sent, this.#giveUp, ignore);
    this.#context.roundTrips.observe(now() - sentAt);
    this.#busy = true; // any further attempt finds it held, most likely
    return reply;
  }

  /** Until the next attempt is due, a handoff arrives, a release here, or the waiter gives up. */
  async #pause(pttl: number): Promise<void> {
    this.#state = 'waiting';
    const { coordinator } = this.#context;
    const settings = this.#settings;
    if (!this.#subscribed) {
      this.#stopLocal ??= coordinator.onRelease(this.#target.key, this.#wakeup.notify);
    }
    const repliedBy = now();
    if (!this.#subscribed) this.#adjustBackoff(pttl);
    const ceiling = this.#subscribed ? settings.maxRetryInterval : this.#pollCeiling();
    await this.#wakeup.pause(pauseLength(pttl, ceiling, settings.retryJitter), this.#giveUp);
    // An attempt sent now might reach Redis only after the limit and take the lock for a
    // waiter that has given up: wait for a handoff or the limit instead.
    while (this.#handedFence === undefined && this.#tooLateToAsk()) {
      this.#wakeup.reset();
      await this.#wakeup.pause(MAX_DURATION, this.#giveUp);
    }
    this.#lastPoll = { pttl, repliedBy, resumedAt: now() };
  }

  /**
   * Sets the next polling interval from what this poll found against the last one. While the
   * same lease runs on, the interval doubles up to maxRetryInterval: a long holder costs few
   * requests. When the lock has changed hands since the last poll, it halves down to
   * retryInterval: a lock that is released and taken again often is likely free again soon,
   * and a waiter that slept the full interval would leave it idle or to whoever asks first.
   * The first pause is retryInterval.
   */
  #adjustBackoff(pttl: number): void {
    const last = this.#lastPoll;
    if (last === undefined) return;
    const { retryInterval, maxRetryInterval } = this.#settings;
    // Redis ran the last poll before its reply was in and this one after it was sent: at
    // least that much of one lease has passed in between.
    const elapsed = Math.max(0, last.resumedAt - last.repliedBy);
    this.#backoff = changedHands(last.pttl, pttl, elapsed)
      ? Math.max(retryInterval, Math.floor(this.#backoff / 2))
      : Math.min(this.#backoff * 2, maxRetryInterval);
  }

  /**
   * The longest pause of a waiter that polls. Queued (fair mode), it learns that a release
   * handed it the lock only at its next poll, while that lease runs: it polls at least every
   * third of the lease, so that the lock is found in time rather than left to lapse.
   */
  #pollCeiling(): number {
    const { fair, ttl } = this.#settings;
    if (!fair || !Number.isFinite(ttl)) return this.#backoff;
    return Math.min(this.#backoff, Math.max(1, Math.floor(ttl / 3)));
  }

  readonly #onMessage = (message: string): void => {
    // Handoffs to other waiters of this process share the channel: not for this one.
    const fence = handoffFence(message, this.#script.token);
    if (fence === undefined) return;
    this.#handedFence = fence;
    this.#wakeup.notify();
  };

  #listen(): Listening {
    return this.#context.feed.listen(this.#channel, this.#onMessage, this.#settings.replyTimeout);
  }

  #subscribe(listening: Listening): void {
    this.#listening = listening;
    this.#canSubscribe = false;
    this.#busy = true;
  }

  /** Listens on this process's handoff channel; false if that cannot be had. */
  async #joinFeed(): Promise<boolean> {
    this.#state = 'subscribing';
    const joining = this.#listen();
    try {
      await unlessGivenUp(joining.live, this.#giveUp, ignore);
    } catch (error) {
      joining.stop();
      if (this.#giveUp.aborted) throw error;
      // Notifications are only a speed-up: without them, waiting by polling stays correct.
      return false;
    }
    this.#subscribe(joining);
    return true;
  }

  /** A handoff heard since the attempt sent at `sentAt`, which ran before it. */
  #handedOver(sentAt: number): Grant | undefined {
    const fence = this.#handedFence;
    return fence === undefined ? undefined : { leaseStart: sentAt, fence, handedOver: true };
  }

  /**
   * The lock, unless its lease may already have run out by our conservative estimate (a reply
   * or a handoff message slower than the lease, less the margin `leaseEnd` keeps): then
   * undefined, and the waiter asks Redis again rather than hand out a lock that may already
   * belong to someone else (giving back first a lock an attempt of its own took that late).
   */
  #hold({ leaseStart, fence, handedOver }: Grant): HeldLock | undefined {
    const settings = this.#settings;
    if (leaseEnd(leaseStart, settings.ttl) <= now()) {
      this.#handedFence = undefined;
      this.#leftovers = true;
      return undefined;
    }
    const passTurn = this.#passTurn;
    this.#passTurn = undefined;
    this.#grantedBy = handedOver ? 'handoff' : 'attempt';
    const { coordinator } = this.#context;
    const key = this.#target.key;
    return this.#primitive.hold({
      script: this.#script,
      settings,
      leaseStart,
      fence: settings.fencing ? fence : undefined,
      scripts: this.#primitive,
      events: this.#events,
      onEnd: () => {
        passTurn?.();
        coordinator.released(key);
      },
    });
  }

  /**
   * Gives back a lock that Redis holds for this waiter with too little of its lease left to
   * use (its reply came nearly a lease late): the release hands it to the next waiter at once,
   * where asking again would find it held for this waiter, over and over, until it ran out.
   */
  async #giveBack(): Promise<void> {
    this.#state = 'asking';
    await unlessGivenUp(this.#primitive.release(this.#script, true), this.#giveUp, ignore);
  }

  /** Emits `queued` the first time this call has to wait. */
  #queued(): void {
    if (this.#events === undefined || this.#saidQueued) return;
    this.#saidQueued = true;
    this.#events.emit('queued', {});
  }

  /** Emits how the call ended: with the lock, busy, on its limit, aborted, or on an error. */
  #report(held: HeldLock | undefined, failure: unknown): void {
    const events = this.#events as LockEvents;
    const waited = now() - this.#startedAt;
    const attempts = this.#attemptCount;
    if (held) {
      const handedOver = this.#grantedBy === 'handoff';
      events.emit('acquired', { waited, handedOver, attempts, fence: held.fence });
    } else if (failure === undefined) {
      events.emit('busy', { waited });
    } else if (this.#giveUp.aborted && failure === this.#giveUp.reason) {
      if (failure instanceof LockTimeoutError) events.emit('timed-out', { waited, attempts });
      else events.emit('aborted', { waited, reason: failure });
    } else if (failure instanceof LockError) {
      events.emit('redis-error', { operation: 'acquire', error: failure, waited });
    }
  }

  /**
   * Takes back whatever this token may hold (a place in the queue, a lock handed over or taken
   * by an attempt whose reply never came): at once, and again once every attempt sent has
   * settled, since one still on its way may run in Redis after the first clean-up.
   */
  #leaveEmptyHanded(): void {
    const inFlight = this.#attempts.inFlight;
    const cleanUp = () => void this.#primitive.release(this.#script, true).catch(ignore);
    cleanUp();
    if (inFlight?.busy) inFlight.whenSettled(cleanUp);
  }

  /**
   * How long from when Redis runs an attempt the waiter may still be handed the lock: the
   * time it has left, less what the request may spend on the way there (a recent round trip)
   * and REDIS_CLOCK_SLACK_MS, so that Redis never hands the lock over
   * after the waiter gave up; and only until shortly after its next poll is due (each poll
   * renews it), so that a waiter that crashed is skipped.
   */
  #handoffWindow(): number {
    const left =
      this.#giveUp.deadline - now() - this.#context.roundTrips.estimate - REDIS_CLOCK_SLACK_MS;
    return Math.max(1, Math.floor(Math.min(left, queueLease(this.#settings))));
  }

  /**
   * Whether a request sent now may reach Redis after the waiter's limit, or leave it a
   * handoff window under a millisecond.
   */
  #tooLateToAsk(): boolean {
    const slack = this.#context.roundTrips.estimate + REDIS_CLOCK_SLACK_MS + 1;
    return this.#giveUp.deadline - now() < slack;
  }

  /** How much of the lease had passed when `pttl` was left (0 if it never expires). */
  #leaseSpent(pttl: number): number {
    const { ttl } = this.#settings;
    return pttl < 0 || !Number.isFinite(ttl) ? 0 : Math.max(0, ttl - pttl);
  }
}

/**
 * Whether the lock found busy with `pttl` is under another lease than the one found `before`
 * at least `elapsed` ms earlier (Redis's PTTL: -2 free, -1 no expiry): released and taken
 * again, or renewed, in between. The same lease has at most `before - elapsed` left, to the
 * millisecond PTTL is rounded to.
 */
export function changedHands(before: number, pttl: number, elapsed: number): boolean {
  if (pttl === -2 || before === -2) return true;
  if (pttl === -1 || before === -1) return pttl !== before;
  return pttl > before - elapsed + 1;
}

/** Until the holder's lease runs out, but never longer than the jittered interval. */
function pauseLength(pttl: number, ceiling: number, retryJitter: number): number {
  const interval = ceiling + Math.floor(Math.random() * (retryJitter + 1));
  // PTTL is -1 for a key without expiry; 0 means it expires within the millisecond.
  return pttl < 0 ? interval : Math.min(Math.max(pttl, 1), interval);
}
