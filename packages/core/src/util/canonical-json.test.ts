import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalDigest, canonicalHash, canonicalJson } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and normalises numbers', () => {
    expect(canonicalJson({ b: 1.0, a: [{ d: -0, c: 1e2 }] })).toBe('{"a":[{"c":100,"d":0}],"b":1}');
    expect(canonicalHash({ x: 1, y: 2 })).toBe(canonicalHash({ y: 2, x: 1 }));
  });

  it('writes values JSON cannot hold predictably', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    expect(
      canonicalJson({ n: Number.NaN, i: Infinity, u: undefined, big: 10n, d: new Date(0), cyclic }),
    ).toBe(
      '{"big":"10","cyclic":{"a":1,"self":"[Circular]"},"d":"1970-01-01T00:00:00.000Z","i":null,"n":null}',
    );
  });

  it('writes a value shared twice (not a cycle) in full both times', () => {
    const shared = { k: 1 };
    expect(canonicalJson({ a: shared, b: [shared, shared] })).toBe('{"a":{"k":1},"b":[{"k":1},{"k":1}]}');
  });

  it('is JSON: it parses back to the same value, and key order never changes it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        const reversed = JSON.parse(text, (_key, v) =>
          v && typeof v === 'object' && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v).reverse())
            : v,
        );
        expect(canonicalJson(reversed)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('canonicalDigest', () => {
  it('is equal exactly when the canonical JSON is equal', () => {
    const value = fc.oneof(
      fc.jsonValue(),
      fc.array(fc.string({ unit: 'binary', maxLength: 6 }), { maxLength: 4 }),
      fc.dictionary(fc.string({ maxLength: 3 }), fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), {
        maxKeys: 3,
      }),
    );
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(canonicalDigest(a) === canonicalDigest(b)).toBe(canonicalJson(a) === canonicalJson(b));
        expect(canonicalDigest(a)).toBe(canonicalDigest(JSON.parse(JSON.stringify(a ?? null)) ?? a));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps apart values a careless length prefix or UTF-8 would merge', () => {
    const pairs: [unknown, unknown][] = [
      [
        ['1:a', 'b'],
        ['1', 'a","b'],
      ],
      [{ a: '2:bc' }, { 'a"': 'bc' }],
      ['\ud800', '\ud801'],
      ['\ud800', '\ufffd'],
      ['[Circular]', ['[Circular]']],
      [1, '1'],
      [null, 'null'],
    ];
    for (const [a, b] of pairs) expect(canonicalDigest(a)).not.toBe(canonicalDigest(b));
  });

  it('treats what canonicalJson treats as one value as one value', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(canonicalDigest({ b: 1.0, a: -0, u: undefined })).toBe(canonicalDigest({ a: 0, b: 1 }));
    expect(canonicalDigest(10n)).toBe(canonicalDigest('10'));
    expect(canonicalDigest(cyclic)).toBe(canonicalDigest({ self: '[Circular]' }));
    expect(canonicalDigest(new Date(0))).toBe(canonicalDigest('1970-01-01T00:00:00.000Z'));
  });
});
