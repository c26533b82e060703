// The smoke in a Cloudflare Worker, as its users write one: the Upstash clients, commanders
// and lock clients are made once, at module scope, and used by the request. Workers refuse
// random values (and timers, and I/O) at module scope, so making them must draw none; the
// control Worker (test/workers/random-at-module-scope.ts) shows the rule is enforced.
import { upstashCommander } from '@mutex/upstash';
import { Redis } from '@upstash/redis/cloudflare';
import { smokeClients } from '../clients.js';
import type { SmokeConfig } from '../report.js';
import { runSmoke } from '../smoke.js';
import { respond } from './respond.js';

declare const SMOKE: SmokeConfig; // set when the test bundles this file

const redis = () => new Redis({ url: SMOKE.upstashUrl, token: SMOKE.upstashToken });
const clients = smokeClients(upstashCommander(redis()), upstashCommander(redis()));

export default {
  fetch: (): Promise<Response> => respond(() => runSmoke(clients, SMOKE.stem)),
};
