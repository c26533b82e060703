// Small helpers to write SVG as text: escaping, elements, and an axis's tick steps. Shared by the
// demo's timeline and pnpm bench's charts.

/** `text` safe inside XML character data and inside a double- or single-quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

type Attributes = Record<string, string | number>;

function attributes(attrs: Attributes): string {
  return Object.entries(attrs)
    .map(
      ([name, value]) => ` ${name}="${escapeXml(typeof value === 'number' ? px(value) : value)}"`,
    )
    .join('');
}

/** A number for a coordinate: at most two decimals, no trailing zeros. */
export function px(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** An element with `children` (already SVG text) or, without them, an empty element. */
export function element(name: string, attrs: Attributes, ...children: string[]): string {
  return children.length === 0
    ? `<${name}${attributes(attrs)}/>`
    : `<${name}${attributes(attrs)}>${children.join('')}</${name}>`;
}

/** A text element: `content` is plain text and gets escaped. */
export function text(attrs: Attributes, content: string): string {
  return element('text', attrs, escapeXml(content));
}

/**
 * Tick values from 0 to `max` (inclusive where it lands on one), spaced 1, 2 or 5 times a power
 * of ten so that there are about `count` of them.
 */
export function ticks(max: number, count = 8): number[] {
  if (!(max > 0)) return [0];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((m) => m * power >= rough) ?? 10) * power;
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const values: number[] = [];
  for (let i = 0; i * step <= max * (1 + 1e-9); i++)
    values.push(Number((i * step).toFixed(decimals)));
  return values;
}
