// A strict, small XML reader for tests of the SVG writers (the demo's timeline, pnpm bench's
// charts): it throws on anything not well formed that an SVG writer could get wrong (unbalanced
// or misnested tags, unquoted or repeated attributes, a raw `<` or a bad `&` reference in text or
// attribute values, stray content around the root) and otherwise returns the element tree with
// references decoded. No DTDs, CDATA or namespaces checks: the writers use none.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own character data (not its descendants'), references decoded. */
  text: string;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const SPACE = /\s*/y;
const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/y;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(source: string): XmlElement {
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`not well-formed XML at offset ${at}: ${what}: ${source.slice(at, at + 40)}`);
  };
  const match = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = at;
    const found = pattern.exec(source);
    if (found === null) return undefined;
    at = pattern.lastIndex;
    return found[0];
  };
  /** Character data up to `stop`, with references decoded; a raw `<` is an error. */
  const characters = (stop: string): string => {
    let out = '';
    while (at < source.length && !source.startsWith(stop, at)) {
      const c = source[at] as string;
      if (c === '<') fail('raw <');
      if (c === '&') {
        REFERENCE.lastIndex = at;
        const ref = REFERENCE.exec(source) ?? fail('bad reference');
        const [all, named, decimal, hex] = ref;
        out += named
          ? (NAMED[named] as string)
          : String.fromCodePoint(Number.parseInt(decimal ?? (hex as string), decimal ? 10 : 16));
        at += all.length;
      } else {
        out += c;
        at++;
      }
    }
    return out;
  };
  const skipMisc = () => {
    for (;;) {
      match(SPACE);
      if (!source.startsWith('<!--', at)) return;
      const end = source.indexOf('-->', at + 4);
      if (end < 0 || source.slice(at + 4, end).includes('--')) fail('bad comment');
      at = end + 3;
    }
  };
  const element = (): XmlElement => {
    if (source[at] !== '<') fail('expected <');
    at++;
    const name = match(NAME) ?? fail('bad element name');
    const node: XmlElement = { name, attributes: {}, children: [], text: '' };
    for (;;) {
      const space = match(SPACE);
      if (source.startsWith('/>', at)) {
        at += 2;
        return node;
      }
      if (source[at] === '>') {
        at++;
        break;
      }
      if (!space) fail('no space before attribute');
      const attribute = match(NAME) ?? fail('bad attribute name');
      if (attribute in node.attributes) fail(`repeated attribute ${attribute}`);
      match(SPACE);
      if (source[at] !== '=') fail('expected =');
      at++;
      match(SPACE);
      const quote = source[at];
      if (quote !== '"' && quote !== "'") fail('unquoted attribute value');
      at++;
      node.attributes[attribute] = characters(quote as string);
      if (at >= source.length) fail('unterminated attribute value');
      at++;
    }
    for (;;) {
      node.text += characters('<');
      if (at >= source.length) fail(`unclosed <${name}>`);
      if (source.startsWith('</', at)) {
        at += 2;
        if (match(NAME) !== name) fail(`expected </${name}>`);
        match(SPACE);
        if (source[at] !== '>') fail('expected >');
        at++;
        return node;
      }
      if (source.startsWith('<!--', at)) skipMisc();
      else if (source.startsWith('<!', at) || source.startsWith('<?', at)) fail('unsupported');
      else node.children.push(element());
    }
  };

  if (source.startsWith('<?xml')) {
    const end = source.indexOf('?>');
    if (end < 0) fail('unterminated declaration');
    at = end + 2;
  }
  skipMisc();
  const root = element();
  skipMisc();
  if (at !== source.length) fail('content after the root element');
  return root;
}

/** Every element in the tree (the root first), depth first. */
export function allElements(root: XmlElement): XmlElement[] {
  return [root, ...root.children.flatMap(allElements)];
}

/** Descendants (and `root` itself) whose `class` attribute is `name`. */
export function byClass(root: XmlElement, name: string): XmlElement[] {
  return allElements(root).filter((node) => node.attributes.class === name);
}

/** All character data inside `node`, in document order. */
export function textOf(node: XmlElement): string {
  return node.text + node.children.map(textOf).join('');
}
