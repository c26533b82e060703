// pnpm release:check: packs every public package as it would be published (workspace:
// ranges replaced), runs publint and @arethetypeswrong/cli on each tarball, then installs the
// tarballs with npm in a fresh project outside the workspace and uses them there
// (scripts/install-check).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkInstalledTarballs } from './install-check/index.ts';

const root = new URL('..', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'mutex-release-'));
const run = (command: string, args: string[], cwd = root) =>
  execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

let failures = 0;
const tarballs: string[] = [];
try {
  for (const dir of readdirSync(join(root, 'packages'))) {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
    if (manifest.private) continue;
    // The published exports are the workspace's minus the source condition (src/ is not
    // published): two copies of one map, so they must not drift apart.
    const published = JSON.stringify(manifest.publishConfig?.exports);
    const expected = JSON.stringify(manifest.exports, (key, value) =>
      key === '@mutex/source' ? undefined : value,
    );
    if (published !== expected) failures++;
    console.log(
      `${published === expected ? 'ok  ' : 'FAIL'}  ${manifest.name}: publishConfig.exports is exports without @mutex/source`,
    );
    const packed = run('pnpm', ['pack', '--pack-destination', out], join(root, 'packages', dir));
    const tarball = packed.trim().split('\n').at(-1) as string;
    tarballs.push(tarball);
    // A package whose exports name no `require` is ESM-only (@mutex/testkit: Vitest is ESM-only).
    const esmOnly = !JSON.stringify(manifest.publishConfig?.exports ?? manifest.exports).includes(
      '"require"',
    );
    const attwProfile = esmOnly ? ['--profile', 'esm-only'] : [];
    for (const [tool, args] of [
      ['publint', ['--strict', tarball]],
      ['attw', [tarball, '--format', 'table-flipped', ...attwProfile]],
    ] as const) {
      try {
        run(join(root, 'node_modules/.bin', tool), [...args]);
        console.log(`ok    ${manifest.name}: ${tool}`);
      } catch (error) {
        failures++;
        console.log(
          `FAIL  ${manifest.name}: ${tool}\n${(error as { stdout?: string }).stdout ?? error}`,
        );
      }
    }
  }
  failures += await checkInstalledTarballs(root, tarballs);
} finally {
  rmSync(out, { recursive: true, force: true });
}

// The dual-package hazard: an app that loads @mutex/core's ESM build and, through some CJS
// dependency, its CJS build has two sets of error classes. Codes, guards and `instanceof`
// must still agree across them.
type Core = typeof import('../packages/core/src/index.js');
const esm = (await import(join(root, 'packages/core/dist/index.mjs'))) as Core;
const cjs = createRequire(import.meta.url)(join(root, 'packages/core/dist/index.cjs')) as Core;
const fromCjs = new cjs.LockTimeoutError('job', 100);
const checks = {
  'two copies have their own classes': esm.LockTimeoutError !== cjs.LockTimeoutError,
  'a CJS error is instanceof the ESM class': fromCjs instanceof esm.LockTimeoutError,
  'a CJS error is instanceof the ESM base class': fromCjs instanceof esm.LockError,
  'an ESM error is instanceof the CJS class':
    new esm.LockLostError('job', 'not-held', 1) instanceof cjs.LockLostError,
  'the ESM guard knows a CJS error': esm.isLockTimeoutError(fromCjs),
  'the code is the same': fromCjs.code === new esm.LockTimeoutError('job', 1).code,
  'another kind is told apart': !(fromCjs instanceof esm.LockLostError),
};
for (const [check, passed] of Object.entries(checks)) {
  if (!passed) failures++;
  console.log(`${passed ? 'ok  ' : 'FAIL'}  @mutex/core ESM + CJS copies: ${check}`);
}
process.exitCode = failures === 0 ? 0 : 1;
