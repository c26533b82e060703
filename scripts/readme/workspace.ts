// Where the README blocks' bare imports (`@mutex/core`, `ioredis`, `vitest`...) are resolved
// from: the workspace's own packages, public ones first, so that a block sees the same
// copy of a client library (and its types) as the adapter it is used with.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

const FIRST = ['core', 'ioredis', 'node-redis', 'upstash', 'opentelemetry', 'testkit'];

/** Package directories to resolve a bare import from, in order; `preferred` goes first. */
export function anchorDirs(preferred?: string): string[] {
  const dirs = [
    ...FIRST.map((name) => join(ROOT, 'packages', name)),
    ...['packages', 'examples'].flatMap((parent) =>
      readdirSync(join(ROOT, parent))
        .sort()
        .map((name) => join(ROOT, parent, name)),
    ),
    ROOT,
  ].filter((dir) => existsSync(join(dir, 'package.json')));
  const ordered = preferred === undefined ? dirs : [preferred, ...dirs];
  return [...new Set(ordered)];
}

/** `packages/ioredis/README.md` -> the directory of that package; the root README -> none. */
export function packageDirOf(markdownFile: string): string | undefined {
  const match = /^packages\/([^/]+)\/README\.md$/.exec(markdownFile);
  return match ? join(ROOT, 'packages', match[1] ?? '') : undefined;
}

/** Whether `specifier` names a package (not a relative path, URL or Node builtin). */
export function isBare(specifier: string): boolean {
  return !/^(\.|\/|[a-z]+:)/i.test(specifier);
}
