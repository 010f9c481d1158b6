// Column layout as Docker prints tables: upper-case headers, columns padded to the widest cell
// plus three spaces, no trailing spaces. Written as plain loops: `docker ps -a` lays out one
// row per container, and a world may hold ten thousand of them.
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header) => header.length);
  for (const row of rows) {
    for (let column = 0; column < widths.length; column++) {
      const length = (row[column] ?? '').length;
      if (length > widths[column]!) widths[column] = length;
    }
  }
  const line = (cells: string[]): string => {
    let text = '';
    const last = cells.length - 1;
    for (let column = 0; column < last; column++)
      text += cells[column]!.padEnd(widths[column]! + 3);
    return last >= 0 ? `${text}${cells[last]!}`.trimEnd() : '';
  };
  // One join at the end: appending row by row builds a rope of ten thousand pieces that the
  // next reader has to flatten.
  const lines = new Array<string>(rows.length + 2);
  lines[0] = line(headers);
  for (let index = 0; index < rows.length; index++) lines[index + 1] = line(rows[index]!);
  lines[rows.length + 1] = '';
  return lines.join('\n');
}
