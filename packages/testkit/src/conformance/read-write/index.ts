import type { SuiteContext } from '../context.js';
import { readWriteBadInputBehaviour } from './bad-input.js';
import { readWriteExclusionBehaviour } from './exclusion.js';
import { readWriteGiveUpBehaviour } from './give-up.js';
import { readWriteKeysBehaviour } from './keys.js';
import { readWriteLeaseBehaviour } from './lease.js';
import { readWriteOrderBehaviour } from './order.js';

/** The read-write lock's behaviours, one file each, run on every target. */
export const READ_WRITE_BEHAVIOURS: ((ctx: SuiteContext) => void)[] = [
  readWriteExclusionBehaviour,
  readWriteOrderBehaviour,
  readWriteLeaseBehaviour,
  readWriteGiveUpBehaviour,
  readWriteKeysBehaviour,
  readWriteBadInputBehaviour,
];
