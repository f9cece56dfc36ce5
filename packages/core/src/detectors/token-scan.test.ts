import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachLongRun } from './token-scan.ts';

const runs = (text: string): [number, number][] => {
  const out: [number, number][] = [];
  forEachLongRun(text, (start, end) => out.push([start, end]));
  return out;
};

// The definition, as a regex: maximal runs of 16 or more token characters.
const reference = (text: string): [number, number][] =>
  [...text.matchAll(/[A-Za-z0-9_\-+/.~=]{16,}/g)].map((m) => [m.index, m.index + m[0].length]);

describe('forEachLongRun', () => {
  it('finds exactly the maximal runs of 16 or more token characters', () => {
    // Mostly token characters with separators now and then, so runs of every length near 16 occur.
    const char = fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(...'aZ09_-+/.~=') },
      { weight: 1, arbitrary: fc.constantFrom(' ', ':', '"', '\n', 'é', '€') },
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 120 }), (chars) => {
        const text = chars.join('');
        expect(runs(text)).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('handles runs at both ends, exact lengths and text shorter than a run', () => {
    const sixteen = 'a'.repeat(16);
    expect(runs(sixteen)).toEqual([[0, 16]]);
    expect(runs('a'.repeat(15))).toEqual([]);
    expect(runs(` ${sixteen} ${'b'.repeat(15)} ${sixteen}`)).toEqual([
      [1, 17],
      [34, 50],
    ]);
    expect(runs('')).toEqual([]);
  });
});
