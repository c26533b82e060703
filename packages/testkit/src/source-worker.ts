import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Runs a TypeScript file of this workspace in a child Node process on the packages' sources
 * (tsx, with the `@mutex/source` export condition) and resolves to what it printed.
 */
export async function runSourceWorker(file: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', '--conditions=@mutex/source', file, ...args],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}
