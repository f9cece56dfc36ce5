import fc from 'fast-check';
import micromatch from 'micromatch';
import { describe, expect, it } from 'vitest';
import { matchesAnyGlob } from './glob-list.ts';

describe('matchesAnyGlob', () => {
  const cases: [string, string[], { dot?: boolean; nocase?: boolean }][] = [
    ['api.example.com', ['*.example.com'], { nocase: true }],
    ['API.Example.COM', ['*.example.com'], { nocase: true }],
    ['API.Example.COM', ['*.example.com'], {}],
    ['example.com', ['*.example.com', 'example.com'], { nocase: true }],
    ['evil.com', ['*.example.com', 'api.stripe.com'], { nocase: true }],
    ['a/.env', ['**/.env'], { dot: true, nocase: true }],
    ['a/.env', ['**/*'], {}],
    ['a/.env', ['**/*'], { dot: true }],
    ['notes.txt', ['!*.env'], {}],
  ];

  it.each(cases)('answers %j against %j (%j) as micromatch.isMatch does', (text, patterns, options) => {
    expect(matchesAnyGlob(text, patterns, options)).toBe(micromatch.isMatch(text, patterns, options));
  });

  it('answers any list as micromatch.isMatch does', () => {
    const part = fc.constantFrom(
      'a',
      'b',
      '.',
      '.env',
      '*',
      '**',
      '?',
      '[ab]',
      '{a,.b}',
      '+(a)',
      '!(b)',
      'A',
    );
    const glob = fc
      .tuple(
        fc.boolean(),
        fc.array(fc.array(part, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
      )
      .map(([negated, segments]) => `${negated ? '!' : ''}${segments.map((s) => s.join('')).join('/')}`);
    const text = fc
      .array(fc.constantFrom('a', 'b', 'A', '.', '.env', '/', '+', '('), { maxLength: 8 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(
        text,
        fc.array(glob, { minLength: 1, maxLength: 4 }),
        fc.record({ dot: fc.boolean(), nocase: fc.boolean() }),
        (input, patterns, options) => {
          expect(matchesAnyGlob(input, patterns, options)).toBe(micromatch.isMatch(input, patterns, options));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('compiles a list again when it is changed in place', () => {
    const list = ['*.example.com'];
    expect(matchesAnyGlob('api.example.com', list, {})).toBe(true);
    list[0] = '*.example.org';
    expect(matchesAnyGlob('api.example.com', list, {})).toBe(false);
    expect(matchesAnyGlob('api.example.org', list, {})).toBe(true);
    expect(matchesAnyGlob('api.EXAMPLE.org', list, {})).toBe(false);
    expect(matchesAnyGlob('api.EXAMPLE.org', list, { nocase: true })).toBe(true);
  });

  it('keeps lists apart that join to the same text, and options apart for the same list', () => {
    expect(matchesAnyGlob('a', ['a\0b'], {})).toBe(false);
    expect(matchesAnyGlob('a', ['a', 'b'], {})).toBe(true);
    expect(matchesAnyGlob('A', ['a'], { nocase: true })).toBe(true);
    expect(matchesAnyGlob('A', ['a'], {})).toBe(false);
  });
});
