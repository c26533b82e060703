// The charts the README shows, drawn from pnpm bench's results (bench-results.ts) with
// @mutex/tools/charts: one SVG each, rewritten by every full run, or from a saved JSON with
// `pnpm --filter @mutex/compare charts [results.json]`.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type FairnessChart,
  type LineChart,
  renderBarChart,
  renderFairnessChart,
  renderLineChart,
} from '@mutex/tools/charts';
import type { BenchResults } from './bench-results.js';

const BASELINE = 'raw commands (baseline)';
/** This project's rows: drawn in the accent colour. */
const isOurs = (library: string) => library.startsWith('@mutex/');

/** Where the figures come from: medians of the rounds, or (the scaling runs) one run. */
function subtitleOf(results: BenchResults, once = false): string {
  const { rounds } = results.options;
  const how = once
    ? 'one run per level'
    : `medians of ${rounds} interleaved round${rounds === 1 ? '' : 's'}`;
  return `pnpm bench, ${results.date.slice(0, 10)}; Redis on loopback; ${how}`;
}

function uncontended(results: BenchResults): string | undefined {
  const rows = results.uncontended;
  const baseline = rows.find((row) => row.library === BASELINE);
  if (rows.length === 0) return undefined;
  return renderBarChart({
    title: 'Uncontended acquire + release, one after another (higher is better)',
    subtitle: subtitleOf(results),
    unit: 'cycles/s',
    bars: rows.map(({ library, median }) => ({
      label: library,
      value: median.perSecond,
      ours: isOurs(library),
      note: `${median.vsBaseline.toFixed(2)}x raw`,
    })),
    ...(baseline && { reference: { label: 'raw baseline', value: baseline.median.perSecond } }),
  });
}

/** One line per library over the waiter counts, for the figure `pick` takes of each point. */
function waiterChart(
  results: BenchResults,
  title: string,
  yLabel: string,
  pick: (point: BenchResults['waiterScaling'][number]['points'][number]) => number,
  yLog = false,
): string | undefined {
  if (results.waiterScaling.length === 0) return undefined;
  const chart: LineChart = {
    title,
    subtitle: `${subtitleOf(results, true)} (8: the contention run's medians); each waiter its own connection, over up to 8 processes`,
    xLabel: 'waiters on one lock',
    yLabel,
    xLog: true,
    yLog,
    series: results.waiterScaling.map(({ library, points }) => ({
      label: library,
      ours: isOurs(library),
      points: points.map((point) => [point.waiters, pick(point)] as [number, number]),
    })),
  };
  return renderLineChart(chart);
}

function fairness(results: BenchResults): string | undefined {
  if (results.contention.length === 0) return undefined;
  const chart: FairnessChart = {
    title: `Acquisitions per worker process: ${results.options.workers} processes on one lock, round 1`,
    subtitle: `pnpm bench, ${results.date.slice(0, 10)}; Redis on loopback; ${results.options.holdMs} ms sections, ${results.options.contentionSeconds} s`,
    rows: results.contention.map(({ library, perWorker }) => ({
      label: library,
      perWorker: perWorker[0] ?? [],
      ours: isOurs(library),
    })),
  };
  return renderFairnessChart(chart);
}

function names(results: BenchResults): string | undefined {
  if (results.nameScaling.length === 0) return undefined;
  return renderLineChart({
    title: "Redis CPU per acquire + release against names held at once (flat is what's wanted)",
    subtitle: subtitleOf(results, true),
    xLabel: 'distinct names',
    yLabel: 'Redis CPU µs per cycle',
    xLog: true,
    series: results.nameScaling.map(({ library, points }) => ({
      label: library,
      ours: isOurs(library),
      points: points.map((point) => [point.names, point.redisCpuPerCycle] as [number, number]),
    })),
  });
}

/** Writes every chart the results have data for into `dir`; returns the files written. */
export async function writeCharts(results: BenchResults, dir: string): Promise<string[]> {
  const charts: Record<string, string | undefined> = {
    'uncontended.svg': uncontended(results),
    'waiters-redis-cpu.svg': waiterChart(
      results,
      'Redis CPU per acquisition as waiters grow (lower is better)',
      'Redis CPU µs per acquisition',
      (point) => point.redisCpuPerAcquisition,
      true,
    ),
    'waiters-sent.svg': waiterChart(
      results,
      'Commands (HTTP requests) sent per acquisition as waiters grow (lower is better)',
      'sent per acquisition',
      (point) => point.sentPerAcquisition,
      true,
    ),
    'waiters-handoff.svg': waiterChart(
      results,
      'Handoff: one holder ends, the next begins; median gap as waiters grow (lower is better)',
      'handoff p50, ms',
      (point) => point.handoffP50,
      true,
    ),
    'fairness.svg': fairness(results),
    'names-redis-cpu.svg': names(results),
  };
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [file, svg] of Object.entries(charts)) {
    if (svg === undefined) continue;
    await writeFile(join(dir, file), svg);
    written.push(join(dir, file));
  }
  return written;
}
