import { describe, expect, it } from 'vitest';
import { memoByKey } from './memo-by-key.ts';

describe('memoByKey', () => {
  it('computes each short key once, long keys every time, and starts over when full', () => {
    const seen: string[] = [];
    const length = memoByKey(
      (key) => {
        seen.push(key);
        return key.length;
      },
      { size: 2, maxKeyLength: 4 },
    );
    expect([length('a'), length('a'), length('bb'), length('bb')]).toEqual([1, 1, 2, 2]);
    expect(seen).toEqual(['a', 'bb']);
    expect([length('long key'), length('long key')]).toEqual([8, 8]);
    expect(seen).toEqual(['a', 'bb', 'long key', 'long key']);
    // Full at two answers: a third clears the memory, so 'a' is computed again.
    length('ccc');
    length('a');
    expect(seen.slice(-2)).toEqual(['ccc', 'a']);
  });

  it('remembers undefined and false answers too', () => {
    let calls = 0;
    const nothing = memoByKey(() => {
      calls += 1;
      return undefined;
    });
    nothing('k');
    nothing('k');
    expect(calls).toBe(1);
  });
});
