/**
 * The length boundaries of a valid value (min, min+1, max-1, max), each with the names it goes by, in increasing order.
 *
 * @example
 * lengthBoundaries({ min: 1, max: 64 }); // [[1, ['min']], [2, ['min+1']], [63, ['max-1']], [64, ['max']]]
 */
export function lengthBoundaries(range: { readonly min: number; readonly max: number }): [number, string[]][] {
  const named: [number, string][] = [
    [range.min, 'min'],
    [range.min + 1, 'min+1'],
  ];
  if (Number.isFinite(range.max)) named.push([range.max - 1, 'max-1'], [range.max, 'max']);
  const grouped = new Map<number, string[]>();
  for (const [length, name] of named) {
    if (length < range.min || length > range.max) continue;
    grouped.set(length, [...(grouped.get(length) ?? []), name]);
  }
  return [...grouped.entries()].sort((a, b) => a[0] - b[0]);
}
