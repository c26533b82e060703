import type { RedisCommander } from './commander.js';
import { type LockOperation, LockRedisError, LockReplyError, ReplyTimeoutError } from './errors.js';
import type { InFlight } from './in-flight.js';
import type { LockTarget } from './keys.js';
import {
  type AcquireReply,
  type LockInfo,
  parseAcquireReply,
  parseHeldReply,
  parseInspectReply,
} from './replies.js';
import {
  ACQUIRE_SCRIPT,
  EXTEND_SCRIPT,
  INSPECT_SCRIPT,
  RELEASE_SCRIPT,
  RESUME_SCRIPT,
} from './scripts.js';

/** Redis wants a lease as whole milliseconds; '0' tells the scripts "never expires". */
export function leaseArg(ttl: number): string {
  return Number.isFinite(ttl) ? String(ttl) : '0';
}

/**
 * Settles like `reply`, or rejects with a `ReplyTimeoutError` after `replyTimeout` ms, naming
 * what `commander` says is wrong with its connection.
 */
export function withinTimeout<T>(
  reply: Promise<T>,
  replyTimeout: number,
  commander?: RedisCommander,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timedOut = () =>
      reject(new ReplyTimeoutError(replyTimeout, commander?.connectionProblem?.()));
    const timer = setTimeout(timedOut, replyTimeout);
    reply.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export function run<T>(
  { commander, target, replyTimeout, inFlight }: ScriptCall,
  operation: LockOperation,
  call: () => Promise<unknown>,
  parse: (reply: unknown) => T,
): Promise<T> {
  let sent: Promise<unknown>;
  try {
    sent = call();
  } catch (error) {
    return Promise.reject(failed(commander, target, operation, error));
  }
  // The reply timeout ends the wait, not the command: it may still run in Redis.
  inFlight?.track(sent);
  return withinTimeout(sent, replyTimeout, commander).then(parse, (error: unknown) => {
    throw failed(commander, target, operation, error);
  });
}

/**
 * The error for a failed script call. A transport's own error (a node-redis offline-queue
 * timeout, say) often does not say why; the commander may know that it is not connected.
 */
function failed(
  commander: RedisCommander,
  target: LockTarget,
  operation: LockOperation,
  error: unknown,
): LockRedisError {
  const problem = error instanceof ReplyTimeoutError ? undefined : commander.connectionProblem?.();
  const connection = typeof problem === 'string' ? problem : problem?.message;
  return new LockRedisError(target.name, operation, error, connection);
}

/** Where a script runs and how long to wait for it. */
export interface ScriptCall {
  readonly commander: RedisCommander;
  readonly target: LockTarget;
  readonly token: string;
  readonly replyTimeout: number;
  /** Where commands whose outcome the caller may stop waiting for are counted. */
  readonly inFlight?: InFlight;
}

/** How an acquire attempt behaves when the lock is busy or the queue is not empty. */
export interface AttemptMode {
  readonly ttl: number;
  readonly fencing: boolean;
  readonly fair: boolean;
  /** Queue behind the holder while the lock is busy. */
  readonly join: boolean;
  /** How long after Redis runs the attempt the waiter may still be handed the lock; 0: no limit. */
  readonly waitFor: number;
  /** How the waiter learns that the lock was handed to it. */
  readonly hear: 'poll' | 'publish' | 'spublish';
  /** Where it hears that, unless it polls. */
  readonly channel: string;
  /** How long the queue must outlive this attempt: the waiter polls again before then. */
  readonly queueFor: number;
  /** An earlier attempt of this token may have queued it or been handed the lock. */
  readonly seen: boolean;
  /** The lock is probably held: read its PTTL before trying to take it. */
  readonly busy: boolean;
}

export const flag = (on: boolean) => (on ? '1' : '0');
const HEAR = { poll: '0', publish: 'p', spublish: 's' } as const;

export const lockKeys = (target: LockTarget) => [target.key, target.queueKey, target.fenceKey];

/** ARGV 1-11 of every acquire script: the attempt's token and mode. */
export function acquireArgs(token: string, mode: AttemptMode): string[] {
  return [
    token,
    leaseArg(mode.ttl),
    flag(mode.fencing),
    flag(mode.fair),
    flag(mode.join),
    String(mode.waitFor),
    HEAR[mode.hear],
    mode.channel,
    String(mode.queueFor),
    flag(mode.seen),
    flag(mode.busy),
  ];
}

export function callAcquire(script: ScriptCall, mode: AttemptMode): Promise<AcquireReply> {
  const { commander, target, token } = script;
  if (commander.setIfAbsent !== undefined && isFirstTry(mode)) return takeIfFree(script, mode);
  const args = acquireArgs(token, mode);
  const call = () => commander.eval(ACQUIRE_SCRIPT, lockKeys(target), args);
  return run(script, 'acquire', call, (r) => parseAcquireReply(target.name, r));
}

/**
 * A first try at a lock not known to be busy, outside fair mode and without fencing: the
 * acquire script would only run SET NX for it, so a plain SET NX (the adapter's
 * `setIfAbsent`) does the same for less. Nothing of this token can be queued yet.
 */
const isFirstTry = (mode: AttemptMode) =>
  !mode.busy && !mode.seen && !mode.fair && !mode.fencing && !mode.join;

/**
 * SET NX; if the lock turns out to be held, the acquire script at once (reading the holder's
 * lease, queueing if asked), as one attempt: the waiter sees the same reply either way.
 */
function takeIfFree(script: ScriptCall, mode: AttemptMode): Promise<AcquireReply> {
  const { commander, target, token } = script;
  const lease = Number.isFinite(mode.ttl) ? mode.ttl : undefined;
  const setIfAbsent = commander.setIfAbsent as NonNullable<RedisCommander['setIfAbsent']>;
  const call = () => setIfAbsent.call(commander, target.key, token, lease);
  const parse = (set: unknown) => {
    if (typeof set !== 'boolean') throw new LockReplyError(target.name, 'acquire', set);
    return set;
  };
  return run(script, 'acquire', call, parse).then((taken) =>
    taken
      ? { acquired: true, fence: 0, pttl: lease ?? -1 }
      : callAcquire(script, { ...mode, busy: true }),
  );
}

/**
 * With `mayHaveQueued`, also takes this token out of the waiter queue, so it serves to give
 * up a wait too.
 */
export function callRelease(script: ScriptCall, mayHaveQueued: boolean): Promise<boolean> {
  const { commander, target, token } = script;
  const call = () => commander.eval(RELEASE_SCRIPT, lockKeys(target), [token, flag(mayHaveQueued)]);
  return run(script, 'release', call, (r) => parseHeldReply(target.name, 'release', r));
}

export function callExtend(script: ScriptCall, ttl: number): Promise<boolean> {
  const { commander, target, token } = script;
  const call = () => commander.eval(EXTEND_SCRIPT, [target.key], [token, leaseArg(ttl)]);
  return run(script, 'extend', call, (r) => parseHeldReply(target.name, 'extend', r));
}

/** Reads the lock's state in one script that writes nothing. */
export function callInspect(script: Omit<ScriptCall, 'token'>): Promise<LockInfo> {
  const { commander, target } = script;
  const call = () => commander.eval(INSPECT_SCRIPT, lockKeys(target), []);
  return run({ ...script, token: '' }, 'inspect', call, (r) => parseInspectReply(target.name, r));
}

/** Moves the lock from `held` to this call's token, if Redis still holds it by `held`. */
export function callResume(script: ScriptCall, held: string, ttl: number): Promise<boolean> {
  const { commander, target, token } = script;
  const call = () => commander.eval(RESUME_SCRIPT, [target.key], [held, token, leaseArg(ttl)]);
  return run(script, 'resume', call, (r) => parseHeldReply(target.name, 'resume', r));
}
