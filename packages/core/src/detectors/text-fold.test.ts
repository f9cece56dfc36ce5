import { describe, expect, it } from 'vitest';
import type { Finding } from './finding.ts';
import { foldText, mayFold, withFolded } from './text-fold.ts';

describe('foldText', () => {
  it('drops invisible characters, reads other digits as ASCII and decodes escapes, mapping back', () => {
    const text = 'a\u200bb ４２ %40 \\u0041 𝟓';
    const folded = foldText(text);
    expect(folded?.text).toBe('ab 42 @ A 5');
    // Each folded unit knows the original span it was read from.
    const spans = [...(folded?.text ?? '')].map((_, i) => text.slice(folded?.from[i], folded?.until[i]));
    expect(spans).toEqual(['a', 'b', ' ', '４', '２', ' ', '%40', ' ', '\\u0041', ' ', '𝟓']);
  });

  it('changes nothing in text with nothing hidden, and the gate says so cheaply', () => {
    for (const text of ['plain ascii text', 'café ünïcode “quotes”', '100% sure', 'C:\\temp']) {
      expect(foldText(text)).toBeUndefined();
      expect(mayFold(text)).toBe(false);
    }
    expect(mayFold('x\u200by')).toBe(true);
  });
});

describe('withFolded', () => {
  const emails = (text: string): Finding[] =>
    [...text.matchAll(/[a-z]+@[a-z]+\.[a-z]+/g)].map((m) => ({
      type: 'EMAIL_ADDRESS',
      start: m.index,
      end: m.index + m[0].length,
      confidence: 0.9,
    }));

  it('adds each hidden value and keeps each plain one, however many there are', () => {
    const text = 'ab@cd.com ab%40cd.com '.repeat(2000);
    const merged = withFolded(text, emails(text), emails);
    expect(merged).toHaveLength(4000);
    expect(merged.slice(0, 2).map((f) => text.slice(f.start, f.end))).toEqual(['ab@cd.com', 'ab%40cd.com']);
    expect(merged.every((f, i) => i === 0 || (merged[i - 1] as Finding).end <= f.start)).toBe(true);
  });

  it('lets the folded reading win where it overlaps a plain finding', () => {
    const text = 'x jo@a\u200b.co y ab@cd.com';
    const plain: Finding[] = [
      { type: 'EMAIL_ADDRESS', start: 2, end: 6, confidence: 0.9 },
      { type: 'EMAIL_ADDRESS', start: 19, end: 28, confidence: 0.9 },
    ];
    const merged = withFolded(text, plain, emails);
    expect(merged.map((f) => [f.start, f.end])).toEqual([
      [2, 10],
      [19, 28],
    ]);
  });
});
