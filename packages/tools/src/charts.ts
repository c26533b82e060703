// pnpm bench's charts for the README: pure functions from measurements to one self-contained SVG
// document each (no CSS, scripts, fonts or links), so GitHub shows them as plain images. The white
// background keeps them readable under GitHub's dark theme too. Our own packages are drawn in the
// accent colour and peers in muted ones; lines also differ by marker and dash, so that they can be
// told apart without colour. Values that are not finite are left out rather than drawn as NaN.
import { element, escapeXml, px, text, ticks } from './svg.js';

/** Horizontal bars, one per library, longest at the top is NOT required: keep the given order. */
export interface BarChart {
  title: string;
  /** A line under the title, e.g. where the run was made. */
  subtitle?: string;
  /** What a bar's value is, shown on the axis, e.g. "cycles/s". */
  unit: string;
  bars: {
    label: string;
    value: number;
    /** drawn in the accent colour (our own packages) */
    ours?: boolean;
    /** shown after the value, e.g. "0.83x raw" */
    note?: string;
  }[];
  /** An optional vertical reference line, e.g. the raw baseline. */
  reference?: { label: string; value: number };
}

/** Lines over a numeric x axis (e.g. number of waiters 2, 8, 32, 64), one series per library. */
export interface LineChart {
  title: string;
  /** A line under the title, e.g. where the run was made. */
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  /** Log scale on x (the waiter counts 2..64 and name counts 1..10000 are spread by powers). */
  xLog?: boolean;
  yLog?: boolean;
  series: { label: string; points: [x: number, y: number][]; ours?: boolean }[];
}

/** Fairness: per library, how many acquisitions each worker process got. */
export interface FairnessChart {
  title: string;
  /** A line under the title, e.g. where the run was made. */
  subtitle?: string;
  rows: { label: string; perWorker: number[]; ours?: boolean }[];
}

/** Our own packages' colour: dark enough for text on white, and unlike any peer colour. */
export const ACCENT = '#d9480f';
/** Peers' line colours, muted so that ours stand out; lines cycle through them. */
export const PEER_COLOURS = ['#5c6670', '#7d6fa6', '#4f8a5b', '#9a7b45', '#5f84b0', '#a0616a'];
/** Peers' bars: one grey, since each bar carries its label anyway. */
export const PEER_BAR = '#9aa3ab';
const INK = '#222';
const MUTED = '#555';
const GRID = '#e4e4e4';
const FONT_SIZE = 12;
const FONT = {
  'font-family': 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif',
  'font-size': FONT_SIZE,
  fill: INK,
};
/** A white outline under text, so that a reference line crossing it does not hide it. */
const HALO = {
  stroke: 'white',
  'stroke-width': 4,
  'stroke-linejoin': 'round',
  'paint-order': 'stroke',
};
const WIDTH = 800;
const MARGIN = 16;

// ---------------------------------------------------------------- bars

const BAR_HEIGHT = 18;
const BAR_GAP = 8;

export function renderBarChart(chart: BarChart): string {
  const { bars } = chart;
  if (bars.length === 0) return noData(chart);
  const drawn = (value: number) => Number.isFinite(value) && value >= 0;
  const reference =
    chart.reference !== undefined && drawn(chart.reference.value) ? chart.reference : undefined;
  const valueText = (bar: BarChart['bars'][number]) =>
    drawn(bar.value) ? formatNumber(bar.value) : '-';

  const left = MARGIN + Math.max(...bars.map((bar) => labelWidth(bar.label, bar.ours))) + 10;
  const right =
    MARGIN + 8 + Math.max(...bars.map((bar) => textWidth(`${valueText(bar)}   ${bar.note ?? ''}`)));
  const width = Math.max(WIDTH, left + 240 + right, headingWidth(chart));
  const plot = width - left - right;
  const max = Math.max(0, ...bars.map((bar) => (drawn(bar.value) ? bar.value : 0)));
  const axis = linearAxis(Math.max(max, reference?.value ?? 0), plot);
  const x = (value: number) => left + (value / axis.max) * plot;

  const head = heading(chart);
  const parts = head.parts;
  const keys = legend(
    [
      ...(bars.some((bar) => bar.ours) ? [{ label: 'our packages', key: swatch(ACCENT) }] : []),
      ...(bars.some((bar) => !bar.ours)
        ? [{ label: 'other libraries', key: swatch(PEER_BAR) }]
        : []),
      ...(reference ? [{ label: reference.label, key: dashKey(INK, '5 3') }] : []),
    ],
    MARGIN,
    head.bottom + 8,
    width - 2 * MARGIN,
  );
  parts.push(keys.svg);
  // Room above the bars for the reference line's label.
  const top = keys.bottom + (reference ? 30 : 14);
  const bottom = top + bars.length * (BAR_HEIGHT + BAR_GAP) - BAR_GAP;

  for (const tick of axis.ticks)
    parts.push(line(x(tick), top - 4, x(tick), bottom + 4, { stroke: GRID }));
  const values: string[] = [];
  bars.forEach((bar, i) => {
    const y = top + i * (BAR_HEIGHT + BAR_GAP);
    const middle = y + BAR_HEIGHT / 2 + 4;
    const bold = bar.ours && { 'font-weight': 'bold' };
    parts.push(text({ x: left - 8, y: middle, 'text-anchor': 'end', ...bold }, bar.label));
    if (drawn(bar.value)) {
      parts.push(
        element('rect', {
          class: 'bar',
          'data-label': bar.label,
          'data-value': bar.value,
          x: left,
          y,
          width: x(bar.value) - left,
          height: BAR_HEIGHT,
          fill: bar.ours ? ACCENT : PEER_BAR,
        }),
      );
    }
    const note = bar.note
      ? [element('tspan', { dx: 4, fill: MUTED }, escapeXml(` ${bar.note}`))]
      : [];
    const at = drawn(bar.value) ? x(bar.value) + 6 : left + 6;
    values.push(
      element(
        'text',
        { class: 'bar-value', x: at, y: middle, ...HALO },
        escapeXml(valueText(bar)),
        ...note,
      ),
    );
  });
  // Over the bars, under their values, whose halo keeps them readable where the line crosses.
  if (reference) {
    const at = x(reference.value);
    const label = `${reference.label} ${formatNumber(reference.value)}`;
    const half = textWidth(label) / 2;
    parts.push(
      element(
        'g',
        { class: 'reference' },
        line(at, top - 10, at, bottom + 4, { stroke: INK, 'stroke-dasharray': '5 3' }),
        text(
          {
            x: Math.min(Math.max(at, left + half), width - MARGIN - half),
            y: top - 14,
            'text-anchor': 'middle',
          },
          label,
        ),
      ),
    );
  }
  parts.push(...values);
  parts.push(bottomAxis(axis.ticks, x, left, left + plot, bottom + 4, chart.unit));
  return svgDocument(width, bottom + 50, chart.title, parts);
}

// ---------------------------------------------------------------- lines

const PLOT_HEIGHT = 300;
/** Room at each end of the x axis, so that the first and last markers clear the axes. */
const X_PAD = 14;

export function renderLineChart(chart: LineChart): string {
  const fits = (value: number, log: boolean | undefined) =>
    Number.isFinite(value) && (log ? value > 0 : value >= 0);
  const series = chart.series.map((s) => ({
    ...s,
    points: s.points
      .filter(([x, y]) => fits(x, chart.xLog) && fits(y, chart.yLog))
      .sort((a, b) => a[0] - b[0]),
  }));
  const xs = series.flatMap((s) => s.points.map(([x]) => x));
  const ys = series.flatMap((s) => s.points.map(([, y]) => y));
  if (xs.length === 0) return noData(chart);

  const yAxis = chart.yLog
    ? logAxis(Math.min(...ys), Math.max(...ys))
    : { min: 0, ...linearAxis(Math.max(...ys), PLOT_HEIGHT, 50) };
  const yTickWidth = Math.max(...yAxis.ticks.map((tick) => textWidth(formatTick(tick))));
  const left = MARGIN + 22 + yTickWidth + 8;
  const legendWidth = 40 + Math.max(...series.map((s) => labelWidth(s.label, s.ours)));
  const width = Math.max(WIDTH, left + 360 + 24 + legendWidth + MARGIN, headingWidth(chart));
  const plot = width - left - 24 - legendWidth - MARGIN;
  const xAxis = chart.xLog
    ? logXAxis(xs)
    : { min: 0, ...linearAxis(Math.max(...xs), plot - 2 * X_PAD) };
  const x = scale(xAxis, left + X_PAD, left + plot - X_PAD, chart.xLog);

  const head = heading(chart);
  const parts = head.parts;
  const top = head.bottom + 16;
  const bottom = top + PLOT_HEIGHT;
  const y = scale(yAxis, bottom, top, chart.yLog);

  for (const tick of yAxis.ticks)
    parts.push(line(left, y(tick), left + plot, y(tick), { stroke: GRID }));
  for (const tick of xAxis.ticks) parts.push(line(x(tick), top, x(tick), bottom, { stroke: GRID }));
  parts.push(
    line(left, top, left, bottom, { stroke: MUTED }),
    element(
      'g',
      { class: 'y-axis', 'text-anchor': 'end', fill: MUTED },
      ...yAxis.ticks.map((tick) => text({ x: left - 8, y: y(tick) + 4 }, formatTick(tick))),
    ),
    bottomAxis(xAxis.ticks, x, left, left + plot, bottom, chart.xLabel),
    text(
      {
        transform: `translate(${px(MARGIN + 10)} ${px((top + bottom) / 2)}) rotate(-90)`,
        'text-anchor': 'middle',
        fill: MUTED,
      },
      chart.yLabel,
    ),
  );

  const styles = lineStyles(series);
  // Ours last, so that peers never hide them.
  const order = series
    .map((_, i) => i)
    .sort((a, b) => Number(series[a]?.ours) - Number(series[b]?.ours));
  for (const i of order) {
    const s = series[i] as (typeof series)[number];
    const style = styles[i] as LineStyle;
    const points = s.points.map(([px_, py]) => [x(px_), y(py)] as const);
    parts.push(
      element(
        'g',
        { class: 'series', 'data-label': s.label },
        ...(points.length > 1
          ? [
              element('polyline', {
                points: points.map(([a, b]) => `${px(a)},${px(b)}`).join(' '),
                fill: 'none',
                ...strokeOf(style),
              }),
            ]
          : []),
        ...s.points.map(([dx, dy], j) =>
          marker(
            style,
            (points[j] as readonly [number, number])[0],
            (points[j] as readonly [number, number])[1],
            {
              class: 'point',
              'data-x': dx,
              'data-y': dy,
            },
          ),
        ),
      ),
    );
  }
  const keys = legend(
    series.map((s, i) => ({ label: s.label, bold: s.ours, key: lineKey(styles[i] as LineStyle) })),
    left + plot + 24,
    top,
    legendWidth,
    true,
  );
  parts.push(keys.svg);
  return svgDocument(width, Math.max(bottom + 52, keys.bottom + 16), chart.title, parts);
}

interface LineStyle {
  colour: string;
  width: number;
  dash?: string;
  shape: string;
  hollow: boolean;
}

// Marker outlines around (0, 0), about 11 px across.
const SHAPES = [
  'M-4.5 0A4.5 4.5 0 1 0 4.5 0A4.5 4.5 0 1 0 -4.5 0Z', // circle
  'M-4 -4H4V4H-4Z', // square
  'M0 -5.5L5 3.5H-5Z', // triangle
  'M0 -5.5L5.5 0L0 5.5L-5.5 0Z', // diamond
  'M0 5.5L5 -3.5H-5Z', // triangle pointing down
];
// Ours are solid; peers never are.
const DASHES = ['7 4', '2 3', '10 3 2 3', '4 2', '1 4'];

function lineStyles(series: readonly { ours?: boolean }[]): LineStyle[] {
  let peers = 0;
  return series.map((s, i) => ({
    colour: s.ours ? ACCENT : (PEER_COLOURS[peers++ % PEER_COLOURS.length] as string),
    width: s.ours ? 2.5 : 1.75,
    ...(!s.ours && { dash: DASHES[i % DASHES.length] as string }),
    shape: SHAPES[i % SHAPES.length] as string,
    hollow: Math.floor(i / SHAPES.length) % 2 === 1,
  }));
}

function strokeOf(style: LineStyle): Record<string, string | number> {
  return {
    stroke: style.colour,
    'stroke-width': style.width,
    ...(style.dash && { 'stroke-dasharray': style.dash }),
  };
}

function marker(
  style: LineStyle,
  x: number,
  y: number,
  extra: Record<string, string | number> = {},
) {
  return element('path', {
    ...extra,
    d: style.shape,
    transform: `translate(${px(x)} ${px(y)})`,
    fill: style.hollow ? 'white' : style.colour,
    stroke: style.colour,
    'stroke-width': 1.5,
  });
}

function lineKey(style: LineStyle): string {
  return element('g', {}, line(0, 6, 28, 6, strokeOf(style)), marker(style, 14, 6));
}

// ---------------------------------------------------------------- fairness

const ROW_HEIGHT = 50;
/** Bars are drawn up to twice the row's mean; taller ones are cut off and marked. */
const CAP = 2;
const CAP_HEIGHT = 36;

export function renderFairnessChart(chart: FairnessChart): string {
  const { rows } = chart;
  if (rows.length === 0) return noData(chart);
  const counted = (value: number) => Number.isFinite(value) && value >= 0;
  const notes = rows.map((row) => {
    const values = row.perWorker.filter(counted);
    if (values.length === 0) return { note: '-', mean: 0 };
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    if (mean === 0) return { note: 'no acquisitions', mean };
    const min = Math.min(...values);
    const max = Math.max(...values);
    const ratio = (v: number) => `${(v / mean).toFixed(2)}×`;
    return {
      note: `mean ${formatNumber(mean)} · fewest ${formatNumber(min)} (${ratio(min)}) · most ${formatNumber(max)} (${ratio(max)})`,
      mean,
    };
  });

  const workers = Math.max(1, ...rows.map((row) => row.perWorker.length));
  const barWidth = Math.min(14, Math.max(2, Math.floor(240 / workers) - 3));
  const gap = barWidth >= 6 ? 3 : 1;
  const area = workers * (barWidth + gap) - gap;
  const left = MARGIN + Math.max(...rows.map((row) => labelWidth(row.label, row.ours))) + 10;
  const noteX = left + area + 16;
  const width = Math.max(
    WIDTH,
    noteX + Math.max(...notes.map(({ note }) => textWidth(note))) + MARGIN,
    headingWidth(chart),
  );

  const head = heading(chart);
  const parts = head.parts;
  const keys = legend(
    [
      ...(rows.some((row) => row.ours) ? [{ label: 'our packages', key: swatch(ACCENT) }] : []),
      ...(rows.some((row) => !row.ours)
        ? [{ label: 'other libraries', key: swatch(PEER_BAR) }]
        : []),
      { label: "fair share (the row's mean)", key: dashKey(INK, '3 2') },
    ],
    MARGIN,
    head.bottom + 8,
    width - 2 * MARGIN,
  );
  parts.push(
    keys.svg,
    text(
      { x: MARGIN, y: keys.bottom + 14, fill: MUTED },
      `Bars: acquisitions per worker process, relative to the row's mean; ▲ marks a bar cut off at ${CAP}× the mean.`,
    ),
  );
  const top = keys.bottom + 24;
  rows.forEach((row, i) => {
    const baseline = top + (i + 1) * ROW_HEIGHT - 6;
    const middle = baseline - CAP_HEIGHT / 4 + 4;
    const { note, mean } = notes[i] as { note: string; mean: number };
    const colour = row.ours ? ACCENT : PEER_BAR;
    const cells = row.perWorker.flatMap((value, w) => {
      if (!counted(value)) return [];
      const ratio = mean > 0 ? value / mean : 0;
      const height = (Math.min(ratio, CAP) / CAP) * CAP_HEIGHT;
      const x = left + w * (barWidth + gap);
      const bar = element('rect', {
        class: 'worker-bar',
        'data-value': value,
        x,
        y: baseline - height,
        width: barWidth,
        height,
        fill: colour,
      });
      if (ratio <= CAP) return [bar];
      const c = x + barWidth / 2;
      const tip = baseline - CAP_HEIGHT - 6;
      return [
        bar,
        element('path', { class: 'clipped', d: `M${px(c)} ${px(tip)}l4 5h-8z`, fill: colour }),
      ];
    });
    parts.push(
      element(
        'g',
        { class: 'fairness-row', 'data-label': row.label },
        text(
          {
            x: left - 8,
            y: middle,
            'text-anchor': 'end',
            ...(row.ours && { 'font-weight': 'bold' }),
          },
          row.label,
        ),
        ...cells,
        line(left - 2, baseline, left + area + 2, baseline, { stroke: '#999' }),
        ...(mean > 0
          ? [
              line(
                left - 2,
                baseline - CAP_HEIGHT / CAP,
                left + area + 2,
                baseline - CAP_HEIGHT / CAP,
                {
                  stroke: INK,
                  'stroke-dasharray': '3 2',
                },
              ),
            ]
          : []),
        text({ class: 'fairness-note', x: noteX, y: middle, fill: MUTED }, note),
      ),
    );
  });
  return svgDocument(width, top + rows.length * ROW_HEIGHT + 14, chart.title, parts);
}

// ---------------------------------------------------------------- shared parts

/** A measurement as a reader wants it: grouped thousands, three significant digits below. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '-';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return String(Number(value.toPrecision(3)));
}

/** An axis label, short so that many fit: 2.5k, 1.5M. */
function formatTick(value: number): string {
  const size = Math.abs(value);
  if (size >= 1e6) return `${Number((value / 1e6).toPrecision(3))}M`;
  if (size >= 1e3) return `${Number((value / 1e3).toPrecision(3))}k`;
  return formatNumber(value);
}

/** A generous guess at how wide `content` is drawn: a pure function has no font metrics. */
function textWidth(content: string, size = FONT_SIZE): number {
  return content.length * size * 0.6;
}

const labelWidth = (label: string, bold?: boolean) => textWidth(label) * (bold ? 1.1 : 1);

function headingWidth(chart: { title: string; subtitle?: string }): number {
  return 2 * MARGIN + Math.max(textWidth(chart.title, 16) * 1.1, textWidth(chart.subtitle ?? ''));
}

function heading(chart: { title: string; subtitle?: string }): { parts: string[]; bottom: number } {
  const parts = [text({ x: MARGIN, y: 26, 'font-size': 16, 'font-weight': 'bold' }, chart.title)];
  if (chart.subtitle === undefined) return { parts, bottom: 32 };
  parts.push(text({ x: MARGIN, y: 46, fill: MUTED }, chart.subtitle));
  return { parts, bottom: 52 };
}

function svgDocument(width: number, height: number, title: string, parts: string[]): string {
  const w = Math.ceil(width);
  const h = Math.ceil(height);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width: w,
      height: h,
      viewBox: `0 0 ${w} ${h}`,
      role: 'img',
      'aria-label': title,
    },
    element('title', {}, escapeXml(title)),
    element('rect', { width: w, height: h, fill: 'white' }),
    element('g', FONT, ...parts),
  )}\n`;
}

function noData(chart: { title: string; subtitle?: string }): string {
  const width = Math.max(WIDTH, headingWidth(chart));
  const { parts, bottom } = heading(chart);
  parts.push(
    text(
      { class: 'no-data', x: width / 2, y: bottom + 44, 'text-anchor': 'middle', fill: MUTED },
      'no data',
    ),
  );
  return svgDocument(width, bottom + 80, chart.title, parts);
}

function line(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  attrs: Record<string, string | number>,
): string {
  return element('line', { x1, y1, x2, y2, ...attrs });
}

const swatch = (colour: string) => element('rect', { y: 1, width: 22, height: 10, fill: colour });
const dashKey = (colour: string, dash: string) =>
  line(0, 6, 22, 6, { stroke: colour, 'stroke-width': 1.5, 'stroke-dasharray': dash });

/**
 * Legend items left to right from (x, y), wrapping at `width`, or one under another. Each key is
 * drawn in a 28 by 12 box at its item's origin.
 */
function legend(
  items: { label: string; key: string; bold?: boolean }[],
  x: number,
  y: number,
  width: number,
  column = false,
): { svg: string; bottom: number } {
  const parts: string[] = [];
  let atX = x;
  let atY = y;
  for (const item of items) {
    const itemWidth = 34 + labelWidth(item.label, item.bold) + 20;
    if (atX > x && (column || atX + itemWidth > x + width)) {
      atX = x;
      atY += 20;
    }
    parts.push(
      element(
        'g',
        {
          class: 'legend-item',
          'data-label': item.label,
          transform: `translate(${px(atX)} ${px(atY)})`,
        },
        item.key,
        text({ x: 34, y: 10, ...(item.bold && { 'font-weight': 'bold' }) }, item.label),
      ),
    );
    atX += itemWidth;
  }
  return { svg: element('g', { class: 'legend' }, ...parts), bottom: atY + 14 };
}

/** The x axis: a line at `y`, ticks under it, and its label centred below. */
function bottomAxis(
  values: number[],
  x: (value: number) => number,
  from: number,
  to: number,
  y: number,
  label: string,
): string {
  const parts = [line(from, y, to, y, { stroke: MUTED })];
  // A label too close to the one before it is left out, and its tick kept.
  let free = -Infinity;
  for (const value of values) {
    const at = x(value);
    const content = formatTick(value);
    parts.push(line(at, y, at, y + 4, { stroke: MUTED }));
    const half = textWidth(content) / 2;
    if (at - half < free) continue;
    parts.push(text({ x: at, y: y + 17, 'text-anchor': 'middle', fill: MUTED }, content));
    free = at + half + 6;
  }
  parts.push(text({ x: (from + to) / 2, y: y + 36, 'text-anchor': 'middle', fill: MUTED }, label));
  return element('g', { class: 'axis' }, ...parts);
}

interface Axis {
  min: number;
  max: number;
  ticks: number[];
}

/** From 0 to a round value at or over `max`, with a tick about every `spacing` px of `length`. */
function linearAxis(max: number, length: number, spacing = 80): { max: number; ticks: number[] } {
  const values = ticks(max > 0 ? max : 1, Math.max(2, Math.floor(length / spacing)));
  const last = values[values.length - 1] as number;
  if (values.length > 1 && last < max) {
    const step = (values[1] as number) - (values[0] as number);
    values.push(Number((last + step).toPrecision(12)));
  }
  return { max: values[values.length - 1] as number, ticks: values };
}

/**
 * Round values around `low` to `high` (both over 0): powers of ten, and 2 and 5 times them when
 * the values span few decades, so that there are enough ticks to read.
 */
function logAxis(low: number, high: number): Axis {
  const [lo, hi] = high > low ? [low, high] : [low / 3, high * 3];
  const first = Math.floor(Math.log10(lo));
  const last = Math.ceil(Math.log10(hi));
  const steps = last - first <= 2 ? [1, 2, 5] : [1];
  const candidates: number[] = [];
  for (let power = first; power <= last; power++)
    for (const step of steps) candidates.push(Number((step * 10 ** power).toPrecision(12)));
  const min = candidates.filter((c) => c <= lo * (1 + 1e-9)).at(-1) ?? lo;
  const max = candidates.find((c) => c >= hi * (1 - 1e-9)) ?? hi;
  return { min, max, ticks: candidates.filter((c) => c >= min && c <= max) };
}

/** A log x axis over the given values: ticks at them when there are few, else at powers of ten. */
function logXAxis(values: number[]): Axis {
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  if (distinct.length > 10) return logAxis(distinct[0] as number, distinct.at(-1) as number);
  const min = distinct[0] as number;
  const max = distinct.at(-1) as number;
  return min < max
    ? { min, max, ticks: distinct }
    : { min: min / 3, max: max * 3, ticks: distinct };
}

/** Maps an axis's values onto pixels `from` to `to` (either way round). */
function scale(axis: Axis, from: number, to: number, log?: boolean): (value: number) => number {
  const f = log ? Math.log : (v: number) => v;
  const lo = f(axis.min);
  const span = f(axis.max) - lo;
  return (value) => from + (span > 0 ? (f(value) - lo) / span : 0.5) * (to - from);
}
