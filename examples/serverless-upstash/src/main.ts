// Runs the handler locally: five concurrent requests for the same order against a local
// Upstash-REST endpoint (forwarding to a throwaway Redis). One charges; the others get 409.
import { startRedis, startUpstashRestServer } from '@mutex/testkit';
import { handler } from './handler.js';

const server = await startRedis().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
const rest = await startUpstashRestServer({ redisUrl: server.url });
const env = { UPSTASH_REDIS_REST_URL: rest.url, UPSTASH_REDIS_REST_TOKEN: rest.token };

let charges = 0;
const charge = async () => {
  charges++;
  await new Promise((resolve) => setTimeout(resolve, 200)); // the payment provider call
};
const before = rest.stats.requests;
const responses = await Promise.all(
  Array.from({ length: 5 }, () =>
    handler(new Request('https://shop.example/charge?order=42', { method: 'POST' }), env, charge),
  ),
);
for (const response of responses) console.log(response.status, await response.text());
// On a fresh Redis each script costs one extra request the first time (NOSCRIPT, then EVAL).
console.log(`charges: ${charges}; HTTP requests to Upstash: ${rest.stats.requests - before}`);

await rest.stop();
await server.stop();
process.exitCode = charges === 1 && responses.filter((r) => r.status === 409).length === 4 ? 0 : 1;
