import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from './finding.ts';
import { resolveOverlaps } from './resolve-overlaps.ts';

// The definition: most confident first, then longest, then leftmost; drop what overlaps a taken one.
function reference(candidates: readonly Finding[]): Finding[] {
  const ranked = [...candidates].sort(
    (a, b) =>
      (b.confidence ?? 0) - (a.confidence ?? 0) || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const taken: Finding[] = [];
  for (const c of ranked) if (!taken.some((t) => c.start < t.end && t.start < c.end)) taken.push(c);
  return taken.sort((a, b) => a.start - b.start);
}

const finding = fc
  .record({
    start: fc.nat(200),
    length: fc.integer({ min: 1, max: 40 }),
    confidence: fc.constantFrom(0.4, 0.5, 0.9),
  })
  .map(({ start, length, confidence }) => ({ type: 'X', start, end: start + length, confidence }));

describe('resolveOverlaps', () => {
  it('keeps what the rank-then-drop definition keeps, in position order', () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 60 }), (candidates) => {
        expect(resolveOverlaps(candidates)).toEqual(reference(candidates));
      }),
      { numRuns: 500 },
    );
  });

  it('settles 20,000 adjacent findings, as a document full of addresses has', () => {
    const candidates = Array.from({ length: 20_000 }, (_, i) => ({
      type: 'X',
      start: i * 8,
      end: i * 8 + 7,
    }));
    expect(resolveOverlaps([...candidates].reverse())).toEqual(candidates);
  });
});
