/** Where the scanner is: an object (the keys seen so far, and the last) or an array (the index of the element). */
type Frame = { readonly keys: Set<string>; key: string } | { index: number };

/**
 * The path (keys and indices) of the first key an object of `text` gives twice, or `undefined` when none does. `JSON.parse` keeps the last
 * value of such a key without a word, so a fixture that lists `users` twice in one organization would lose the first list.
 * `text` must be valid JSON (parse it first): the scan checks nothing else.
 *
 * @example
 * firstDuplicateKey('{"organizations":[{"id":"m-1","users":[],"users":[]}]}'); // ['organizations', 0, 'users']
 * firstDuplicateKey('{"a":{"b":1},"c":{"b":2}}'); // undefined
 */
export function firstDuplicateKey(text: string): (string | number)[] | undefined {
  const stack: Frame[] = [];
  // Whether the next string of the innermost object is a key (after `{` or `,`), not a value.
  let keyNext = false;
  for (let at = 0; at < text.length; at += 1) {
    const character = text.charCodeAt(at);
    if (character === 0x22 /* " */) {
      const start = at;
      let escaped = false;
      for (at += 1; at < text.length; at += 1) {
        const inner = text.charCodeAt(at);
        if (inner === 0x5c /* \ */) {
          escaped = true;
          at += 1;
        } else if (inner === 0x22) break;
      }
      if (!keyNext) continue;
      keyNext = false;
      const frame = stack.at(-1);
      if (frame === undefined || !('keys' in frame)) continue;
      const key = escaped ? (JSON.parse(text.slice(start, at + 1)) as string) : text.slice(start + 1, at);
      frame.key = key;
      if (frame.keys.has(key)) return pathOf(stack);
      frame.keys.add(key);
    } else if (character === 0x7b /* { */) {
      stack.push({ keys: new Set(), key: '' });
      keyNext = true;
    } else if (character === 0x5b /* [ */) {
      stack.push({ index: 0 });
    } else if (character === 0x7d /* } */ || character === 0x5d /* ] */) {
      stack.pop();
    } else if (character === 0x2c /* , */) {
      const frame = stack.at(-1);
      if (frame === undefined) continue;
      if ('keys' in frame) keyNext = true;
      else frame.index += 1;
    }
  }
  return undefined;
}

function pathOf(stack: readonly Frame[]): (string | number)[] {
  return stack.map((frame) => ('keys' in frame ? frame.key : frame.index));
}
