// pnpm docs:check: the READMEs' TypeScript is real code. Every ```ts / ```typescript block
// of README.md and packages/*/README.md is written as its own module and type-checked with
// tsconfig.base.json's options (strict, noUncheckedIndexedAccess...) against the workspace
// sources and the real client libraries; the "Quick start" block is also run with tsx
// against a throwaway redis-server and must exit by itself with code 0. Other blocks (sh,
// diff, output) are left alone. One line per block; exits non-zero if any fails.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CodeBlock, codeBlocks, TYPESCRIPT } from './readme/blocks.ts';
import { runBlock } from './readme/run.ts';
import { type BlockFile, typecheck } from './readme/typecheck.ts';
import { packageDirOf, ROOT } from './readme/workspace.ts';

/** Blocks under these headings are run, not only type-checked. */
const RUN_UNDER = new Set(['Quick start']);
const RUN_TIMEOUT_MS = 20_000;

const markdownFiles = [
  'README.md',
  ...readdirSync(join(ROOT, 'packages'))
    .sort()
    .map((dir) => `packages/${dir}/README.md`)
    .filter((file) => existsSync(join(ROOT, file))),
];

const blocks = markdownFiles.flatMap((file) =>
  codeBlocks(file, readFileSync(join(ROOT, file), 'utf8')).filter((block) =>
    TYPESCRIPT.has(block.lang),
  ),
);

const scratch = mkdtempSync(join(tmpdir(), 'mutex-readme-'));
// ES modules, as in an application with `"type": "module"` (top-level await).
writeFileSync(join(scratch, 'package.json'), '{ "type": "module" }\n');
let failures = 0;
try {
  const files = new Map<CodeBlock, BlockFile>();
  for (const block of blocks) {
    const name = `${block.file.replace(/\//g, '_').replace(/\.md$/i, '')}_${block.line}.ts`;
    const path = join(scratch, name);
    writeFileSync(path, block.code);
    files.set(block, {
      path,
      packageDir: packageDirOf(block.file),
      file: block.file,
      line: block.line,
    });
  }
  const diagnostics = typecheck([...files.values()]);

  const perFile = new Map<string, number>();
  for (const [block, file] of files) {
    perFile.set(block.file, (perFile.get(block.file) ?? 0) + 1);
    const problems = diagnostics.get(file.path) ?? [];
    const where = `${block.file}:${block.line}`;
    if (problems.length > 0) {
      failures++;
      console.log(`${where} FAIL (type-check)`);
      for (const problem of problems) console.log(`    ${problem}`);
      continue;
    }
    if (!RUN_UNDER.has(block.heading)) {
      console.log(`${where} ok`);
      continue;
    }
    const run = await runBlock(file.path, scratch, RUN_TIMEOUT_MS).catch((error: Error) => ({
      ok: false,
      summary: `could not run: ${error.message}`,
      output: '',
    }));
    if (run.ok) {
      console.log(`${where} ok (${run.summary})`);
    } else {
      failures++;
      console.log(`${where} FAIL (${run.summary})`);
      if (run.output.trim() !== '') console.log(run.output.replace(/^/gm, '    ').trimEnd());
    }
  }
  for (const required of RUN_UNDER) {
    if (!blocks.some((block) => block.file === 'README.md' && block.heading === required)) {
      failures++;
      console.log(`README.md FAIL: no TypeScript block under "## ${required}" to run`);
    }
  }
  const counts = [...perFile].map(([file, count]) => `${file} ${count}`).join(', ');
  console.log(
    `${blocks.length} TypeScript blocks (${counts}): ${failures === 0 ? 'all pass' : `${failures} FAILED`}`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exitCode = failures === 0 ? 0 : 1;
