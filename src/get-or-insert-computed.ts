/**
 * The value a map holds for a key, computed by `compute(key)` and stored on first use (the shape of the TC39
 * `Map.prototype.getOrInsertComputed` proposal, which Node 20 lacks). Pass a function that captures nothing on hot paths,
 * so that no closure is made per lookup.
 *
 * @example
 * const lengths = new Map<string, number>();
 * getOrInsertComputed(lengths, 'abc', (text) => text.length); // 3, computed once
 */
export function getOrInsertComputed<K, V>(map: Map<K, V> | (K extends object ? WeakMap<K, V> : never), key: K, compute: (key: K) => V): V {
  // One lookup when the key is there (the common case); `has` only tells a stored `undefined` from a missing key.
  const found = map.get(key);
  if (found !== undefined || map.has(key)) return found as V;
  const value = compute(key);
  map.set(key, value);
  return value;
}
