// pnpm bench: this project's adapters against peer lock libraries, side by side in one run,
// in interleaved rounds, reporting medians. Starts its own Redis (or uses REDIS_URL), a
// command-counting TCP proxy in front of it, and the Upstash-REST endpoint.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runSourceWorker } from '@mutex/testkit';
import { totalCalls } from '@mutex/tools/commandstats';
import { median } from '@mutex/tools/stats';
import { cycles } from './bench-loop.js';
import { contentionFacts, semaphoreFacts, type WorkerSections } from './bench-stats.js';
import { BUN_ROW, runUnderBun } from './bun/run.js';
import { startLab } from './lab.js';
import { SEMAPHORE_SUBJECTS } from './semaphore-subjects.js';
import { type Held, SUBJECTS } from './subjects.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    workers: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '3' },
    /** Only the subjects whose name contains this (the raw baseline always runs). */
    only: { type: 'string', default: '' },
  },
});
const ROUNDS = Number(values.rounds);
const WORKERS = Number(values.workers);
const CONTENTION_MS = Number(values.seconds) * 1000;
const HOLD_MS = 2;
const COST_MS = 1000;
const BASELINE = 'raw commands (baseline)';
const NAMES = [...Object.keys(SUBJECTS), BUN_ROW].filter(
  (name) => name === BASELINE || name.includes(values.only as string),
);
const SEMAPHORE_NAMES = Object.keys(SEMAPHORE_SUBJECTS).filter((name) =>
  name.includes(values.only as string),
);
const SEMAPHORE_LIMIT = 3;
/** Rows that measure what an event listener costs: the uncontended cycle says it. */
const LISTENER_ROWS = ['@mutex/ioredis (event listener)', '@mutex/ioredis (OpenTelemetry)'];
const UNCONTENDED_ONLY = new Set(LISTENER_ROWS);
const CONTENDED = NAMES.filter((name) => !UNCONTENDED_ONLY.has(name));

const lab = await startLab();
const { server, proxy, rest, inspector, direct, proxied: counted } = lab;
const worker = fileURLToPath(new URL('./bench-worker.ts', import.meta.url));
const isHttp = (name: string) => name.includes('upstash');
console.log(
  `Redis ${server.url} (${server.source}); ${ROUNDS} interleaved rounds; medians reported`,
);

/** Bun's own client under Bun, per round: the raw baseline's cycles/s in the same Bun process. */
const bunBaseline: number[] = [];

/** Sequential uncontended acquire+release cycles for 1 s: cycles/s and per-cycle latency. */
async function uncontended(name: string) {
  if (name === BUN_ROW) {
    const measured = JSON.parse(await runUnderBun('uncontended.ts', direct));
    bunBaseline.push(measured.rawPerSecond);
    return measured as { perSecond: number; p50: number; p99: number };
  }
  return cycles(await (SUBJECTS[name] as (typeof SUBJECTS)[string])(direct));
}

/**
 * WORKERS processes on one lock, HOLD_MS sections. Speed is measured straight to Redis for
 * CONTENTION_MS; what each client sends is counted in a shorter run through the counting
 * proxy (COST_MS), whose extra hop would otherwise slow every handoff.
 */
async function contention(name: string, round: number, via: 'direct' | 'proxy') {
  const lockName = `bench-${round}-${via}-${name.replace(/\W+/g, '-')}`;
  const task = {
    subject: name,
    ...(via === 'direct' ? direct : counted),
    lockName,
    durationMs: via === 'direct' ? CONTENTION_MS : COST_MS,
    holdMs: HOLD_MS,
  };
  const startAt = Date.now() + 1500; // after every worker has started and connected
  const [commandsBefore, requestsBefore] = [proxy.stats.commands, rest.stats.requests];
  const executedBefore = await commandsExecuted();
  const outputs = await Promise.all(
    Array.from({ length: WORKERS }, () =>
      name === BUN_ROW
        ? runUnderBun('worker.ts', { ...task, startAt })
        : runSourceWorker(worker, [JSON.stringify({ ...task, startAt })]),
    ),
  );
  const reports = outputs.map(
    (stdout) => JSON.parse(stdout) as { sections: WorkerSections; failures: number },
  );
  const facts = contentionFacts(reports.map((r) => r.sections));
  const failures = reports.reduce((sum, r) => sum + r.failures, 0);
  const sent = isHttp(name)
    ? rest.stats.requests - requestsBefore
    : proxy.stats.commands - commandsBefore;
  const executed = (await commandsExecuted()) - executedBefore - 1; // less our own INFO
  // Connection setup (HELLO, CLIENT SETINFO...) is counted too; spread over the run it is small.
  return {
    ...facts,
    failures,
    costPerAcquisition: sent / facts.acquisitions,
    executedPerAcquisition: executed / facts.acquisitions,
  };
}

/**
 * WORKERS processes on a semaphore of SEMAPHORE_LIMIT, HOLD_MS sections, one permit each:
 * speed straight to Redis for CONTENTION_MS, commands sent counted through the proxy (COST_MS).
 */
async function semaphoreContention(name: string, round: number) {
  const run = async (via: 'direct' | 'proxy') => {
    const task = {
      subject: name,
      limit: SEMAPHORE_LIMIT,
      ...(via === 'direct' ? direct : counted),
      lockName: `semaphore-${round}-${via}-${name.replace(/\W+/g, '-')}`,
      durationMs: via === 'direct' ? CONTENTION_MS : COST_MS,
      holdMs: HOLD_MS,
      startAt: Date.now() + 1500,
    };
    const before = proxy.stats.commands;
    const outputs = await Promise.all(
      Array.from({ length: WORKERS }, () => runSourceWorker(worker, [JSON.stringify(task)])),
    );
    const reports = outputs.map(
      (stdout) => JSON.parse(stdout) as { sections: WorkerSections; failures: number },
    );
    const facts = semaphoreFacts(
      reports.map((r) => r.sections),
      SEMAPHORE_LIMIT,
    );
    return { facts, sent: proxy.stats.commands - before };
  };
  const { facts } = await run('direct');
  const cost = await run('proxy');
  return { ...facts, costPerAcquisition: cost.sent / cost.facts.acquisitions };
}

/** Commands Redis has run, those called inside scripts included (INFO commandstats). */
async function commandsExecuted(): Promise<number> {
  return totalCalls(await inspector.info('commandstats'));
}

/** A waiter limited to 300 ms on a held lock: when does it fail, and does it take the lock later? */
async function givingUp(name: string, round: number) {
  const make = SUBJECTS[name] as (typeof SUBJECTS)[string];
  const [holderSide, waiterSide] = [await make(direct), await make(direct)];
  const lockName = `give-up-${round}-${name.replace(/\W+/g, '-')}`;
  const holder = await holderSide.acquire(lockName, 1000, 10_000);
  const started = performance.now();
  let taken: Held | undefined;
  let failedAfter = Number.NaN;
  const waiting = waiterSide.acquire(lockName, 300, 10_000).then(
    (held) => {
      taken = held;
    },
    () => {
      failedAfter = performance.now() - started;
    },
  );
  await new Promise((resolve) => setTimeout(resolve, 600));
  await holder.release();
  await Promise.race([waiting, new Promise((resolve) => setTimeout(resolve, 3000))]);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const takenAfter =
    taken !== undefined || (await inspector.exists(waiterSide.key(lockName))) === 1;
  await taken?.release().catch(() => {});
  await inspector.del(waiterSide.key(lockName));
  await Promise.all([holderSide.close(), waiterSide.close()]);
  return { failedAfter, takenAfter };
}

type Result = {
  uncontended: Awaited<ReturnType<typeof uncontended>>[];
  contention: Awaited<ReturnType<typeof contention>>[];
  givingUp: Awaited<ReturnType<typeof givingUp>>[];
};
const results = Object.fromEntries(
  NAMES.map((n) => [n, { uncontended: [], contention: [], givingUp: [] }]),
) as Record<string, Result>;
for (let round = 1; round <= ROUNDS; round++) {
  for (const name of NAMES) {
    process.stdout.write(`round ${round}/${ROUNDS}: ${name}\n`);
    const r = results[name] as Result;
    r.uncontended.push(await uncontended(name));
    if (UNCONTENDED_ONLY.has(name)) continue;
    const speed = await contention(name, round, 'direct');
    const cost = await contention(name, round, 'proxy');
    r.contention.push({ ...speed, costPerAcquisition: cost.costPerAcquisition });
    if (name !== BUN_ROW) r.givingUp.push(await givingUp(name, round)); // in-process only
  }
}

const semaphoreResults = Object.fromEntries(
  SEMAPHORE_NAMES.map((n) => [n, [] as Awaited<ReturnType<typeof semaphoreContention>>[]]),
);
for (let round = 1; round <= ROUNDS; round++) {
  for (const name of SEMAPHORE_NAMES) {
    process.stdout.write(`round ${round}/${ROUNDS}: ${name}\n`);
    semaphoreResults[name]?.push(await semaphoreContention(name, round));
  }
}

const med = <T>(list: T[], pick: (item: T) => number) => median(list.map(pick));
const f = (value: number, digits = 2) => (Number.isNaN(value) ? '-' : value.toFixed(digits));
const baseline = results[BASELINE] as Result;
const baseRate = med(baseline.uncontended, (u) => u.perSecond);
const table = (header: string[], rows: string[][]) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => ' --- |').join('')}`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

console.log(`\n### Uncontended: sequential acquire + release\n`);
console.log(
  table(
    ['library', 'cycles/s', 'vs raw baseline', 'p50 ms', 'p99 ms'],
    NAMES.map((name) => {
      const u = (results[name] as Result).uncontended;
      const rate = med(u, (x) => x.perSecond);
      return [
        name,
        f(rate, 0),
        `${f(rate / baseRate)}x`,
        f(
          med(u, (x) => x.p50),
          3,
        ),
        f(
          med(u, (x) => x.p99),
          3,
        ),
      ];
    }),
  ),
);
const without = results['@mutex/ioredis'];
if (bunBaseline.length > 0) {
  const bunRate = med((results[BUN_ROW] as Result).uncontended, (u) => u.perSecond);
  console.log(
    `\nUnder Bun: ${BUN_ROW} ran ${f(bunRate / median(bunBaseline))}x the raw baseline over Bun's own client in the same Bun process (${f(bunRate, 0)} vs ${f(median(bunBaseline), 0)} cycles/s); the ratio above is against the Node baseline.`,
  );
}
if (without !== undefined) {
  const rateOf = (r: Result) => med(r.uncontended, (u) => u.perSecond);
  const ratios = LISTENER_ROWS.filter((name) => results[name] !== undefined).map(
    (name) => `${name}: ${f(rateOf(results[name] as Result) / rateOf(without))}x`,
  );
  if (ratios.length > 0) {
    console.log(
      `\nEvents: uncontended cycles/s with a listener, over without one: ${ratios.join('; ')}`,
    );
  }
}
console.log(
  `\n### Contention: ${WORKERS} processes, one lock, ${HOLD_MS} ms sections, ${CONTENTION_MS / 1000} s\n`,
);
console.log(
  table(
    [
      'library',
      'acq/s',
      'handoff p50/p99 ms',
      'to another worker p50/p99 ms',
      'handoffs to another worker',
      'fewest/most per worker',
      'wait p99/max ms',
      'overlaps',
      'gave up',
      'sent per acquisition',
      'run by Redis per acquisition, scripts included',
    ],
    CONTENDED.map((name) => {
      const c = (results[name] as Result).contention;
      return [
        name,
        f(
          med(c, (x) => x.perSecond),
          0,
        ),
        `${f(med(c, (x) => x.handoffP50))} / ${f(med(c, (x) => x.handoffP99))}`,
        `${f(med(c, (x) => x.otherWorkerP50))} / ${f(med(c, (x) => x.otherWorkerP99))}`,
        `${f(med(c, (x) => x.toAnother) * 100, 0)}%`,
        `${f(
          med(c, (x) => x.fewest),
          0,
        )} / ${f(
          med(c, (x) => x.most),
          0,
        )}`,
        `${f(
          med(c, (x) => x.waitP99),
          0,
        )} / ${f(
          med(c, (x) => x.waitMax),
          0,
        )}`,
        String(Math.max(...c.map((x) => x.overlaps))),
        f(
          med(c, (x) => x.failures),
          0,
        ),
        `${f(med(c, (x) => x.costPerAcquisition))} ${isHttp(name) ? 'HTTP requests' : 'commands'}`,
        f(med(c, (x) => x.executedPerAcquisition)),
      ];
    }),
  ),
);
if (SEMAPHORE_NAMES.length > 0) {
  console.log(
    `\n### Semaphores: ${WORKERS} processes, limit ${SEMAPHORE_LIMIT}, one permit each, ${HOLD_MS} ms sections, ${CONTENTION_MS / 1000} s\n`,
  );
  console.log(
    table(
      [
        'library',
        'acq/s',
        'handoff p50/p99 ms',
        'fewest/most per worker',
        'wait p99/max ms',
        'most inside at once',
        'sent per acquisition',
      ],
      SEMAPHORE_NAMES.map((name) => {
        const s = semaphoreResults[name] ?? [];
        return [
          name,
          f(
            med(s, (x) => x.perSecond),
            0,
          ),
          `${f(med(s, (x) => x.handoffP50))} / ${f(med(s, (x) => x.handoffP99))}`,
          `${f(
            med(s, (x) => x.fewest),
            0,
          )} / ${f(
            med(s, (x) => x.most),
            0,
          )} (${f(med(s, (x) => x.fewest / x.most))})`,
          `${f(
            med(s, (x) => x.waitP99),
            0,
          )} / ${f(
            med(s, (x) => x.waitMax),
            0,
          )}`,
          String(Math.max(...s.map((x) => x.mostInside))),
          `${f(med(s, (x) => x.costPerAcquisition))} commands`,
        ];
      }),
    ),
  );
}
console.log(`\n### Giving up: a waiter limited to 300 ms on a held lock\n`);
console.log(
  table(
    ['library', 'failed after ms (median)', 'took the lock after giving up'],
    CONTENDED.filter((name) => name !== BUN_ROW).map((name) => {
      const g = (results[name] as Result).givingUp;
      return [
        name,
        f(
          med(g, (x) => x.failedAfter),
          0,
        ),
        `${g.filter((x) => x.takenAfter).length} of ${g.length} rounds`,
      ];
    }),
  ),
);

await lab.stop();
process.exit(0);
