// Runs the real demo, small, against the test Redis, and reads the timeline it writes.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { byClass, parseXml } from '@mutex/tools/xml';
import { afterAll, expect, inject, it } from 'vitest';

const WORKERS = 2;
const SECTIONS = 10;
const demo = fileURLToPath(new URL('../src/demo.ts', import.meta.url));
const dir = await mkdtemp(join(tmpdir(), 'mutex-demo-test-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs the demo to its end, whatever its exit code, and resolves to what it printed. */
function runDemo(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--conditions=@mutex/source', demo, ...args],
      { env: { ...process.env, REDIS_URL: inject('redisUrl') }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

it(`pnpm demo --workers ${WORKERS} --sections ${SECTIONS} writes a timeline with every section of every run`, async () => {
  const file = join(dir, 'timeline.svg');
  const { code, stdout, stderr } = await runDemo([
    '--workers',
    String(WORKERS),
    '--sections',
    String(SECTIONS),
    '--timeline',
    file,
  ]);
  const context = `exit code ${code}\n${stdout}\n${stderr}`;
  expect(stdout, context).toContain('With the lock: no lost update and no overlap');
  expect(stdout.trimEnd().split('\n').at(-1), context).toBe(`timeline: ${file}`);

  const svg = parseXml(await readFile(file, 'utf8'));
  expect(svg.name).toBe('svg');
  const runs = byClass(svg, 'run');
  expect(runs.map((run) => run.attributes['data-name'])).toEqual([
    'ioredis',
    'node-redis',
    'upstash',
    'ioredis, NO LOCK',
    'semaphore over ioredis (limit 3)',
    'semaphore over node-redis (limit 3)',
    'semaphore over upstash (limit 3)',
    'NO SEMAPHORE (limit 3)',
  ]);
  // The semaphore runs make at most 40 sections per worker; with 10 that is all of them.
  for (const run of runs) {
    expect(byClass(run, 'section'), run.attributes['data-name']).toHaveLength(WORKERS * SECTIONS);
    expect(run.attributes['data-sections']).toBe(String(WORKERS * SECTIONS));
    const marks = byClass(run, 'overlap').length;
    expect(marks > 0, run.attributes['data-name']).toBe(run.attributes['data-overlaps'] !== '0');
  }
  // The locked runs, and the semaphore runs (2 workers can never be over a limit of 3): no red.
  for (const run of [...runs.slice(0, 3), ...runs.slice(4)]) {
    expect(byClass(run, 'overlap'), run.attributes['data-name']).toHaveLength(0);
  }
}, 180_000);

it('says how to use it, --timeline included', async () => {
  // `pnpm demo -- --help` passes the `--` on.
  for (const args of [['--help'], ['--', '--help']]) {
    const { code, stdout } = await runDemo(args);
    expect(code).toBe(0);
    expect(stdout).toMatch(/--timeline FILE .*default .*mutex-demo-timeline\.svg/);
  }
});
