import type { RedisCommander } from './commander.js';
import { LocalCoordinator } from './coordinator.js';
import { checkCommander } from './options.js';
import { ReleaseFeed } from './release-feed.js';
import { RoundTrips } from './round-trips.js';

/**
 * What every lock taken over one commander shares, whichever client or `lock()` call takes
 * it: the in-process turn-taking, the handoff channels, and how long Redis takes to answer.
 */
export interface LockContext {
  readonly commander: RedisCommander;
  readonly coordinator: LocalCoordinator;
  readonly feed: ReleaseFeed;
  readonly roundTrips: RoundTrips;
}

const contexts = new WeakMap<RedisCommander, LockContext>();

/** The context of `commander`, made on first use. Checks that it is a commander. */
export function lockContextFor(commander: RedisCommander): LockContext {
  let context = contexts.get(commander);
  if (context === undefined) {
    context = {
      commander: checkCommander(commander),
      coordinator: new LocalCoordinator(),
      feed: new ReleaseFeed(commander),
      roundTrips: new RoundTrips(),
    };
    contexts.set(commander, context);
  }
  return context;
}
