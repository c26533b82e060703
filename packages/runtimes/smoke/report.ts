// What one smoke run reports, as JSON, to the test that started it. Plain data only, so it
// crosses a process's stdout or a Worker's response unchanged.

/** Which runtime ran the smoke, as that runtime tells it. */
export interface RuntimeInfo {
  readonly name: 'node' | 'bun' | 'deno' | 'edge' | 'workerd' | 'unknown';
  /**
   * The runtime's own version (`20.4.0`, `1.4.5`, ...); for 'edge' the `EdgeRuntime` global,
   * for 'workerd' and 'unknown' the user agent (neither tells a version).
   */
  readonly version: string;
}

/** An error (or abort reason) as the smoke saw it, in the runtime under test. */
export interface ErrorInfo {
  readonly name: string;
  readonly code: unknown;
  /** A `LockLostError`'s loss reason: `'not-held'`, `'lease-expired'`, ... */
  readonly reason: unknown;
  readonly lockName: unknown;
  /** `isLockLostError(error)` and `error instanceof LockLostError`, both. */
  readonly isLockLost: boolean;
  readonly isLockReleased: boolean;
}

export interface AcquireReport {
  readonly fence: number | undefined;
  /** `inspect` from the other client while the lock was held. */
  readonly heldWhileHeld: boolean;
  readonly released: boolean;
  readonly heldAfterRelease: boolean;
  readonly signal: ErrorInfo | null;
}

export interface HandoffReport {
  readonly holderFence: number | undefined;
  readonly waiterFence: number | undefined;
  /** The second caller was reported `queued` and had not settled when the holder released. */
  readonly waitedUntilRelease: boolean;
  readonly holderReleased: boolean;
  /** From the waiter's `acquired` event: a release handed it the lock (not a poll). */
  readonly handedOver: boolean;
  readonly heldByWaiter: boolean;
  readonly waiterReleased: boolean;
}

export interface LossReport {
  /** What the DEL sent behind the holder's back answered (1: the key was there). */
  readonly deleted: unknown;
  readonly signal: ErrorInfo | null;
  /** `release()` after the loss: false, nothing left to release. */
  readonly releasedAfterLoss: boolean;
}

export interface LapseReport {
  readonly signal: ErrorInfo | null;
  /** Redis let the key expire on its own, soon after the signal aborted. */
  readonly lapsedInRedis: boolean;
}

export interface DisposeReport {
  readonly heldInScope: boolean;
  readonly heldAfterScope: boolean;
  readonly signal: ErrorInfo | null;
}

export interface SmokeReport {
  readonly runtime: RuntimeInfo;
  readonly acquire: AcquireReport;
  readonly handoff: HandoffReport;
  readonly lossByDeletion: LossReport;
  readonly lossByLapse: LapseReport;
  readonly dispose: DisposeReport;
}

/** What the test bakes into a bundle (esbuild `define`), so no runtime needs env access. */
export interface SmokeConfig {
  /** Every lock name of this run starts with it, so runs can share one Redis. */
  readonly stem: string;
  readonly redisUrl: string;
  readonly upstashUrl: string;
  readonly upstashToken: string;
}

/** The lock names of one run: one per step, so each step's keys can be checked alone. */
export function smokeNames(stem: string) {
  return {
    acquire: `${stem}:acquire`,
    handoff: `${stem}:handoff`,
    lossByDeletion: `${stem}:deleted`,
    lossByLapse: `${stem}:lapsed`,
    dispose: `${stem}:disposed`,
  } as const;
}

/** The line prefix a process entry prints its report after, so other output cannot confuse it. */
export const REPORT_PREFIX = 'SMOKE-REPORT ';
