/**
 * Remembers a function's answers by string key, for names that repeat from call to call (argument
 * names, assignment keys). Memory is bounded twice: keys longer than `maxKeyLength` (text an agent
 * controls can be long) are computed and not kept, and the whole memory is dropped when it holds
 * `size` answers, which costs less than tracking recency.
 *
 * @example
 * const isPathKey = memoByKey((key) => /path|file/.test(key.toLowerCase()));
 * isPathKey('filePath'); // computed once, then remembered
 */
export function memoByKey<T>(
  compute: (key: string) => T,
  { size = 1024, maxKeyLength = 64 }: { size?: number; maxKeyLength?: number } = {},
): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    // One lookup on a hit; `has` only tells a remembered `undefined` from a miss.
    const hit = known.get(key);
    if (hit !== undefined || known.has(key)) return hit as T;
    const answer = compute(key);
    if (key.length <= maxKeyLength) {
      if (known.size >= size) known.clear();
      known.set(key, answer);
    }
    return answer;
  };
}
