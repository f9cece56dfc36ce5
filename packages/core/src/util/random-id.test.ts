import { describe, expect, it } from 'vitest';
import { randomHex128, uuidOf } from './random-id.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomHex128', () => {
  it('gives 32 hex digits that spell a UUID v4, none repeated across several refills of the pool', () => {
    const seen = new Set<string>();
    // 10,000 ids span three fills of 4096.
    for (let i = 0; i < 10_000; i++) {
      const hex = randomHex128();
      expect(hex).toMatch(/^[0-9a-f]{32}$/);
      expect(uuidOf(hex)).toMatch(UUID_V4);
      seen.add(hex);
    }
    expect(seen.size).toBe(10_000);
  });

  it('varies every random digit (all but the version and variant bits)', () => {
    const digits = Array.from({ length: 32 }, () => new Set<string>());
    for (let i = 0; i < 2000; i++) {
      const hex = randomHex128();
      for (let d = 0; d < 32; d++) digits[d]?.add(hex[d] as string);
    }
    const sizes = digits.map((set) => set.size);
    // Digit 12 is the version (always 4), digit 16 the variant (8, 9, a or b).
    expect(sizes[12]).toBe(1);
    expect(sizes[16]).toBe(4);
    expect(sizes.filter((_, d) => d !== 12 && d !== 16).every((size) => size === 16)).toBe(true);
  });
});

describe('uuidOf', () => {
  it('spells 32 hex digits as 8-4-4-4-12 and keeps them in order', () => {
    expect(uuidOf('3f2b8c1e9d4a4b7f8e6d5c4b3a291807')).toBe('3f2b8c1e-9d4a-4b7f-8e6d-5c4b3a291807');
  });
});
