/**
 * Parses text as JSON; `undefined` for an empty (or blank) text or one that is not JSON.
 *
 * @example
 * parseJsonValue('[1]'); // [1]
 * parseJsonValue('{'); // undefined
 */
export function parseJsonValue(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Parses text as a JSON object; `undefined` for anything else (invalid JSON, arrays, null, scalars).
 *
 * @example
 * parseJsonObject('{"a":1}'); // { a: 1 }
 * parseJsonObject('[]'); // undefined
 */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  const parsed = parseJsonValue(text);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}
