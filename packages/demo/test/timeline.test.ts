import { escapeXml, ticks } from '@mutex/tools/svg';
import { byClass, parseXml, textOf, type XmlElement } from '@mutex/tools/xml';
import { describe, expect, it } from 'vitest';
import { crowding } from '../src/crowding.js';
import { analyse, type Span } from '../src/stats.js';
import { renderTimeline, type TimelineRun } from '../src/timeline.js';

/** A span from ms to ms, in ns as the workers print them. */
const ms = (start: number, end: number): Span => [BigInt(start * 1e6), BigInt(end * 1e6)];

function render(runs: TimelineRun[]): XmlElement {
  return parseXml(renderTimeline(runs, { title: 'test' }));
}
const runsOf = (svg: XmlElement) => byClass(svg, 'run');

describe('renderTimeline', () => {
  it('writes one well-formed SVG document with a bar per section, lane by lane', () => {
    const lanes = [[ms(0, 2), ms(4, 6), ms(8, 9)], [ms(2, 4), ms(6, 8)], [ms(9, 12)]];
    const svg = render([{ name: 'ioredis', limit: 1, lanes, lostUpdates: 0 }]);
    expect(svg.name).toBe('svg');
    expect(svg.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
    const [run] = runsOf(svg);
    expect(run?.attributes['data-sections']).toBe('6');
    const bars = byClass(svg, 'section');
    expect(bars).toHaveLength(6);
    // One lane (y) per worker, with that worker's number of bars.
    const perLane = new Map<string, number>();
    for (const bar of bars)
      perLane.set(bar.attributes.y as string, (perLane.get(bar.attributes.y as string) ?? 0) + 1);
    expect([...perLane.values()]).toEqual([3, 2, 1]);
    // Bars sit left to right in time order within a lane, inside the picture.
    const xs = bars.slice(0, 3).map((bar) => Number(bar.attributes.x));
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    const width = Number(svg.attributes.width);
    for (const bar of bars) {
      expect(Number(bar.attributes.x) + Number(bar.attributes.width)).toBeLessThanOrEqual(width);
    }
    expect(textOf(svg)).toContain('6 sections, 0 overlaps, 0 lost updates');
  });

  it('marks overlaps in red when and only when sections overlap', () => {
    const handoffs = [[ms(0, 10), ms(20, 30)], [ms(10, 20)]]; // touching, never overlapping
    const overlapping = [[ms(0, 10), ms(20, 30)], [ms(5, 12)], [ms(25, 26)]];
    const svg = render([
      { name: 'locked', limit: 1, lanes: handoffs, lostUpdates: 0 },
      { name: 'NO LOCK', limit: 1, lanes: overlapping, lostUpdates: 2 },
    ]);
    const [locked, unlocked] = runsOf(svg) as [XmlElement, XmlElement];
    expect(byClass(locked, 'overlap')).toHaveLength(0);
    expect(locked.attributes['data-overlaps']).toBe('0');
    const marks = byClass(unlocked, 'overlap');
    expect(marks).toHaveLength(2); // 5-10 ms and 25-26 ms
    for (const mark of marks) expect(mark.attributes.fill).toBe('#d62728');
    expect(unlocked.attributes['data-overlaps']).toBe('2');
    expect(textOf(unlocked)).toContain('4 sections, 2 overlaps, 2 lost updates');
  });

  it('for a semaphore, marks only the times when more than the limit are inside', () => {
    const withinLimit = [[ms(0, 10)], [ms(5, 15)], [ms(10, 20)]]; // never 3 at once
    const overLimit = [[ms(0, 10)], [ms(2, 8)], [ms(4, 6)]]; // 3 at once from 4 to 6 ms
    const svg = render([
      { name: 'semaphore', limit: 2, lanes: withinLimit },
      { name: 'NO SEMAPHORE', limit: 2, lanes: overLimit },
    ]);
    const [guarded, unguarded] = runsOf(svg) as [XmlElement, XmlElement];
    expect(byClass(guarded, 'overlap')).toHaveLength(0);
    expect(byClass(unguarded, 'overlap')).toHaveLength(1);
    expect(textOf(unguarded)).toContain('1 started over the limit of 2, most inside at once 3');
    expect(textOf(unguarded)).not.toContain('lost updates');
  });

  it('escapes every text it is given', () => {
    const name = `a<b & "c" 'd'> ]]> &amp;`;
    const source = renderTimeline([{ name, limit: 1, lanes: [[ms(0, 1)]] }], {
      title: '<script>alert(1)</script>',
      subtitle: 'R&D',
    });
    expect(source).not.toContain('<script>');
    const svg = parseXml(source);
    expect(runsOf(svg)[0]?.attributes['data-name']).toBe(name);
    expect(textOf(svg)).toContain(name);
    expect(textOf(svg)).toContain('<script>alert(1)</script>');
    expect(textOf(svg)).toContain('R&D');
    expect(parseXml(`<t a="${escapeXml(name)}">${escapeXml(name)}</t>`).text).toBe(name);
  });

  it('draws a run with no sections, and a run whose sections all start at once', () => {
    const svg = render([
      { name: 'empty', limit: 1, lanes: [[], []] },
      { name: 'instant', limit: 1, lanes: [[ms(1, 1)], [ms(1, 1)]] },
    ]);
    expect(byClass(svg, 'section')).toHaveLength(2);
    expect(runsOf(svg).map((run) => run.attributes['data-sections'])).toEqual(['0', '2']);
  });

  it('labels the time axis in ms', () => {
    const svg = render([{ name: 'run', limit: 1, lanes: [[ms(0, 540)]] }]);
    const words = textOf(svg);
    expect(words).toContain('time, ms');
    for (const tick of ['0', '100', '500']) expect(words).toContain(tick);
  });
});

describe('crowding', () => {
  it('counts overlaps as the demo table does, for a lock', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    for (let round = 0; round < 50; round++) {
      const spans = Array.from({ length: 30 }, () => {
        const start = Math.floor(random() * 1000);
        return ms(start, start + 1 + Math.floor(random() * 60));
      });
      expect(crowding(spans, 1).overlaps).toBe(analyse(spans).overlaps);
    }
  });

  it('finds the stretches with more inside than the limit, ends before starts', () => {
    const spans = [ms(0, 10), ms(10, 20), ms(15, 30), ms(16, 17)];
    expect(crowding(spans, 1)).toEqual({ overlaps: 2, most: 3, excess: [ms(15, 20)] });
    expect(crowding(spans, 2)).toEqual({ overlaps: 1, most: 3, excess: [ms(16, 17)] });
  });
});

describe('ticks', () => {
  it('steps 1, 2 or 5 times a power of ten, from 0', () => {
    expect(ticks(540)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(ticks(3800)).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000, 3500]);
    expect(ticks(1.2)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1, 1.2]);
    expect(ticks(0)).toEqual([0]);
  });
});

describe("the tests' XML checker", () => {
  it('refuses what is not well formed', () => {
    for (const bad of [
      '<a><b></a></b>',
      '<a x=1/>',
      '<a x="1" x="2"/>',
      '<a>&nbsp;</a>',
      '<a>1 < 2</a>',
      '<a title="<"/>',
      '<a/><b/>',
      '<a>',
      'text<a/>',
    ]) {
      expect(() => parseXml(bad), bad).toThrow(/not well-formed/);
    }
    expect(parseXml('<?xml version="1.0"?>\n<a x=\'&lt;\'><!-- c --><b/>&#38;</a>\n')).toEqual({
      name: 'a',
      attributes: { x: '<' },
      children: [{ name: 'b', attributes: {}, children: [], text: '' }],
      text: '&',
    });
  });
});
