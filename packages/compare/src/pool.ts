// The parent side of pnpm bench's contention pool: --workers (at least 8 with the scaling
// scenarios) worker processes (pool-worker.ts) started once and used by every library in
// turn. Each measured window reads Redis's INFO (redis-meter.ts) after every waiter's client
// has connected and before any closes, so Redis's CPU and calls per acquisition count only
// the contention itself, not connection setup or teardown.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerSections } from './bench-stats.js';
import { CONDITIONS } from './packages-as.js';
import type { PoolReply, PoolRequest } from './pool-worker.js';
import type { RedisMeter } from './redis-meter.js';
import type { Endpoints } from './subjects.js';

const WORKER = fileURLToPath(new URL('./pool-worker.ts', import.meta.url));

export interface Window {
  subject: string;
  at: Endpoints;
  /** Processes taking part (the first of the pool's). */
  processes: number;
  /** Waiters in each of them, each with its own client. */
  waitersPerProcess: number;
  lockName: string;
  durationMs: number;
  holdMs: number;
  /** For a semaphore subject: its limit. */
  limit?: number;
}

export interface Measured {
  /** Each waiter's sections, the whole run. */
  sections: WorkerSections[];
  failures: number;
  /** Sections that started in the counted (steady) part of the run. */
  acquisitions: number;
  /** Client commands (through the proxy) or HTTP requests sent in the counted part. */
  sent: number;
  /** Redis's main-thread CPU in the counted part, in µs. */
  redisCpuMicros: number;
  /** Calls Redis ran in the counted part, scripts' own included. */
  redisCalls: number;
}

/** Left out of the counted part at the start of a run: every waiter's first attempt. */
const WARM_MS = 250;

const sleepUntil = (at: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

/** Counts what clients sent so far: the proxy's commands or the REST endpoint's requests. */
export type SentCounter = () => number;

/** One worker process, asked one thing at a time. */
class Worker {
  private pending: { resolve(reply: PoolReply): void; reject(error: Error): void } | undefined;
  private exited: Error | undefined;
  readonly ready: Promise<PoolReply>;
  constructor(private readonly child: ChildProcess) {
    child.on('message', (reply: PoolReply) => {
      const pending = this.pending;
      this.pending = undefined;
      pending?.resolve(reply);
    });
    child.on('exit', (code) => {
      this.exited = new Error(`pool worker exited (${code})`);
      this.pending?.reject(this.exited);
      this.pending = undefined;
    });
    this.ready = this.next();
  }
  private next() {
    return new Promise<PoolReply>((resolve, reject) => {
      if (this.exited === undefined) this.pending = { resolve, reject };
      else reject(this.exited);
    });
  }
  async ask(request: PoolRequest): Promise<PoolReply> {
    const reply = this.next();
    this.child.send(request);
    const answer = await reply;
    if (answer.type === 'error') throw new Error(`pool worker: ${answer.message}`);
    return answer;
  }
  get alive() {
    return this.exited === undefined;
  }
  stop() {
    if (this.child.connected) this.child.disconnect();
  }
}

export class Pool {
  private readonly workers: Worker[];
  private constructor(workers: Worker[]) {
    this.workers = workers;
  }

  /** Starts `size` worker processes and waits until each has loaded every subject. */
  static async start(size: number): Promise<Pool> {
    const workers = Array.from(
      { length: size },
      () =>
        new Worker(
          fork(WORKER, [], {
            execArgv: ['--import', 'tsx', ...CONDITIONS],
            stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
          }),
        ),
    );
    await Promise.all(workers.map((w) => w.ready));
    return new Pool(workers);
  }

  get size() {
    return this.workers.length;
  }

  /** Whether every worker is still running. */
  get alive() {
    return this.workers.every((worker) => worker.alive);
  }

  /**
   * Opens the window's clients, runs it, and closes them. Costs are counted over the steady
   * part only: from `warmMs` after the common start (every waiter has made its first attempt
   * and joined whatever queue the library keeps) to the end of `durationMs`, and divided by
   * the sections that started in between; Redis is read at those two moments by this
   * process's timers, on the clock the workers stamp sections with.
   */
  async measure(window: Window, meter: RedisMeter, sent: SentCounter): Promise<Measured> {
    const taking = this.workers.slice(0, window.processes);
    const ask = async (request: PoolRequest) => Promise.all(taking.map((w) => w.ask(request)));
    await ask({
      type: 'open',
      subject: window.subject,
      waiters: window.waitersPerProcess,
      limit: window.limit,
      ...window.at,
    });
    // Every client is connected: a short common start is enough.
    const startAt = Date.now() + 20;
    const warmMs = Math.min(WARM_MS, window.durationMs / 4);
    const counting = (async () => {
      await sleepUntil(startAt + warmMs);
      const from = process.hrtime.bigint();
      const before = await meter.read();
      const sentBefore = sent();
      await sleepUntil(startAt + window.durationMs);
      const to = process.hrtime.bigint();
      const sentInWindow = sent() - sentBefore;
      return { from, to, sent: sentInWindow, redis: await meter.since(before) };
    })();
    const replies = await ask({
      type: 'run',
      lockName: window.lockName,
      durationMs: window.durationMs,
      holdMs: window.holdMs,
      startAt,
    });
    const counted = await counting;
    await ask({ type: 'close' });
    const sections = replies.flatMap((reply) => (reply.type === 'ran' ? reply.sections : []));
    const failures = replies.reduce((sum, r) => sum + (r.type === 'ran' ? r.failures : 0), 0);
    const acquisitions = sections
      .flat()
      .filter(([start]) => BigInt(start) >= counted.from && BigInt(start) < counted.to).length;
    return {
      sections,
      failures,
      acquisitions,
      sent: counted.sent,
      redisCpuMicros: counted.redis.cpuMicros,
      redisCalls: counted.redis.calls,
    };
  }

  stop() {
    for (const worker of this.workers) worker.stop();
  }
}
