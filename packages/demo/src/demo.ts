// pnpm demo: for each adapter, worker processes contend for one lock, each doing a racy
// read-modify-write of a shared counter inside it; then the same work without the lock. Then
// a semaphore: the same workers count how many of them are inside at once, with a semaphore
// of limit 3 (for each adapter) and without it.
// Uses REDIS_URL, or starts a throwaway Redis, plus a local Upstash-REST endpoint. Ends by
// writing a timeline picture of every run's critical sections (an SVG file) and its path.
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runSourceWorker, startRedis, startUpstashRestServer } from '@mutex/testkit';
import { ADAPTERS, type AdapterName, type Endpoints } from '@mutex/tools/adapters';
import { commandCalls } from '@mutex/tools/commandstats';
import { Redis } from 'ioredis';
import type { SemaphoreWorkerTask } from './semaphore-worker.js';
import { analyse, parseSpans, type RunFacts, type Span } from './stats.js';
import { formatTable } from './table.js';
import { renderTimeline, type TimelineRun } from './timeline.js';
import type { WorkerTask } from './worker.js';

// The picture goes to the OS temp dir by default: the demo runs from a checkout, and a file
// written there would show up in `git status`; one fixed name is overwritten by the next run
// instead of piling up.
const DEFAULT_TIMELINE = join(tmpdir(), 'mutex-demo-timeline.svg');
const USAGE = `usage: pnpm demo [--workers N>=2] [--sections N>=1] [--timeline FILE]
  --workers N      worker processes per run (default 4)
  --sections N     critical sections per worker (default 100; at most 40 in the semaphore runs)
  --timeline FILE  where to write the SVG timeline of every run (default ${DEFAULT_TIMELINE})
  --help           this text (through pnpm: pnpm demo -- --help)`;

const { values } = (() => {
  try {
    // `pnpm demo -- --help` passes the `--` on (pnpm keeps a bare `--help` for itself).
    const args = process.argv.slice(2);
    return parseArgs({
      args: args[0] === '--' ? args.slice(1) : args,
      options: {
        workers: { type: 'string', default: '4' },
        sections: { type: 'string', default: '100' },
        timeline: { type: 'string', default: DEFAULT_TIMELINE },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
})();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const workers = Number(values.workers);
const sections = Number(values.sections);
if (!Number.isInteger(workers) || workers < 2 || !Number.isInteger(sections) || sections < 1) {
  console.error(USAGE);
  process.exit(2);
}
// pnpm runs the demo from packages/demo; a relative path is taken from INIT_CWD instead, which
// pnpm sets to where the root's `demo` script runs: the workspace root.
const timelineFile = resolve(process.env.INIT_CWD ?? process.cwd(), values.timeline);

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
  /** Each worker's critical sections. */
  lanes: Span[][];
  counter: number;
  costPerAcquisition: number;
  costUnit: string;
}

async function contend(adapter: AdapterName, locked: boolean): Promise<Outcome> {
  const label = locked ? adapter : `${adapter}, NO LOCK`;
  const lockName = `demo:${adapter}:${Date.now()}`;
  const counterKey = `${lockName}:counter`;
  const task: WorkerTask = {
    ...endpoints,
    adapter,
    lockName,
    counterKey,
    sections,
    workers,
    startKey: `${lockName}:start`,
    locked,
  };
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
  const lanes = outputs.map((stdout) => parseSpans(JSON.parse(stdout) as [string, string][]));
  const counter = Number(await redis.get(counterKey));
  const facts = analyse(lanes.flat());
  const upstash = adapter === 'upstash';
  const cost = upstash
    ? rest.stats.requests - requestsBefore
    : (await lockCommands()) - commandsBefore;
  const line = `  ${label}: ${facts.sections} of ${workers * sections} sections, done`;
  process.stdout.write(process.stdout.isTTY ? `\r${line}\n` : `${line}\n`);
  return {
    ...facts,
    label,
    lanes,
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
/**
 * The most workers inside at once, with the semaphore (over `adapter`) or without, and each
 * worker's sections.
 */
async function mostInside(
  adapter: AdapterName,
  guarded: boolean,
): Promise<{ most: number; lanes: Span[][] }> {
  const name = `demo:semaphore:${adapter}:${Date.now()}`;
  const task: SemaphoreWorkerTask = {
    ...endpoints,
    adapter,
    name,
    insideKey: `${name}:inside`,
    limit: LIMIT,
    sections: Math.min(sections, 40),
    workers,
    startKey: `${name}:start`,
    guarded,
  };
  const outputs = await Promise.all(
    Array.from({ length: workers }, () => runSourceWorker(semaphoreFile, [JSON.stringify(task)])),
  );
  const printed = outputs.map(
    (stdout) => JSON.parse(stdout) as { most: number; spans: [string, string][] },
  );
  return {
    most: Math.max(...printed.map((worker) => worker.most)),
    lanes: printed.map((worker) => parseSpans(worker.spans)),
  };
}
const semaphoreRows = [];
const semaphoreRuns: TimelineRun[] = [];
for (const guarded of [true, false]) {
  for (const adapter of guarded ? ADAPTERS : (['ioredis'] as const)) {
    const run = guarded ? `semaphore over ${adapter}` : 'NO SEMAPHORE';
    const { most, lanes } = await mostInside(adapter, guarded);
    semaphoreRows.push({ run, limit: LIMIT, 'most inside at once': most });
    semaphoreRuns.push({ name: `${run} (limit ${LIMIT})`, limit: LIMIT, lanes });
  }
}
const unguarded = semaphoreRows.at(-1)?.['most inside at once'];
console.log(`\n${workers} worker processes, sections counting how many are inside at once:\n`);
console.log(formatTable(semaphoreRows));
// Fewer workers than permits can never fill them all.
const reachable = Math.min(LIMIT, workers);
const overLimit = semaphoreRows
  .slice(0, -1)
  .filter((row) => row['most inside at once'] !== reachable);
console.log(
  `\nWith the semaphore: ${overLimit.length === 0 ? `at most ${LIMIT} inside, and ${reachable} reached, over every adapter` : `WRONG for ${overLimit.map((row) => row.run).join(', ')}`}. Without it: ${unguarded} inside at once.`,
);

redis.disconnect();
await rest.stop();
await server.stop();
process.exitCode = broken.length === 0 && overLimit.length === 0 ? 0 : 1;

const timeline = renderTimeline(
  [
    ...[...locked, unlocked].map((o) => ({
      name: o.label,
      limit: 1,
      lanes: o.lanes,
      lostUpdates: expected - o.counter,
    })),
    ...semaphoreRuns,
  ],
  {
    title: `pnpm demo: ${workers} worker processes x ${sections} critical sections per run`,
    subtitle: `Redis ${server.source === 'env' ? 'from REDIS_URL' : `(${server.source})`}, ${new Date().toISOString()}`,
  },
);
try {
  await mkdir(dirname(timelineFile), { recursive: true });
  await writeFile(timelineFile, timeline);
  console.log(`\ntimeline: ${timelineFile}`);
} catch (error) {
  console.error(`\ncould not write the timeline to ${timelineFile}: ${(error as Error).message}`);
  process.exitCode = 1;
}
