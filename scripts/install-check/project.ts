// A fresh project outside the workspace, laid out as users lay out theirs, with the tarballs
// and the pinned peers installed by npm from the registry.
import { copyFileSync, cpSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec } from './exec.ts';
import { PINNED } from './pins.ts';

const fixtures = new URL('fixtures/', import.meta.url).pathname;

/**
 * The project's folders: `esm/` and `cjs/` (the quick start, in a `"type": "module"` and a
 * `"type": "commonjs"` package), `serverless-upstash/` (that example's sources, copied from the
 * workspace at run time) and `edge-types/`. All share the one `node_modules` at the top.
 */
export function createProject(workspace: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'mutex-install-')));
  if (dir.startsWith(workspace)) throw new Error(`${dir} is inside the workspace`);
  writeFileSync(join(dir, 'package.json'), '{ "name": "mutex-install-check", "private": true }\n');
  for (const folder of ['esm', 'cjs', 'serverless-upstash', 'edge-types']) {
    cpSync(join(fixtures, folder), join(dir, folder), { recursive: true });
  }
  for (const folder of ['esm', 'cjs']) {
    copyFileSync(join(fixtures, 'quickstart.ts'), join(dir, folder, 'quickstart.ts'));
  }
  for (const file of ['handler.ts', 'main.ts']) {
    const example = join(workspace, 'examples/serverless-upstash/src', file);
    copyFileSync(example, join(dir, 'serverless-upstash', file));
  }
  return dir;
}

/** `npm install` of the tarballs and the pinned peers, exact versions, no install scripts. */
export async function installTarballs(dir: string, tarballs: readonly string[]): Promise<void> {
  // npm reads npm_config_* as its settings, and pnpm fills those with its own when it runs a
  // script: keep only a registry set that way (~/.npmrc applies as usual).
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^p?npm_/i.test(key) || key.toLowerCase() === 'npm_config_registry',
    ),
  );
  await exec(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--save-exact',
      ...tarballs,
      ...PINNED,
    ],
    { cwd: dir, env, timeoutMs: 90_000 },
  );
}
