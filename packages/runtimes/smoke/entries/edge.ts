// The smoke in Vercel's Edge Runtime (the edge-runtime package), as an Edge Function is
// written: the Upstash clients, commanders and lock clients are made once, at module scope,
// from `@upstash/redis` (its default entry, which uses only fetch), and used by the request.
import { upstashCommander } from '@mutex/upstash';
import { Redis } from '@upstash/redis';
import { smokeClients } from '../clients.js';
import type { SmokeConfig } from '../report.js';
import { runSmoke } from '../smoke.js';
import { respond } from './respond.js';

declare const SMOKE: SmokeConfig; // set when the test bundles this file

const redis = () => new Redis({ url: SMOKE.upstashUrl, token: SMOKE.upstashToken });
const clients = smokeClients(upstashCommander(redis()), upstashCommander(redis()));

// The edge-runtime server dispatches requests as service-worker `fetch` events.
addEventListener('fetch', (event) => {
  const fetchEvent = event as Event & { respondWith(response: Promise<Response>): void };
  fetchEvent.respondWith(respond(() => runSmoke(clients, SMOKE.stem)));
});
