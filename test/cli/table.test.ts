// The table layout Docker prints (docker ps, images, network ls...): each column as wide as its
// widest cell plus three spaces, no trailing spaces, one line per row.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTable } from '../../sim-core/cli/table.ts';

describe('formatTable', () => {
  it('pads each column to its widest cell plus three spaces and trims line ends', () => {
    expect(
      formatTable(
        ['CONTAINER ID', 'NAMES'],
        [
          ['abc', 'web'],
          ['0123456789abcdef', ''],
        ],
      ),
    ).toBe('CONTAINER ID       NAMES\nabc                web\n0123456789abcdef\n');
    expect(formatTable(['A', 'B'], [])).toBe('A   B\n');
  });

  it('agrees with the layout written as the definition, for any cells', () => {
    const definition = (headers: string[], rows: string[][]): string => {
      const widths = headers.map((header, column) =>
        Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
      );
      const line = (cells: string[]) =>
        cells
          .map((cell, column) =>
            column === cells.length - 1 ? cell : cell.padEnd(widths[column]! + 3),
          )
          .join('')
          .trimEnd();
      return `${[line(headers), ...rows.map(line)].join('\n')}\n`;
    };
    const cell = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((columns) =>
          fc.tuple(
            fc.array(cell, { minLength: columns, maxLength: columns }),
            fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), {
              maxLength: 8,
            }),
          ),
        ),
        ([headers, rows]) => {
          expect(formatTable(headers, rows)).toBe(definition(headers, rows));
        },
      ),
      { numRuns: 300 },
    );
  });
});
