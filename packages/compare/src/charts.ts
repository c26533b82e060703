// Redraws pnpm bench's charts from a results file it wrote, without running it again:
//   pnpm --filter @mutex/compare charts [results.json] [--charts DIR]
// (defaults: <os tmpdir>/mutex-bench.json, and the README's docs/bench).
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeCharts } from './bench-charts.js';
import type { BenchResults } from './bench-results.js';

const { values, positionals } = parseArgs({
  options: { charts: { type: 'string' } },
  allowPositionals: true,
});
const file = positionals[0] ?? join(tmpdir(), 'mutex-bench.json');
const results = JSON.parse(await readFile(file, 'utf8')) as BenchResults;
const dir = values.charts ?? fileURLToPath(new URL('../../../docs/bench', import.meta.url));
console.log((await writeCharts(results, dir)).join('\n'));
