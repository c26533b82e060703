import { EXTEND_HOLDER_SCRIPT } from './holder-scripts.js';
import type { ReadWriteKeys } from './keys.js';
import { HeldLock } from './lock.js';
import type { Primitive } from './primitive.js';
import {
  READ_WRITE_ACQUIRE_SCRIPT,
  READ_WRITE_INSPECT_SCRIPT,
  READ_WRITE_RELEASE_SCRIPT,
} from './read-write-scripts.js';
import {
  parseAcquireReply,
  parseHeldReply,
  parseReadWriteInspectReply,
  type ReadWriteInfo,
} from './replies.js';
import { EXTEND_SCRIPT } from './scripts.js';
import { acquireArgs, flag, leaseArg, run, type ScriptCall } from './scripts-call.js';

const scriptKeys = (keys: ReadWriteKeys) => [
  keys.writerKey,
  keys.queueKey,
  keys.fenceKey,
  keys.readersKey,
];

/** The scripts of a reader (`'read'`) or a writer (`'write'`) of the lock with `keys`. */
export function readWritePrimitive(keys: ReadWriteKeys, mode: 'read' | 'write'): Primitive {
  const m = mode === 'read' ? 'r' : 'w';
  return {
    kind: 'read-write',
    localTurns: false,
    acquire(script, attempt) {
      const { commander, target, token } = script;
      const args = [...acquireArgs(token, attempt), m];
      const call = () => commander.eval(READ_WRITE_ACQUIRE_SCRIPT, scriptKeys(keys), args);
      return run(script, 'acquire', call, (r) => parseAcquireReply(target.name, r));
    },
    extend(script, ttl) {
      const { commander, target, token } = script;
      // A writer holds a key of its own, as a mutex does; a reader is a scored member.
      const call =
        mode === 'write'
          ? () => commander.eval(EXTEND_SCRIPT, [keys.writerKey], [token, leaseArg(ttl)])
          : () => commander.eval(EXTEND_HOLDER_SCRIPT, [keys.readersKey], [token, leaseArg(ttl)]);
      return run(script, 'extend', call, (r) => parseHeldReply(target.name, 'extend', r));
    },
    release(script, mayHaveQueued) {
      const { commander, target, token } = script;
      const args = [token, flag(mayHaveQueued), m];
      const call = () => commander.eval(READ_WRITE_RELEASE_SCRIPT, scriptKeys(keys), args);
      return run(script, 'release', call, (r) => parseHeldReply(target.name, 'release', r));
    },
    hold: (init) => new HeldLock(init),
  };
}

/** Reads the lock's state in one script that writes nothing. */
export function callReadWriteInspect(
  script: Omit<ScriptCall, 'token'>,
  keys: ReadWriteKeys,
): Promise<ReadWriteInfo> {
  const { commander, target } = script;
  const call = () => commander.eval(READ_WRITE_INSPECT_SCRIPT, scriptKeys(keys), []);
  return run({ ...script, token: '' }, 'inspect', call, (r) =>
    parseReadWriteInspectReply(target.name, r),
  );
}
