import type { SuiteContext } from '../context.js';
import { semaphoreBadInputBehaviour } from './bad-input.js';
import { semaphoreGiveUpBehaviour } from './give-up.js';
import { semaphoreHandoffBehaviour } from './handoff.js';
import { semaphoreKeysBehaviour } from './keys.js';
import { semaphoreLeaseBehaviour } from './lease.js';
import { semaphoreLimitBehaviour } from './limit.js';

/** The semaphore's behaviours, one file each, run by `describeConformance` on every target. */
export const SEMAPHORE_BEHAVIOURS: ((ctx: SuiteContext) => void)[] = [
  semaphoreLimitBehaviour,
  semaphoreHandoffBehaviour,
  semaphoreLeaseBehaviour,
  semaphoreGiveUpBehaviour,
  semaphoreKeysBehaviour,
  semaphoreBadInputBehaviour,
];
