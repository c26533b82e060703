import { describe, expect, it, vi } from 'vitest';
import { ACQUIRE_SCRIPT, evalCached, seedLockFor } from '../src/adapter.js';
import { ScriptedCommander } from './fake-commander.js';

describe('evalCached', () => {
  it('runs by SHA1, and by source only when the server answers NOSCRIPT', async () => {
    const bySource = vi.fn(async () => 'from source');
    expect(await evalCached(ACQUIRE_SCRIPT, async () => 'from sha', bySource)).toBe('from sha');
    expect(bySource).not.toHaveBeenCalled();
    const noScript = async () => {
      throw new Error('Command 1 [ evalsha ] failed: NOSCRIPT No matching script.');
    };
    expect(await evalCached(ACQUIRE_SCRIPT, noScript, bySource)).toBe('from source');
    expect(bySource).toHaveBeenCalledWith(ACQUIRE_SCRIPT.source);
  });

  it('passes any other error through untouched', async () => {
    const error = new Error('READONLY You cannot write against a read only replica.');
    const bySource = vi.fn();
    await expect(evalCached(ACQUIRE_SCRIPT, () => Promise.reject(error), bySource)).rejects.toBe(
      error,
    );
    expect(bySource).not.toHaveBeenCalled();
  });
});

describe('seedLockFor', () => {
  it('makes one commander per client and keeps it', async () => {
    const made: object[] = [];
    const lock = seedLockFor((client: { id: number }) => {
      made.push(client);
      return new ScriptedCommander();
    });
    const [a, b] = [{ id: 1 }, { id: 2 }];
    await (await lock(a, 'x'))();
    await (await lock(a, 'y'))();
    await (await lock(b, 'x'))();
    expect(made).toEqual([a, b]);
  });

  it('turns a wrong client into a rejection, not a synchronous throw', async () => {
    const lock = seedLockFor((): never => {
      throw new TypeError('not a client');
    });
    const pending = lock({}, 'x');
    await expect(pending).rejects.toBeInstanceOf(TypeError);
  });
});
