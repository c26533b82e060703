import { EXTEND_HOLDER_SCRIPT } from './holder-scripts.js';
import { HeldPermit } from './permit.js';
import type { Primitive } from './primitive.js';
import {
  parseAcquireReply,
  parseHeldReply,
  parseSemaphoreInspectReply,
  type SemaphoreInfo,
} from './replies.js';
import { acquireArgs, flag, leaseArg, lockKeys, run, type ScriptCall } from './scripts-call.js';
import {
  SEMAPHORE_ACQUIRE_SCRIPT,
  SEMAPHORE_INSPECT_SCRIPT,
  SEMAPHORE_RELEASE_SCRIPT,
} from './semaphore-scripts.js';

/** The scripts of a semaphore call for `permits` of at most `limit`. */
export function semaphorePrimitive(permits: number, limit: number): Primitive {
  const wanted = String(permits);
  return {
    kind: 'semaphore',
    localTurns: false,
    acquire(script, mode) {
      const { commander, target, token } = script;
      const args = [...acquireArgs(token, mode), wanted, String(limit)];
      const call = () => commander.eval(SEMAPHORE_ACQUIRE_SCRIPT, lockKeys(target), args);
      return run(script, 'acquire', call, (r) => parseAcquireReply(target.name, r));
    },
    extend(script, ttl) {
      const { commander, target, token } = script;
      const args = [`${token}:${wanted}`, leaseArg(ttl)];
      const call = () => commander.eval(EXTEND_HOLDER_SCRIPT, [target.key], args);
      return run(script, 'extend', call, (r) => parseHeldReply(target.name, 'extend', r));
    },
    hold: (init) => new HeldPermit(init, permits),
    release(script, mayHaveQueued) {
      const { commander, target, token } = script;
      const args = [token, flag(mayHaveQueued), wanted];
      const call = () => commander.eval(SEMAPHORE_RELEASE_SCRIPT, lockKeys(target), args);
      return run(script, 'release', call, (r) => parseHeldReply(target.name, 'release', r));
    },
  };
}

/** Reads a semaphore's state in one script that writes nothing. */
export function callSemaphoreInspect(script: Omit<ScriptCall, 'token'>): Promise<SemaphoreInfo> {
  const { commander, target } = script;
  const call = () => commander.eval(SEMAPHORE_INSPECT_SCRIPT, lockKeys(target), []);
  return run({ ...script, token: '' }, 'inspect', call, (r) =>
    parseSemaphoreInspectReply(target.name, r),
  );
}
