// Runs the bench's Bun side: a file of this folder in the Bun binary from the npm registry,
// loading this project's packages as the bench process does (packages-as.ts).
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CONDITIONS } from '../packages-as.js';

const run = promisify(execFile);

export const BUN_ROW = '@mutex/bun (under Bun)';

/** Runs `file` (waiters.ts or uncontended.ts) under Bun and resolves to what it printed. */
export async function runUnderBun(file: 'waiters.ts' | 'uncontended.ts', task: object) {
  const bun = createRequire(import.meta.url).resolve('@oven/bun-linux-x64/bin/bun');
  const path = fileURLToPath(new URL(`./${file}`, import.meta.url));
  const { stdout } = await run(bun, [...CONDITIONS, path, JSON.stringify(task)], {
    // The bench's NODE_OPTIONS (tsx's loader) are not for Bun.
    env: { ...process.env, NODE_OPTIONS: '' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}
