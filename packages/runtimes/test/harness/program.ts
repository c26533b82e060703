import { mkdir, rm, writeFile } from 'node:fs/promises';
import { runChild } from '@mutex/tools/child';
import { REPORT_PREFIX, type SmokeReport } from '../../smoke/report.js';
import { modules } from './paths.js';

/**
 * Bundles live under packages/runtimes/node_modules (ignored by git and the linter), so
 * their bare imports (`ioredis`, `redis`, `@upstash/redis`) resolve from the packages this
 * package installed, in every runtime's own module resolution.
 */
const bundles = `${modules}.cache/mutex-runtime-smoke/`;

export interface Program {
  /** The runtime binary and its arguments before the script's path. */
  readonly command: string;
  readonly args: readonly string[];
  /** The bundled smoke (ESM). */
  readonly code: string;
  /** A file name for the bundle, unique among concurrent runs. */
  readonly name: string;
}

const TIMEOUT_MS = 45_000;

/**
 * Runs the smoke as a program and returns its report. Throws with the program's output when
 * it exits non-zero, prints no report, or is still running after TIMEOUT_MS (it is killed).
 */
export async function runSmokeProgram(program: Program): Promise<SmokeReport> {
  await mkdir(bundles, { recursive: true });
  const file = `${bundles}${program.name}.mjs`;
  await writeFile(file, program.code);
  try {
    const { code, signal, stdout, stderr } = await runChild(
      program.command,
      [...program.args, file],
      {
        // Vitest's NODE_OPTIONS (loaders) are not for the runtime under test.
        env: { ...process.env, NODE_OPTIONS: '', DENO_NO_UPDATE_CHECK: '1' },
        timeoutMs: TIMEOUT_MS,
      },
    );
    const line = stdout.split('\n').find((each) => each.startsWith(REPORT_PREFIX));
    if (code !== 0 || line === undefined) {
      throw new Error(
        `${program.command} ${[...program.args, file].join(' ')} exited with ${code ?? signal} and ${line ? 'a' : 'no'} report\n--- stdout\n${stdout}\n--- stderr\n${stderr}`,
      );
    }
    return JSON.parse(line.slice(REPORT_PREFIX.length)) as SmokeReport;
  } finally {
    await rm(file, { force: true });
  }
}
