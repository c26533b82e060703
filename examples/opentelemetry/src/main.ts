// Lock metrics as production gets them: the OpenTelemetry Node SDK with its Prometheus
// exporter, fed by @mutex/opentelemetry. Two "processes" (two connections) take turns on a
// lock, one gives up waiting, and the example scrapes /metrics as Prometheus would and checks
// that every lock metric is there. Uses REDIS_URL, or starts a throwaway Redis when unset;
// serves metrics on METRICS_PORT (default 9464, Prometheus's registered port for it).
import { createLockClient } from '@mutex/core';
import { ioredisCommander } from '@mutex/ioredis';
import { lockTelemetry } from '@mutex/opentelemetry';
import { startRedis } from '@mutex/testkit';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { Redis } from 'ioredis';

const port = Number(process.env.METRICS_PORT ?? 9464);
const prometheus = new PrometheusExporter({ port, host: '127.0.0.1' });
// No span exporter configured here: spans are recorded by nobody (traces go to the SDK's
// OTLP exporter when OTEL_TRACES_EXPORTER says so).
process.env.OTEL_TRACES_EXPORTER ??= 'none';
process.env.OTEL_LOGS_EXPORTER ??= 'none';
const sdk = new NodeSDK({ serviceName: 'lock-example', metricReader: prometheus });
sdk.start();

const server = await startRedis().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
// One listener can serve every client of the process; it reads the global providers the SDK set.
const onEvent = lockTelemetry();
const connections = [new Redis(server.url), new Redis(server.url)];
const [a, b] = connections.map((redis) =>
  createLockClient(ioredisCommander(redis), { onEvent, ttl: 2_000 }),
) as [ReturnType<typeof createLockClient>, ReturnType<typeof createLockClient>];

// Two workers take turns on one report; each run holds the lock for 20 ms.
const run = async (locks: typeof a) =>
  locks.withLock('nightly-report', { acquireTimeout: 5_000 }, async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
await Promise.all(Array.from({ length: 10 }, (_, i) => run(i % 2 === 0 ? a : b)));
// A caller that will not wait long behind a long job.
const long = await a.acquire('nightly-report');
await b.acquire('nightly-report', { acquireTimeout: 50 }).catch(() => {});
await long.release();

const scraped = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
const ours = scraped.split('\n').filter((line) => line.startsWith('mutex_lock_'));
const wanted = [
  'mutex_lock_acquire_duration_bucket',
  'mutex_lock_acquire_duration_sum',
  'mutex_lock_hold_duration_count',
  'mutex_lock_acquisitions_total',
  'mutex_lock_handoffs_total',
  'mutex_lock_timeouts_total',
  'mutex_lock_held',
  'mutex_lock_waiting',
];
const shown = ours.filter((line) => !line.includes('_bucket') || line.includes('le="0.05"'));
console.log(`Scraped http://127.0.0.1:${port}/metrics, lock series (buckets shown at le=0.05):`);
for (const line of shown) console.log(`  ${line}`);

const missing = wanted.filter((name) => !ours.some((line) => line.startsWith(name)));
/** The sum over every series of `name`, whatever its labels. */
const value = (name: string) =>
  ours
    .filter((line) => line.startsWith(`${name}{`))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
const problems = [
  ...missing.map((name) => `missing ${name}`),
  value('mutex_lock_acquisitions_total') === 11 ? [] : ['expected 11 acquisitions'],
  value('mutex_lock_timeouts_total') === 1 ? [] : ['expected 1 timeout'],
  value('mutex_lock_held') === 0 ? [] : ['expected no lock held at the end'],
].flat();

await sdk.shutdown();
for (const redis of connections) redis.disconnect();
await server.stop();
if (problems.length > 0) {
  console.error(`Scrape check failed: ${problems.join('; ')}`);
  process.exit(1);
}
console.log('All lock metrics present; 11 acquisitions, 1 timeout, none held at the end.');
