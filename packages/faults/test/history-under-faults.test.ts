import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSourceWorker, startLocalRedis, startUpstashRestServer } from '@mutex/testkit';
import { ADAPTERS } from '@mutex/tools/adapters';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { checkHistory, describeViolation, parseHistory } from '../src/history.js';
import type { HistoryTask } from '../src/history-worker.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const worker = fileURLToPath(new URL('../src/history-worker.ts', import.meta.url));
const WORKERS = 3;
const TTL = 500;
/** What each primitive is checked against: at most this much weight inside at once. */
const PRIMITIVES = [
  ['mutex', 1],
  ['semaphore', 2],
  ['read-write', WORKERS],
] as const;

describe.each(ADAPTERS)('history under faults, %s', (adapter) => {
  it.each(PRIMITIVES)(
    `%s: ${WORKERS} processes through a SIGKILL + restart, client kills and a pause longer than the lease: never over the limit, fences in order`,
    async (primitive, limit) => {
      // appendfsync always: the fencing counter must survive the kill, or it would go backwards
      // (a limit the README states).
      const redis = await startLocalRedis(['--appendonly', 'yes', '--appendfsync', 'always']);
      const rest = await startUpstashRestServer({ redisUrl: redis.url });
      const dir = await mkdtemp(join(tmpdir(), 'mutex-history-'));
      try {
        const lockName = `history:${adapter}:${primitive}`;
        const tasks: HistoryTask[] = Array.from({ length: WORKERS }, (_, i) => ({
          adapter,
          primitive,
          limit,
          redisUrl: redis.url,
          restUrl: rest.url,
          restToken: rest.token,
          holder: `${adapter}-${i}`,
          lockName,
          ttl: TTL,
          // Until the time is up, so that every fault lands while all of them work.
          sections: 100_000,
          durationMs: 7000,
          logFile: join(dir, `worker-${i}.jsonl`),
        }));
        const workers = Promise.all(
          tasks.map((task) => runSourceWorker(worker, [JSON.stringify(task)])),
        );
        await sleep(1500);
        await redis.kill(); // while a lock is held and others wait
        await sleep(700);
        await redis.restart();
        await sleep(1000);
        const admin = new Redis(redis.url);
        await admin.call('CLIENT', 'PAUSE', String(TTL * 2), 'ALL'); // longer than the lease
        await sleep(TTL * 2 + 500);
        // Every other connection dropped at once: the workers' commands and subscriptions.
        await admin.call('CLIENT', 'KILL', 'SKIPME', 'yes');
        admin.disconnect();
        const outputs = await workers;

        const reports = outputs.map(
          (stdout) => JSON.parse(stdout) as { entered: number; errors: object },
        );
        const history = parseHistory(
          (
            await Promise.all(tasks.map((task) => readFile(task.logFile, 'utf8').catch(() => '')))
          ).join(''),
        );
        const verdict = checkHistory(history, limit);
        console.info(
          `[history] ${adapter} ${primitive}: ${verdict.sections} sections by ${verdict.holders} holders checked, ${verdict.violations.length} violations; errors seen by workers: ${JSON.stringify(reports.map((r) => r.errors))}`,
        );
        expect(verdict.violations.map(describeViolation)).toEqual([]);
        expect(verdict.holders).toBe(WORKERS);
        // Enough sections to mean something; a read-write lock over polling (Upstash without
        // notifications) hands over only at each waiter's next poll, so it runs fewer.
        expect(verdict.sections).toBeGreaterThan(50);

        const check = new Redis(redis.url);
        await sleep(TTL + 100);
        // Nothing left held.
        const base = `mutex:{${lockName}}`;
        const held = {
          mutex: [base],
          semaphore: [`${base}:semaphore`],
          'read-write': [`${base}:rw:writer`, `${base}:rw:readers`],
        }[primitive];
        expect(await check.exists(...held)).toBe(0);
        check.disconnect();
      } finally {
        await rest.stop();
        await redis.stop();
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
