/** Renders rows as a plain-text table with a header rule, columns padded to fit. */
export function formatTable(rows: Record<string, string | number>[]): string {
  const columns = Object.keys(rows[0] ?? {});
  const cells = [columns, ...rows.map((row) => columns.map((column) => String(row[column])))];
  const widths = columns.map((_, i) =>
    Math.max(...cells.map((line) => (line[i] as string).length)),
  );
  const render = (line: string[]) =>
    line
      .map((cell, i) =>
        i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number),
      )
      .join('  ');
  const [header, ...body] = cells;
  return [
    render(header as string[]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...body.map(render),
  ].join('\n');
}
