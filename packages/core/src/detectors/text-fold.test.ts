import { describe, expect, it } from 'vitest';
import { foldText, mayFold } from './text-fold.ts';

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
