/** A plain-text table for the CLIs: a title line, the header, a rule of dashes, then the rows, columns padded. */
export function textTable(title: string, header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [title, line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
