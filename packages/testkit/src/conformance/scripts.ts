import { createLockClient } from '@mutex/core';
import { LOCK_SCRIPTS } from '@mutex/core/adapter';
import { describe, expect, it } from 'vitest';
import { inspectorNodes, type SuiteContext } from './context.js';

export function scriptsBehaviour(ctx: SuiteContext): void {
  describe('scripts', () => {
    it('each pinned SHA1 is what SCRIPT LOAD returns, on every node', async () => {
      for (const node of inspectorNodes(ctx.inspector())) {
        for (const script of LOCK_SCRIPTS) {
          expect(await node.script('LOAD', script.source), script.name).toBe(script.sha1);
        }
      }
    });

    it('locking still works after SCRIPT FLUSH (EVAL fallback on NOSCRIPT)', async () => {
      for (const node of inspectorNodes(ctx.inspector())) await node.script('FLUSH');
      const lock = await createLockClient(ctx.commander()).acquire(ctx.uniqueName('flushed'), {
        fencing: true,
      });
      expect(await lock.release()).toBe(true);
    });
  });
}
