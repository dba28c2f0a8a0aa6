// @ts-check
/** Plain-text tables for the bench's printed output. */

/**
 * Columns padded to their widest cell: text columns left-aligned, numbers right-aligned.
 * @param {string[]} header
 * @param {string[][]} rows
 * @param {number[]} textColumns indexes of the left-aligned columns
 */
export function columns(header, rows, textColumns) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const align = (/** @type {string[]} */ cells) =>
    cells
      .map((cell, i) =>
        textColumns.includes(i) ? cell.padEnd(widths[i]) : cell.padStart(widths[i]),
      )
      .join('  ')
      .trimEnd();
  return [align(header), align(widths.map((w) => '-'.repeat(w))), ...rows.map(align)].join('\n');
}
