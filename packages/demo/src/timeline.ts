// The demo's timeline picture: for each run, a lane per worker process with a bar per critical
// section, and red wherever more sections were inside at once than the run allows. A pure
// function from runs to one self-contained SVG document (no CSS, fonts, scripts or links), so
// that any browser or image viewer shows it as it is.

import { element, escapeXml, text, ticks } from '@mutex/tools/svg';
import { crowding } from './crowding.js';
import type { Span } from './stats.js';

export interface TimelineRun {
  /** What ran, e.g. `ioredis` or `ioredis, NO LOCK`. */
  name: string;
  /** How many sections may be inside at once: 1 for a mutex, the limit for a semaphore. */
  limit: number;
  /** One lane per worker process: its critical sections, in ns on the shared monotonic clock. */
  lanes: readonly (readonly Span[])[];
  /** Updates of the shared counter that were lost, for runs that count them. */
  lostUpdates?: number;
}

export interface TimelineText {
  /** The picture's heading. */
  title: string;
  /** A line under it, e.g. where and how the runs were made. */
  subtitle?: string;
}

const WIDTH = 1200;
const LEFT = 100; // lane labels
const PLOT = WIDTH - LEFT - 30;
const LANE = 12;
const LANE_GAP = 3;
const MARK_ROW = 6; // the red strip above the lanes
const BAR = '#2f6db3';
const LANE_FILL = '#eef1f5';
const RED = '#d62728';
const MUTED = '#555';
const FONT = { 'font-family': 'Helvetica, Arial, sans-serif', 'font-size': 12, fill: '#222' };

/** The SVG document for `runs`, in the order given. */
export function renderTimeline(runs: readonly TimelineRun[], words: TimelineText): string {
  const parts: string[] = [
    text({ x: 12, y: 24, 'font-size': 16, 'font-weight': 'bold' }, words.title),
  ];
  let y = 32;
  if (words.subtitle !== undefined) {
    parts.push(text({ x: 12, y: y + 14, fill: MUTED }, words.subtitle));
    y += 18;
  }
  parts.push(legend(y + 6));
  y += 40;
  for (const run of runs) {
    const { svg, height } = renderRun(run, y);
    parts.push(svg);
    y += height;
  }
  const height = y;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width: WIDTH,
      height,
      viewBox: `0 0 ${WIDTH} ${height}`,
    },
    element('rect', { width: WIDTH, height, fill: 'white' }),
    element('g', FONT, ...parts),
  )}\n`;
}

function legend(y: number): string {
  return element(
    'g',
    { fill: MUTED },
    element('rect', { x: 12, y, width: 18, height: 10, fill: BAR }),
    text({ x: 36, y: y + 9 }, 'a critical section (one row per worker process)'),
    element('rect', { x: 340, y, width: 18, height: 10, fill: RED }),
    text(
      { x: 364, y: y + 9 },
      'more sections inside at once than allowed: 1 for a lock, the limit for a semaphore',
    ),
    text(
      { x: 12, y: y + 26 },
      "Each run has its own time axis, in ms from the run's first section.",
    ),
  );
}

function renderRun(run: TimelineRun, top: number): { svg: string; height: number } {
  const spans = run.lanes.flat();
  const { overlaps, most, excess } = crowding(spans, run.limit);
  // The run's first start and last end (bigints: Math.min and Math.max take numbers only).
  let first = spans[0]?.[0] ?? 0n;
  let last = first;
  for (const [start, end] of spans) {
    if (start < first) first = start;
    if (end > last) last = end;
  }
  const durationMs = Number(last - first) / 1e6;
  const x = (ns: bigint) =>
    LEFT + (durationMs > 0 ? (Number(ns - first) / 1e6 / durationMs) * PLOT : 0);
  const width = ([start, end]: Span, min: number) => Math.max(min, x(end) - x(start));
  // A wide bar leaves a hairline free at its end, so back-to-back sections stay apart.
  const barWidth = (span: Span) => {
    const wide = width(span, 0.75);
    return wide > 2 ? wide - 0.5 : wide;
  };

  const counts = [
    `${spans.length} sections`,
    run.limit === 1
      ? `${overlaps} ${overlaps === 1 ? 'overlap' : 'overlaps'}`
      : `${overlaps} started over the limit of ${run.limit}, most inside at once ${most}`,
    ...(run.lostUpdates === undefined ? [] : [`${run.lostUpdates} lost updates`]),
  ].join(', ');
  const markTop = top + 24;
  const lanesTop = markTop + MARK_ROW + 4;
  const laneTop = (i: number) => lanesTop + i * (LANE + LANE_GAP);
  const lanesBottom = laneTop(run.lanes.length) - LANE_GAP;
  const axisY = lanesBottom + 4;

  const title = element(
    'text',
    { x: 12, y: top + 14 },
    element('tspan', { 'font-weight': 'bold', 'font-size': 14 }, escapeXml(run.name)),
    element('tspan', { dx: 14, fill: overlaps > 0 ? RED : MUTED }, escapeXml(counts)),
  );
  const lanes = run.lanes.map((_, i) =>
    element('rect', { x: LEFT, y: laneTop(i), width: PLOT, height: LANE, fill: LANE_FILL }),
  );
  const labels = run.lanes.map((_, i) =>
    text({ x: 12, y: laneTop(i) + LANE - 2, fill: MUTED }, `worker ${i + 1}`),
  );
  const bands = excess.map((span) =>
    element('rect', {
      class: 'overlap-band',
      x: x(span[0]),
      y: markTop,
      width: width(span, 1.5),
      height: lanesBottom - markTop,
      fill: RED,
      'fill-opacity': 0.18,
    }),
  );
  const marks = excess.map((span) =>
    element('rect', {
      class: 'overlap',
      x: x(span[0]),
      y: markTop,
      width: width(span, 1.5),
      height: MARK_ROW,
      fill: RED,
    }),
  );
  const bars = run.lanes.flatMap((lane, i) =>
    lane.map((span) =>
      element('rect', {
        class: 'section',
        x: x(span[0]),
        y: laneTop(i) + 1,
        width: barWidth(span),
        height: LANE - 2,
      }),
    ),
  );
  const axis = ticks(durationMs).flatMap((ms) => {
    const at = LEFT + (durationMs > 0 ? (ms / durationMs) * PLOT : 0);
    return [
      element('line', { x1: at, y1: axisY, x2: at, y2: axisY + 4, stroke: MUTED }),
      text({ x: at, y: axisY + 16, 'text-anchor': 'middle', fill: MUTED }, String(ms)),
    ];
  });

  const svg = element(
    'g',
    {
      class: 'run',
      'data-name': run.name,
      'data-sections': spans.length,
      'data-overlaps': overlaps,
    },
    element('title', {}, escapeXml(`${run.name}: ${counts}`)),
    title,
    text({ x: 12, y: markTop + MARK_ROW, fill: MUTED }, run.limit === 1 ? 'overlap' : 'over limit'),
    ...lanes,
    ...labels,
    ...bands,
    element('g', { fill: BAR }, ...bars),
    ...marks,
    element('line', { x1: LEFT, y1: axisY, x2: LEFT + PLOT, y2: axisY, stroke: MUTED }),
    ...axis,
    text({ x: 12, y: axisY + 16, fill: MUTED }, 'time, ms'),
  );
  return { svg, height: axisY + 40 - top };
}
