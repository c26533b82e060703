// pnpm bench: this project's adapters against peer lock libraries, side by side in one run,
// in interleaved rounds, reporting medians. Starts its own Redis (or uses REDIS_URL), a
// command-counting TCP proxy in front of it, and the Upstash-REST endpoint.
//
// Scenarios, each in its own module:
//   uncontended      sequential acquire + release for 1 s in this process (bench-loop.ts)
//   contention       --workers processes x 1 waiter on one lock, 2 ms sections, --seconds s
//                    straight to Redis, then --cost-seconds s through the counting proxy
//                    (contention.ts); the Bun row runs Bun processes instead (bun-window.ts)
//   semaphores       the same on a semaphore of 3, one permit each (semaphores.ts)
//   giving up        a waiter limited to 300 ms on a held lock (giving-up.ts)
//   waiter scaling   2, 8, 32, 64 waiters on one lock over min(waiters, 8) processes,
//                    waiters/processes in each (2x1, 8x1, 8x4, 8x8), every waiter with its
//                    own client made by the library's subject factory (own connection, so
//                    waiters of one process share no in-process turn-taking);
//                    --scaling-seconds s straight to Redis, then --cost-seconds s through the
//                    proxy; round 1 only; 8 waiters are the contention run (when --workers is
//                    8); the Bun row in Bun processes of its own (scaling-waiters.ts)
//   name scaling     1, 1,000, 10,000 names held at once by one client in this process,
//                    through the proxy, then Redis scanned for leftover keys; after the
//                    rounds, once; Redis-protocol libraries only (scaling-names.ts)
// Every multi-process scenario but the Bun row's runs on one pool of worker processes started
// once for the whole bench (pool.ts): loading every subject costs a tsx process about a second
// of CPU, and 8 fresh processes per run took about 4.5 s on 2 cores before they could start
// (well past the 1.5 s head start they were given), twice per library and round. Redis's CPU (INFO cpu: main thread, user + sys) and calls (INFO commandstats,
// scripts' own included) per acquisition are counted from 250 ms after the common start to
// the end of the run, after every waiter's client connected and before any closes, so neither
// connection setup nor every waiter's first attempt is in them (pool.ts, redis-meter.ts).
//
// Options: --rounds 3 --workers 8 --seconds 3
//   --cost-seconds 1       the proxy runs that count commands sent
//   --scaling-seconds 2    each waiter-scaling level
//   --only <substring>     only the subjects whose name contains it (the raw baseline always runs)
//   --skip-scaling         no scaling scenarios
//   --scaling-only         only the scaling scenarios (8 waiters then measured there too)
//   --json FILE            where results go as JSON (type BenchResults, bench-results.ts);
//                          default <os tmpdir>/mutex-bench.json
//   --charts DIR           where the SVG charts go (bench-charts.ts); default the README's
//                          docs/bench for a full run, <os tmpdir>/mutex-bench-charts otherwise
// At the end it prints the seconds each scenario took, to budget the full run (about 9 to 10
// minutes on 2 quiet cores).
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from '@mutex/tools/stats';
import { writeCharts } from './bench-charts.js';
import { type BenchLab, isHttp } from './bench-lab.js';
import { cycles } from './bench-loop.js';
import { type BenchResults, medians, type Uncontended } from './bench-results.js';
import { printMainTables, printScalingTables } from './bench-tables.js';
import { BUN_ROW, runUnderBun } from './bun/run.js';
import { type ContentionResult, contention, measurer } from './contention.js';
import { type GivingUpResult, givingUp } from './giving-up.js';
import { startLab } from './lab.js';
import { Pool } from './pool.js';
import { redisMeter } from './redis-meter.js';
import { type NameScaling, scaleNames } from './scaling-names.js';
import { WAITER_LEVELS, type WaiterPoint, waiterPoint, waiterSeries } from './scaling-waiters.js';
import { SEMAPHORE_SUBJECTS } from './semaphore-subjects.js';
import { type SemaphoreResult, semaphoreContention } from './semaphores.js';
import { SUBJECTS } from './subjects.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    workers: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '3' },
    'cost-seconds': { type: 'string', default: '1' },
    'scaling-seconds': { type: 'string', default: '2' },
    only: { type: 'string', default: '' },
    'skip-scaling': { type: 'boolean', default: false },
    'scaling-only': { type: 'boolean', default: false },
    json: { type: 'string', default: join(tmpdir(), 'mutex-bench.json') },
    charts: { type: 'string' },
  },
});
const ROUNDS = Number(values.rounds);
const WORKERS = Number(values.workers);
const ONLY = values.only as string;
const MAIN = !values['scaling-only'];
const SCALING = !values['skip-scaling'];
const CONTENTION = {
  workers: WORKERS,
  durationMs: Number(values.seconds) * 1000,
  costMs: Number(values['cost-seconds']) * 1000,
  holdMs: 2,
};
const SCALING_OPTIONS = {
  durationMs: Number(values['scaling-seconds']) * 1000,
  costMs: CONTENTION.costMs,
  holdMs: CONTENTION.holdMs,
};
const BASELINE = 'raw commands (baseline)';
const OURS = '@mutex/ioredis';
const NAMES = [...Object.keys(SUBJECTS), BUN_ROW].filter(
  (name) => name === BASELINE || name.includes(ONLY),
);
const SEMAPHORE_NAMES = Object.keys(SEMAPHORE_SUBJECTS).filter((name) => name.includes(ONLY));
const SEMAPHORE_LIMIT = 3;
/** Rows that measure what an event listener costs: the uncontended cycle says it. */
const LISTENER_ROWS = ['@mutex/ioredis (event listener)', '@mutex/ioredis (OpenTelemetry)'];
const UNCONTENDED_ONLY = new Set(LISTENER_ROWS);
const CONTENDED = NAMES.filter((name) => !UNCONTENDED_ONLY.has(name));
/** Waiter scaling: every contended library. */
const WAITER_SCALED = CONTENDED;
/** Name scaling: the Redis-protocol libraries; HTTP ones would take 10,000s of requests to our in-process REST endpoint. */
const NAME_SCALED = CONTENDED.filter(
  (name) => !isHttp(name) && name !== '@mutex/ioredis (fair)' && name !== BUN_ROW,
);

const lab = await startLab();
const { server, proxy, rest, inspector } = lab;
const bench: BenchLab = {
  direct: lab.direct,
  counted: lab.proxied,
  inspector,
  meter: await redisMeter(inspector),
  sent: (http) => (http ? rest.stats.requests : proxy.stats.commands),
};
console.log(
  `Redis ${server.url} (${server.source}); ${ROUNDS} interleaved rounds; medians reported`,
);

/** Seconds spent per scenario, printed at the end to budget the full run. */
const spent: Record<string, number> = {};
async function timed<T>(scenario: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } finally {
    spent[scenario] = (spent[scenario] ?? 0) + (performance.now() - started) / 1000;
  }
}

const needsPool =
  (MAIN && (CONTENDED.some((n) => n !== BUN_ROW) || SEMAPHORE_NAMES.length > 0)) ||
  (SCALING && WAITER_SCALED.length > 0);
let pool = needsPool
  ? await timed('pool start', () => Pool.start(Math.max(WORKERS, SCALING ? 8 : 0)))
  : undefined;
/** The pool, started afresh if a worker died (a library's crash should not end the bench). */
async function livePool(): Promise<Pool> {
  if (pool === undefined || !pool.alive) {
    pool?.stop();
    pool = await timed('pool start', () => Pool.start(Math.max(WORKERS, SCALING ? 8 : 0)));
  }
  return pool;
}

/** How to run windows of `name`: the Bun row in Bun processes, the rest on the pool. */
const measureFor = async (name: string) =>
  measurer(bench, name, name === BUN_ROW ? undefined : await livePool());

/** Bun's own client under Bun, per round: the raw baseline's cycles/s in the same Bun process. */
const bunBaseline: number[] = [];

/** Sequential uncontended acquire+release cycles for 1 s: cycles/s and per-cycle latency. */
async function uncontended(name: string): Promise<Uncontended> {
  if (name === BUN_ROW) {
    const measured = JSON.parse(await runUnderBun('uncontended.ts', lab.direct));
    bunBaseline.push(measured.rawPerSecond);
    return { perSecond: measured.perSecond, p50: measured.p50, p99: measured.p99 };
  }
  return cycles(await (SUBJECTS[name] as (typeof SUBJECTS)[string])(lab.direct));
}

type Rows = {
  uncontended: Uncontended[];
  contention: ContentionResult[];
  givingUp: GivingUpResult[];
};
const rows = Object.fromEntries(
  NAMES.map((n) => [n, { uncontended: [], contention: [], givingUp: [] }]),
) as Record<string, Rows>;
const waiterPoints: Record<string, WaiterPoint[]> = {};
const scaleWaitersNow = async (name: string, levels: number[]) => {
  const points = waiterPoints[name] ?? [];
  waiterPoints[name] = points;
  for (const waiters of levels) {
    points.push(
      await timed('waiter scaling', async () =>
        waiterPoint(bench, await measureFor(name), name, waiters, SCALING_OPTIONS),
      ),
    );
  }
};

if (MAIN) {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const name of NAMES) {
      process.stdout.write(`round ${round}/${ROUNDS}: ${name}\n`);
      const r = rows[name] as Rows;
      r.uncontended.push(await timed('uncontended', () => uncontended(name)));
      if (UNCONTENDED_ONLY.has(name)) continue;
      const bun = name === BUN_ROW;
      r.contention.push(
        await timed(bun ? 'contention (Bun)' : 'contention', async () =>
          contention(bench, await measureFor(name), name, round, CONTENTION),
        ),
      );
      // One round of waiter scaling, interleaved like the rest; 8 waiters come from contention.
      if (SCALING && round === 1) {
        await scaleWaitersNow(
          name,
          WAITER_LEVELS.filter((w) => w !== 8 || WORKERS !== 8),
        );
      }
      // In-process only: not for the Bun row.
      if (!bun) r.givingUp.push(await timed('giving up', () => givingUp(bench, name, round)));
    }
  }
} else if (SCALING) {
  for (const name of WAITER_SCALED) {
    process.stdout.write(`waiter scaling: ${name}\n`);
    await scaleWaitersNow(name, WAITER_LEVELS);
  }
}

const semaphoreResults = Object.fromEntries(
  SEMAPHORE_NAMES.map((n) => [n, [] as SemaphoreResult[]]),
);
for (let round = 1; MAIN && round <= ROUNDS; round++) {
  for (const name of SEMAPHORE_NAMES) {
    process.stdout.write(`round ${round}/${ROUNDS}: ${name}\n`);
    semaphoreResults[name]?.push(
      await timed('semaphores', async () =>
        semaphoreContention(bench, await livePool(), name, round, SEMAPHORE_LIMIT, CONTENTION),
      ),
    );
  }
}
pool?.stop();

const nameScaling: ({ library: string } & NameScaling)[] = [];
for (const name of SCALING ? NAME_SCALED : []) {
  process.stdout.write(`name scaling: ${name}\n`);
  nameScaling.push({
    library: name,
    ...(await timed('name scaling', () => scaleNames(bench, name))),
  });
}

const sentUnit = (name: string): 'HTTP requests' | 'commands' =>
  isHttp(name) ? 'HTTP requests' : 'commands';
const perSecond = (name: string) => median((rows[name]?.uncontended ?? []).map((u) => u.perSecond));
const baseRate = perSecond(BASELINE);
const results: BenchResults = {
  version: 1,
  date: new Date().toISOString(),
  options: {
    rounds: ROUNDS,
    workers: WORKERS,
    contentionSeconds: CONTENTION.durationMs / 1000,
    costSeconds: CONTENTION.costMs / 1000,
    holdMs: CONTENTION.holdMs,
    scalingSeconds: SCALING_OPTIONS.durationMs / 1000,
    only: ONLY,
    scaling: SCALING,
    main: MAIN,
  },
  redis: { url: server.url, source: server.source },
  uncontended: MAIN
    ? NAMES.map((library) => {
        const rounds = (rows[library] as Rows).uncontended;
        const m = medians(rounds);
        return { library, median: { ...m, vsBaseline: m.perSecond / baseRate }, rounds };
      })
    : [],
  ...(bunBaseline.length > 0 ? { bunBaselinePerSecond: median(bunBaseline) } : {}),
  listenerRatios:
    MAIN && rows[OURS] !== undefined
      ? LISTENER_ROWS.filter((n) => rows[n] !== undefined).map((library) => ({
          library,
          ratio: perSecond(library) / perSecond(OURS),
        }))
      : [],
  contention: MAIN
    ? CONTENDED.map((library) => {
        const rounds = (rows[library] as Rows).contention;
        return {
          library,
          sentUnit: sentUnit(library),
          median: medians(rounds),
          overlaps: Math.max(...rounds.map((x) => x.overlaps)),
          perWorker: rounds.map((x) => x.perWorker),
          rounds,
        };
      })
    : [],
  semaphores: SEMAPHORE_NAMES.filter(() => MAIN).map((library) => {
    const rounds = semaphoreResults[library] ?? [];
    return {
      library,
      limit: SEMAPHORE_LIMIT,
      median: medians(rounds),
      mostInside: Math.max(...rounds.map((x) => x.mostInside)),
      rounds,
    };
  }),
  givingUp: MAIN
    ? CONTENDED.filter((n) => n !== BUN_ROW).map((library) => {
        const rounds = (rows[library] as Rows).givingUp;
        return { library, failedAfterMs: median(rounds.map((x) => x.failedAfter)), rounds };
      })
    : [],
  waiterScaling: Object.entries(waiterPoints).map(([library, measured]) =>
    // 8 waiters: the contention run, when it is 8 processes x 1 waiter.
    waiterSeries(
      library,
      sentUnit(library),
      measured,
      MAIN && WORKERS === 8 ? (rows[library] as Rows).contention : [],
    ),
  ),
  nameScaling,
};

if (MAIN) printMainTables(results, BUN_ROW);
printScalingTables(results, OURS);
await writeFile(values.json as string, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nResults as JSON: ${values.json}`);
const fullRun = ONLY === '' && MAIN && SCALING;
const chartsDir =
  values.charts ??
  (fullRun
    ? fileURLToPath(new URL('../../../docs/bench', import.meta.url))
    : join(tmpdir(), 'mutex-bench-charts'));
console.log(`Charts: ${(await writeCharts(results, chartsDir)).join(', ')}`);
console.log(
  `Time per scenario (s): ${Object.entries(spent)
    .map(([scenario, seconds]) => `${scenario} ${seconds.toFixed(0)}`)
    .join(', ')}; total ${(performance.now() / 1000).toFixed(0)}`,
);

await lab.stop();
process.exit(0);
