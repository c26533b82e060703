// Finds the fenced code blocks of a Markdown file, with the line each starts on and the
// `##` heading it sits under.

export interface CodeBlock {
  /** Path of the Markdown file, relative to the repository root. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The info string's first word, lower-cased: `ts`, `sh`, `diff`, or `''`. */
  readonly lang: string;
  /** The nearest `#`/`##`/... heading above the block, without the hashes. */
  readonly heading: string;
  readonly code: string;
}

/** The languages whose blocks are type-checked. */
export const TYPESCRIPT = new Set(['ts', 'typescript']);

export function codeBlocks(file: string, markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    const open = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)/.exec(text);
    if (!open) {
      const title = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
      if (title) heading = title[1] ?? '';
      continue;
    }
    const indent = open[1]?.length ?? 0;
    const fence = open[2] ?? '```';
    const body: string[] = [];
    let end = i + 1;
    for (; end < lines.length; end++) {
      const inner = lines[end] ?? '';
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(inner);
      if (close?.[1]?.startsWith(fence[0] ?? '`') && (close[1]?.length ?? 0) >= fence.length) {
        break;
      }
      // Strip the opening fence's indentation, as CommonMark does.
      body.push(inner.replace(new RegExp(`^ {0,${indent}}`), ''));
    }
    blocks.push({
      file,
      line: i + 1,
      lang: (open[3] ?? '').toLowerCase(),
      heading,
      code: `${body.join('\n')}\n`,
    });
    i = end;
  }
  return blocks;
}
