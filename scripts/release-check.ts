// pnpm release:check: packs every public package as it would be published (workspace:
// ranges replaced), then runs publint and @arethetypeswrong/cli on each tarball.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'mutex-release-'));
const run = (command: string, args: string[], cwd = root) =>
  execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

let failures = 0;
try {
  for (const dir of readdirSync(join(root, 'packages'))) {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
    if (manifest.private) continue;
    const packed = run('pnpm', ['pack', '--pack-destination', out], join(root, 'packages', dir));
    const tarball = packed.trim().split('\n').at(-1) as string;
    for (const [tool, args] of [
      ['publint', ['--strict', tarball]],
      ['attw', [tarball, '--format', 'table-flipped']],
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
} finally {
  rmSync(out, { recursive: true, force: true });
}
process.exitCode = failures === 0 ? 0 : 1;
