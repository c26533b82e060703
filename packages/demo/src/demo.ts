// pnpm demo: for each adapter, worker processes contend for one lock, each doing a racy
// read-modify-write of a shared counter inside it; then the same work without the lock. Then
// a semaphore: the same workers count how many of them are inside at once, with a semaphore
// of limit 3 (for each adapter) and without it.
// Uses REDIS_URL, or starts a throwaway Redis, plus a local Upstash-REST endpoint.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runSourceWorker, startRedis, startUpstashRestServer } from '@mutex/testkit';
import { ADAPTERS, type AdapterName, type Endpoints } from '@mutex/tools/adapters';
import { commandCalls } from '@mutex/tools/commandstats';
import { Redis } from 'ioredis';
import type { SemaphoreWorkerTask } from './semaphore-worker.js';
import { analyse, type RunFacts, type Span } from './stats.js';
import { formatTable } from './table.js';
import type { WorkerTask } from './worker.js';

const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '4' },
    sections: { type: 'string', default: '100' },
  },
});
const workers = Number(values.workers);
const sections = Number(values.sections);
if (!Number.isInteger(workers) || workers < 2 || !Number.isInteger(sections) || sections < 1) {
  console.error('usage: pnpm demo [--workers N>=2] [--sections N>=1]');
  process.exit(2);
}

const server = await startRedis().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
const rest = await startUpstashRestServer({ redisUrl: server.url });
const endpoints: Endpoints = { redisUrl: server.url, restUrl: rest.url, restToken: rest.token };
const redis = new Redis(server.url);
const workerFile = fileURLToPath(new URL('./worker.ts', import.meta.url));
console.log(`Redis ${server.url} (${server.source}), Upstash-REST endpoint ${rest.url}`);
console.log(`${workers} worker processes x ${sections} critical sections per run\n`);

/** Lock commands clients sent, from INFO commandstats (scripts count as one command). */
async function lockCommands(): Promise<number> {
  const calls = commandCalls(await redis.info('commandstats'));
  const counted = ['evalsha', 'eval', 'subscribe', 'unsubscribe', 'script|load'];
  return counted.reduce((total, name) => total + (calls.get(name) ?? 0), 0);
}

interface Outcome extends RunFacts {
  label: string;
  counter: number;
  costPerAcquisition: number;
  costUnit: string;
}

async function contend(adapter: AdapterName, locked: boolean): Promise<Outcome> {
  const label = locked ? adapter : `${adapter}, NO LOCK`;
  const lockName = `demo:${adapter}:${Date.now()}`;
  const counterKey = `${lockName}:counter`;
  const task: WorkerTask = { ...endpoints, adapter, lockName, counterKey, sections, locked };
  const [commandsBefore, requestsBefore] = [await lockCommands(), rest.stats.requests];
  // A live count on a terminal; a plain line per run otherwise (CI logs).
  const progress = setInterval(async () => {
    if (!process.stdout.isTTY) return;
    const done = Number((await redis.get(counterKey)) ?? 0);
    process.stdout.write(`\r  ${label}: ${done} of ${workers * sections} sections`);
  }, 250);
  const outputs = await Promise.all(
    Array.from({ length: workers }, () => runSourceWorker(workerFile, [JSON.stringify(task)])),
  ).finally(() => clearInterval(progress));
  const spans = outputs.flatMap((stdout) =>
    (JSON.parse(stdout) as [string, string][]).map(([a, b]) => [BigInt(a), BigInt(b)] as Span),
  );
  const counter = Number(await redis.get(counterKey));
  const facts = analyse(spans);
  const upstash = adapter === 'upstash';
  const cost = upstash
    ? rest.stats.requests - requestsBefore
    : (await lockCommands()) - commandsBefore;
  const line = `  ${label}: ${facts.sections} of ${workers * sections} sections, done`;
  process.stdout.write(process.stdout.isTTY ? `\r${line}\n` : `${line}\n`);
  return {
    ...facts,
    label,
    counter,
    costPerAcquisition: locked ? cost / facts.sections : Number.NaN,
    costUnit: upstash ? 'HTTP requests' : 'Redis commands',
  };
}

const locked: Outcome[] = [];
for (const adapter of ADAPTERS) locked.push(await contend(adapter, true));
const unlocked = await contend('ioredis', false);

const expected = workers * sections;
const ms = (value: number) => `${value.toFixed(2)} ms`;
const rows = [...locked, unlocked].map((o) => {
  const withLock = !Number.isNaN(o.costPerAcquisition);
  return {
    adapter: o.label,
    workers,
    sections: o.sections,
    'counter/expected': `${o.counter}/${expected}`,
    'lost updates': expected - o.counter,
    overlaps: o.overlaps,
    'acquisitions/s': withLock ? Math.round(o.perSecond) : '-',
    'handoff p50': withLock ? ms(o.handoffP50) : '-',
    'handoff p99': withLock ? ms(o.handoffP99) : '-',
    'per acquisition': withLock ? `${o.costPerAcquisition.toFixed(2)} ${o.costUnit}` : '-',
  };
});
console.log(`\n${formatTable(rows)}`);

const broken = locked.filter((o) => o.counter !== expected || o.overlaps > 0);
console.log(
  `\nWith the lock: ${broken.length === 0 ? 'no lost update and no overlap, over every adapter' : `FAILED for ${broken.map((o) => o.label).join(', ')}`}.`,
);
console.log(
  `Without it: ${expected - unlocked.counter} of ${expected} updates lost, ${unlocked.overlaps} sections overlapped.`,
);

const LIMIT = 3;
const semaphoreFile = fileURLToPath(new URL('./semaphore-worker.ts', import.meta.url));
/** The most workers inside at once, with the semaphore (over `adapter`) or without. */
async function mostInside(adapter: AdapterName, guarded: boolean): Promise<number> {
  const name = `demo:semaphore:${adapter}:${Date.now()}`;
  const task: SemaphoreWorkerTask = {
    ...endpoints,
    adapter,
    name,
    insideKey: `${name}:inside`,
    limit: LIMIT,
    sections: Math.min(sections, 40),
    guarded,
  };
  const outputs = await Promise.all(
    Array.from({ length: workers }, () => runSourceWorker(semaphoreFile, [JSON.stringify(task)])),
  );
  return Math.max(...outputs.map((stdout) => (JSON.parse(stdout) as { most: number }).most));
}
const semaphoreRows = [];
for (const adapter of ADAPTERS) {
  semaphoreRows.push({
    run: `semaphore over ${adapter}`,
    limit: LIMIT,
    'most inside at once': await mostInside(adapter, true),
  });
}
const unguarded = await mostInside('ioredis', false);
semaphoreRows.push({ run: 'NO SEMAPHORE', limit: LIMIT, 'most inside at once': unguarded });
console.log(`\n${workers} worker processes, sections counting how many are inside at once:\n`);
console.log(formatTable(semaphoreRows));
const overLimit = semaphoreRows.slice(0, -1).filter((row) => row['most inside at once'] !== LIMIT);
console.log(
  `\nWith the semaphore: ${overLimit.length === 0 ? `at most ${LIMIT} inside, and ${LIMIT} reached, over every adapter` : `WRONG for ${overLimit.map((row) => row.run).join(', ')}`}. Without it: ${unguarded} inside at once.`,
);

redis.disconnect();
await rest.stop();
await server.stop();
process.exitCode = broken.length === 0 && overLimit.length === 0 ? 0 : 1;
