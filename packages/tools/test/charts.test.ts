import { describe, expect, it } from 'vitest';
import {
  ACCENT,
  type BarChart,
  type FairnessChart,
  type LineChart,
  renderBarChart,
  renderFairnessChart,
  renderLineChart,
} from '../src/charts.js';
import { allElements, byClass, parseXml, textOf, type XmlElement } from '../src/xml.js';

const NASTY = `a<b & "c" 'd'> &amp;`;
const BAD = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, undefined as never];

const bars: BarChart = {
  title: 'cycles',
  unit: 'cycles/s',
  reference: { label: 'raw', value: 150 },
  bars: [
    { label: '@mutex/ioredis', value: 200, ours: true, note: '1.33x raw' },
    { label: '@sesamecare-oss/redlock 1.4.0', value: 100 },
    { label: 'redlock', value: 50 },
  ],
};
const lines: LineChart = {
  title: 'hand-off',
  xLabel: 'waiters',
  yLabel: 'ms',
  xLog: true,
  yLog: true,
  series: [
    {
      label: '@mutex/ioredis',
      ours: true,
      points: [
        [2, 1],
        [8, 2],
        [32, 3],
        [64, 4],
      ],
    },
    {
      label: 'redlock',
      points: [
        [2, 10],
        [8, 100],
        [32, 1000],
        [64, 5000],
      ],
    },
    {
      label: 'redis-semaphore',
      points: [
        [2, 5],
        [8, 6],
      ],
    },
  ],
};
const fairness: FairnessChart = {
  title: 'fairness',
  rows: [
    { label: '@mutex/bun (under Bun)', ours: true, perWorker: [100, 100, 100, 100] },
    { label: 'redlock', perWorker: [50, 100, 150, 100] },
  ],
};

/** Parses strictly (throws unless well formed) and checks the parts every chart must have. */
function document(source: string): XmlElement {
  const svg = parseXml(source);
  expect(svg.name).toBe('svg');
  expect(svg.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
  const [width, height] = [Number(svg.attributes.width), Number(svg.attributes.height)];
  expect(width).toBeGreaterThan(0);
  expect(height).toBeGreaterThan(0);
  expect(svg.attributes.viewBox).toBe(`0 0 ${width} ${height}`);
  const background = svg.children.find((child) => child.name === 'rect');
  expect(background?.attributes).toMatchObject({
    width: String(width),
    height: String(height),
    fill: 'white',
  });
  expect(source).toMatch(/font-family="[^"]*sans-serif"/);
  return svg;
}

const num = (node: XmlElement | undefined, name: string) => Number(node?.attributes[name]);
/** A marker's centre, from its `translate(x y)`. */
function centre(node: XmlElement): [number, number] {
  const found = /translate\(([-\d.]+) ([-\d.]+)\)/.exec(node.attributes.transform ?? '');
  expect(found).not.toBeNull();
  return [Number(found?.[1]), Number(found?.[2])];
}
const legendLabels = (svg: XmlElement) =>
  byClass(svg, 'legend-item').map((item) => item.attributes['data-label']);

describe('renderBarChart', () => {
  it('draws a bar per value, in the given order, with lengths in proportion', () => {
    const svg = document(renderBarChart(bars));
    const drawn = byClass(svg, 'bar');
    expect(drawn.map((bar) => bar.attributes['data-label'])).toEqual(
      bars.bars.map((bar) => bar.label),
    );
    const [b200, b100, b50] = drawn.map((bar) => num(bar, 'width'));
    expect(b200).toBeCloseTo(2 * (b100 as number), 1);
    expect(b100).toBeCloseTo(2 * (b50 as number), 1);
    // The first bar is on top.
    expect(num(drawn[0], 'y')).toBeLessThan(num(drawn[1], 'y'));
    // Every bar fits in the picture, and values are written beside them.
    for (const bar of drawn)
      expect(num(bar, 'x') + num(bar, 'width')).toBeLessThanOrEqual(num(svg, 'width'));
    expect(byClass(svg, 'bar-value').map(textOf)).toEqual(['200 1.33x raw', '100', '50']);
    expect(textOf(svg)).toContain('cycles/s');
  });

  it('draws the reference line where a bar of that value would end', () => {
    const svg = document(renderBarChart({ ...bars, reference: { label: 'raw', value: 100 } }));
    const [reference] = byClass(svg, 'reference');
    const mark = reference?.children.find((child) => child.name === 'line');
    const bar = byClass(svg, 'bar')[1];
    expect(num(mark, 'x1')).toBeCloseTo(num(bar, 'x') + num(bar, 'width'), 1);
    expect(textOf(reference as XmlElement)).toBe('raw 100');
    expect(legendLabels(svg)).toContain('raw');
  });

  it('draws ours in the accent colour and peers in another', () => {
    const [ours, ...peers] = byClass(document(renderBarChart(bars)), 'bar');
    expect(ours?.attributes.fill).toBe(ACCENT);
    for (const peer of peers) expect(peer.attributes.fill).not.toBe(ACCENT);
  });

  it('shows "-" and no bar for a value that is not a finite count', () => {
    const source = renderBarChart({
      ...bars,
      bars: [{ label: 'ok', value: 10 }, ...BAD.map((value, i) => ({ label: `bad ${i}`, value }))],
      reference: { label: 'raw', value: Number.NaN },
    });
    expect(source).not.toMatch(/NaN|Infinity/);
    const svg = document(source);
    expect(byClass(svg, 'bar')).toHaveLength(1);
    expect(byClass(svg, 'bar-value').map(textOf)).toEqual(['10', '-', '-', '-', '-']);
    expect(byClass(svg, 'reference')).toHaveLength(0);
  });
});

describe('renderLineChart', () => {
  it('draws a marker per point and names every series in the legend', () => {
    const svg = document(renderLineChart(lines));
    const series = byClass(svg, 'series');
    expect(series.map((s) => s.attributes['data-label']).sort()).toEqual(
      lines.series.map((s) => s.label).sort(),
    );
    for (const s of lines.series) {
      const group = series.find((g) => g.attributes['data-label'] === s.label) as XmlElement;
      expect(byClass(group, 'point')).toHaveLength(s.points.length);
    }
    expect(legendLabels(svg)).toEqual(lines.series.map((s) => s.label));
    for (const s of lines.series)
      expect(textOf(byClass(svg, 'legend')[0] as XmlElement)).toContain(s.label);
  });

  it('spaces 2, 8, 32 and 64 by their ratios on a log x axis, and ticks them', () => {
    const svg = document(renderLineChart(lines));
    const ours = byClass(svg, 'series').find(
      (g) => g.attributes['data-label'] === '@mutex/ioredis',
    );
    const xs = byClass(ours as XmlElement, 'point').map((point) => centre(point)[0]);
    const [x2, x8, x32, x64] = xs as [number, number, number, number];
    expect(x8 - x2).toBeGreaterThan(50);
    expect(x32 - x8).toBeCloseTo(x8 - x2, 0);
    expect(x64 - x32).toBeCloseTo((x8 - x2) / 2, 0);
    const axisText = byClass(svg, 'axis').flatMap((axis) => axis.children.map(textOf));
    expect(axisText).toEqual(expect.arrayContaining(['2', '8', '32', '64']));
    // The y values 1 to 5000 get powers of ten, higher values higher up.
    const yTicks = byClass(svg, 'y-axis')[0]?.children ?? [];
    expect(yTicks.map(textOf)).toEqual(['1', '10', '100', '1k', '10k']);
    const tickYs = yTicks.map((tick) => num(tick, 'y'));
    expect(tickYs).toEqual([...tickYs].sort((a, b) => b - a));
    const redlock = byClass(svg, 'series').find((g) => g.attributes['data-label'] === 'redlock');
    const ys = byClass(redlock as XmlElement, 'point').map((point) => centre(point)[1]);
    expect(ys[0] as number).toBeGreaterThan(ys[1] as number);
    expect((ys[0] as number) - (ys[1] as number)).toBeCloseTo(
      (ys[1] as number) - (ys[2] as number),
      0,
    );
  });

  it('draws ours in the accent colour, and tells every series apart without colour', () => {
    const svg = document(renderLineChart(lines));
    const series = byClass(svg, 'series');
    const looks = series.map((s) => {
      const [polyline] = s.children.filter((child) => child.name === 'polyline');
      const [point] = byClass(s, 'point');
      return {
        label: s.attributes['data-label'],
        colour: polyline?.attributes.stroke,
        markerColour: point?.attributes.fill,
        shape: `${point?.attributes.d} ${point?.attributes.fill === 'white'} ${polyline?.attributes['stroke-dasharray']}`,
      };
    });
    for (const look of looks) {
      const ours = look.label === '@mutex/ioredis';
      expect(look.colour === ACCENT).toBe(ours);
      expect(look.markerColour === ACCENT).toBe(ours);
    }
    expect(new Set(looks.map((look) => look.shape)).size).toBe(lines.series.length);
    const key = byClass(svg, 'legend-item').find(
      (item) => item.attributes['data-label'] === '@mutex/ioredis',
    );
    expect(allElements(key as XmlElement).some((node) => node.attributes.stroke === ACCENT)).toBe(
      true,
    );
  });

  it('skips points it cannot place, and says "no data" when none are left', () => {
    const source = renderLineChart({
      ...lines,
      series: [
        {
          label: 'some',
          points: [[2, 1], ...BAD.map((v): [number, number] => [v, 1]), [0, 5], [4, 0], [8, 2]],
        },
      ],
    });
    expect(source).not.toMatch(/NaN|Infinity/);
    // 0 has no place on a log axis.
    expect(byClass(document(source), 'point')).toHaveLength(2);
    const none = renderLineChart({
      ...lines,
      series: [{ label: 'bad', points: [[Number.NaN, 1]] }],
    });
    expect(none).not.toMatch(/NaN|Infinity/);
    expect(byClass(document(none), 'no-data').map(textOf)).toEqual(['no data']);
  });

  it('places points on linear axes from 0, in proportion', () => {
    const svg = document(
      renderLineChart({
        ...lines,
        xLog: false,
        yLog: false,
        series: [
          {
            label: 'l',
            points: [
              [10, 10],
              [20, 20],
              [40, 40],
            ],
          },
        ],
      }),
    );
    const [[x1, y1], [x2, y2], [x4, y4]] = byClass(svg, 'point').map(centre) as [
      [number, number],
      [number, number],
      [number, number],
    ];
    expect(x4 - x2).toBeCloseTo(2 * (x2 - x1), 1);
    expect(y1 - y2).toBeCloseTo((y2 - y4) / 2, 1);
  });
});

describe('renderFairnessChart', () => {
  it('draws a bar per worker, scaled to the row mean, and notes the fewest and most', () => {
    const svg = document(renderFairnessChart(fairness));
    const rows = byClass(svg, 'fairness-row');
    expect(rows.map((row) => row.attributes['data-label'])).toEqual(
      fairness.rows.map((row) => row.label),
    );
    const heights = rows.map((row) => byClass(row, 'worker-bar').map((bar) => num(bar, 'height')));
    expect(heights.map((h) => h.length)).toEqual([4, 4]);
    const [even, uneven] = heights as [number[], number[]];
    // Both rows have mean 100: a worker with the mean is as tall in either row.
    expect(uneven[1]).toBeCloseTo(even[0] as number, 5);
    expect(uneven[2]).toBeCloseTo(3 * (uneven[0] as number), 5);
    const notes = byClass(svg, 'fairness-note').map(textOf);
    expect(notes[1]).toContain('fewest 50 (0.50×)');
    expect(notes[1]).toContain('most 150 (1.50×)');
  });

  it('cuts off and marks a bar over twice the mean', () => {
    const svg = document(
      renderFairnessChart({ title: 'f', rows: [{ label: 'r', perWorker: [10, 10, 10, 370] }] }),
    );
    const heights = byClass(svg, 'worker-bar').map((bar) => num(bar, 'height'));
    // The mean is 100: 10 is 0.1 of it, and 370 is drawn as 2 times it.
    expect(heights[3]).toBeCloseTo(20 * (heights[0] as number), 5);
    expect(byClass(svg, 'clipped')).toHaveLength(1);
  });

  it('draws ours in the accent colour and peers in another', () => {
    const [ours, peer] = byClass(document(renderFairnessChart(fairness)), 'fairness-row');
    for (const bar of byClass(ours as XmlElement, 'worker-bar'))
      expect(bar.attributes.fill).toBe(ACCENT);
    for (const bar of byClass(peer as XmlElement, 'worker-bar'))
      expect(bar.attributes.fill).not.toBe(ACCENT);
  });

  it('leaves out counts that are not finite, and never writes NaN', () => {
    const source = renderFairnessChart({
      title: 'f',
      rows: [
        { label: 'some', perWorker: [5, ...BAD, 15] },
        { label: 'none', perWorker: BAD },
        { label: 'zero', perWorker: [0, 0] },
      ],
    });
    expect(source).not.toMatch(/NaN|Infinity/);
    const [some, none, zero] = byClass(document(source), 'fairness-row') as XmlElement[];
    expect(byClass(some as XmlElement, 'worker-bar')).toHaveLength(2);
    expect(textOf(some as XmlElement)).toContain('mean 10');
    expect(byClass(none as XmlElement, 'worker-bar')).toHaveLength(0);
    expect(byClass(zero as XmlElement, 'fairness-note').map(textOf)).toEqual(['no acquisitions']);
  });
});

describe('every chart', () => {
  const nasty = {
    bar: renderBarChart({
      title: NASTY,
      unit: NASTY,
      bars: [{ label: NASTY, value: 1, note: NASTY }],
      reference: { label: NASTY, value: 1 },
    }),
    line: renderLineChart({
      title: NASTY,
      xLabel: NASTY,
      yLabel: NASTY,
      series: [{ label: NASTY, points: [[1, 1]] }],
    }),
    fairness: renderFairnessChart({ title: NASTY, rows: [{ label: NASTY, perWorker: [1] }] }),
  };

  it.each(Object.entries(nasty))('%s chart escapes its labels', (_, source) => {
    expect(source).not.toContain('a<b');
    expect(source).not.toContain('& "');
    const svg = document(source);
    const texts = allElements(svg)
      .filter((node) => node.name === 'text' || node.name === 'title')
      .map(textOf);
    // Title, plus each label, once or more, exactly as given.
    expect(texts.filter((t) => t.includes(NASTY)).length).toBeGreaterThanOrEqual(2);
    expect(allElements(svg).some((node) => node.attributes['data-label'] === NASTY)).toBe(true);
  });

  it.each([
    ['bar', () => renderBarChart({ title: 't', unit: 'u', bars: [] })],
    ['line', () => renderLineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [] })],
    ['fairness', () => renderFairnessChart({ title: 't', rows: [] })],
  ])('%s chart says "no data" for no input', (_, render) => {
    const svg = document(render());
    expect(byClass(svg, 'no-data').map(textOf)).toEqual(['no data']);
    expect(textOf(svg)).toContain('t');
  });

  it('grows wider rather than clip a long title', () => {
    const svg = document(renderFairnessChart({ title: 'x'.repeat(200), rows: [] }));
    expect(num(svg, 'width')).toBeGreaterThan(200 * 8);
  });
});
