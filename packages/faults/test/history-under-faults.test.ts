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

describe.each(ADAPTERS)('history under faults, %s', (adapter) => {
  it(`${WORKERS} processes through a SIGKILL + restart and a pause longer than the lease: no overlap, fences in order`, async () => {
    // appendfsync always: the fencing counter must survive the kill, or it would go backwards
    // (a limit the README states).
    const redis = await startLocalRedis(['--appendonly', 'yes', '--appendfsync', 'always']);
    const rest = await startUpstashRestServer({ redisUrl: redis.url });
    const dir = await mkdtemp(join(tmpdir(), 'mutex-history-'));
    try {
      const lockName = `history:${adapter}`;
      const tasks: HistoryTask[] = Array.from({ length: WORKERS }, (_, i) => ({
        adapter,
        redisUrl: redis.url,
        restUrl: rest.url,
        restToken: rest.token,
        holder: `${adapter}-${i}`,
        lockName,
        ttl: TTL,
        sections: 150,
        durationMs: 8000,
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
      const verdict = checkHistory(history);
      console.info(
        `[history] ${adapter}: ${verdict.sections} sections by ${verdict.holders} holders checked, ${verdict.violations.length} violations; errors seen by workers: ${JSON.stringify(reports.map((r) => r.errors))}`,
      );
      expect(verdict.violations.map(describeViolation)).toEqual([]);
      expect(verdict.holders).toBe(WORKERS);
      expect(verdict.sections).toBeGreaterThan(100);

      const check = new Redis(redis.url);
      await sleep(TTL + 100);
      expect(await check.exists(`mutex:{${lockName}}`)).toBe(0); // nothing left behind
      check.disconnect();
    } finally {
      await rest.stop();
      await redis.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
