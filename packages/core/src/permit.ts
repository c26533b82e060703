import { HeldLock, type HeldLockInit, type Lock } from './lock.js';

/** Permits held: a `Lock` whose `release()` gives all of them back. */
export interface Permit extends Lock {
  /** How many permits this handle holds. */
  readonly permits: number;
}

export class HeldPermit extends HeldLock implements Permit {
  readonly permits: number;

  constructor(init: HeldLockInit, permits: number) {
    super(init);
    this.permits = permits;
  }
}
