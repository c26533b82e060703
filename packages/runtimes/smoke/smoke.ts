import { acquireAndRelease } from './acquire.js';
import type { SmokeClients } from './clients.js';
import { disposeAtScopeEnd } from './dispose.js';
import { waiterHandoff } from './handoff.js';
import { lossByDeletion, lossByLapse } from './loss.js';
import { type SmokeReport, smokeNames } from './report.js';
import { describeRuntime } from './runtime.js';

/**
 * The runtime-agnostic smoke: the same steps in every runtime and over every adapter, using
 * only the package's public API and Web-platform globals. Steps run one after another so each
 * one's keys in Redis can be checked alone.
 */
export async function runSmoke(clients: SmokeClients, stem: string): Promise<SmokeReport> {
  const names = smokeNames(stem);
  return {
    runtime: describeRuntime(),
    acquire: await acquireAndRelease(clients, names.acquire),
    handoff: await waiterHandoff(clients, names.handoff),
    lossByDeletion: await lossByDeletion(clients, names.lossByDeletion),
    lossByLapse: await lossByLapse(clients, names.lossByLapse),
    dispose: await disposeAtScopeEnd(clients, names.dispose),
  };
}
