import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ChildOutcome, runChild } from '@mutex/tools/child';

/** packages/bun */
const root = fileURLToPath(new URL('..', import.meta.url));

/** Bun from the npm registry (@oven/bun-linux-x64, a devDependency): throws, never skips. */
export function bunBinary(): string {
  const path = join(root, 'node_modules/@oven/bun-linux-x64/bin/bun');
  try {
    accessSync(path, constants.X_OK);
  } catch (error) {
    throw new Error(
      `Bun is missing: ${path} is not there or not executable. It comes from the npm package @oven/bun-linux-x64 in packages/bun/package.json: run \`pnpm install --frozen-lockfile\` at the repository root.`,
      { cause: error },
    );
  }
  return path;
}

/** One test as a runner reports it: its full name (`describe > ... > it`) and its outcome. */
export interface TestResult {
  readonly file: string;
  readonly name: string;
  readonly passed: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decodeXml = (text: string) =>
  text.replace(/&(#\d+|[a-z]+);/g, (whole, entity: string) =>
    entity.startsWith('#')
      ? String.fromCharCode(Number(entity.slice(1)))
      : (ENTITIES[entity] ?? whole),
  );
const attribute = (attributes: string, name: string) =>
  decodeXml(new RegExp(`\\b${name}="([^"]*)"`).exec(attributes)?.[1] ?? '');

/**
 * The test cases of Bun's JUnit report. Bun names a case's describe blocks innermost first
 * (`inner > outer`) in `classname`; the full name here is outermost first, as Vitest's.
 */
export function parseJunit(xml: string): TestResult[] {
  const results: TestResult[] = [];
  for (const match of xml.matchAll(/<testcase\s([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const [, attributes = '', , body = ''] = match;
    const scopes = attribute(attributes, 'classname').split(' > ').reverse();
    results.push({
      file: attribute(attributes, 'file'),
      name: [...scopes, attribute(attributes, 'name')].join(' > '),
      passed: !/<(failure|error|skipped)\b/.test(body),
    });
  }
  return results;
}

/**
 * Runs the Bun-run test files (test/bun/*.spec.ts) with `bun test`, TypeScript sources of
 * every @mutex package (the `@mutex/source` condition), and returns what Bun reported.
 */
export async function runBunTests(env: Record<string, string>): Promise<{
  outcome: ChildOutcome;
  results: TestResult[];
}> {
  const bun = bunBinary();
  const dir = await mkdtemp(join(tmpdir(), 'mutex-bun-junit-'));
  const report = join(dir, 'junit.xml');
  try {
    const outcome = await runChild(
      bun,
      [
        'test',
        // Ends with this process, should Vitest be stopped mid-run: no orphaned Bun.
        '--no-orphans',
        '--conditions=@mutex/source',
        '--timeout=20000',
        '--reporter=junit',
        `--reporter-outfile=${report}`,
        './test/bun/',
      ],
      // Vitest's NODE_OPTIONS (its loaders) are not for Bun.
      { cwd: root, env: { ...process.env, NODE_OPTIONS: '', ...env }, timeoutMs: 240_000 },
    );
    const xml = await readFile(report, 'utf8').catch(() => '');
    return { outcome, results: parseJunit(xml) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Every test Vitest itself finds in the Bun-run files (`vitest list`, collection only, with
 * test/bun/collect.config.ts): what Bun must have run and passed.
 */
export async function collectWithVitest(): Promise<{ file: string; name: string }[]> {
  const vitest = join(
    dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
    'vitest.mjs',
  );
  const dir = await mkdtemp(join(tmpdir(), 'mutex-bun-list-'));
  const out = join(dir, 'list.json');
  try {
    const outcome = await runChild(
      process.execPath,
      [vitest, 'list', '--config', 'test/bun/collect.config.ts', '--root', '.', `--json=${out}`],
      { cwd: root, env: { ...process.env, NODE_OPTIONS: '' }, timeoutMs: 60_000 },
    );
    if (outcome.code !== 0) {
      throw new Error(
        `vitest list failed (${outcome.code ?? outcome.signal})\n${outcome.stdout}\n${outcome.stderr}`,
      );
    }
    const listed = JSON.parse(await readFile(out, 'utf8')) as { file: string; name: string }[];
    return listed.map(({ file, name }) => ({ file: file.slice(root.length), name }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
