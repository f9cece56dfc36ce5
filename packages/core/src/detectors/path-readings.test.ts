import { describe, expect, it } from 'vitest';
import { pathReadings } from './path-readings.ts';

const texts = (path: string) => pathReadings(path).map((reading) => reading.text);

describe('pathReadings', () => {
  it('gives a plain path one reading, as written', () => {
    expect(pathReadings('src/index.ts')).toEqual([{ text: 'src/index.ts', how: 'as written' }]);
  });

  it('keeps a % that starts no escape, so %%32%65 needs a second round', () => {
    expect(texts('50%off.txt')).toEqual(['50%off.txt']);
    expect(pathReadings('%%32%65%%32%65')).toEqual([
      { text: '%%32%65%%32%65', how: 'as written' },
      { text: '%2e%2e', how: 'percent-decoded' },
      { text: '..', how: 'percent-decoded, then percent-decoded' },
    ]);
  });

  it('decodes up to three rounds and no more', () => {
    expect(texts('%2525252e')).toEqual(['%2525252e', '%25252e', '%252e', '%2e']);
  });

  it('reads over-long and malformed UTF-8 as IIS did, and with invalid bytes dropped', () => {
    expect(texts('%c0%ae%c0%af')).toContain('./');
    expect(texts('%c1%9c')).toContain('\\');
    expect(texts('%c1%1c')).toContain('\\');
    expect(texts('%e0%80%ae')).toContain('.');
    expect(texts('%c0%2e%c0%2e')).toContain('..');
  });

  it('decodes IIS %uXXXX escapes, including surrogate pairs', () => {
    expect(texts('%u002e%U002E')).toContain('..');
    expect(texts('%ud83d%ude00')).toContain('😀');
  });

  it('folds Unicode look-alikes of slashes and dots', () => {
    expect(texts('\uFF0E\uFF0E\u2215x')).toContain('../x');
    expect(texts('..\u2044x\u2216y\uFF3Cz\u2024')).toContain('../x\\y\\z.');
    expect(texts('%uff0e%uff0e%u2216x')).toContain('..\\x');
  });

  it('cuts a reading at its first NUL', () => {
    expect(pathReadings('..%00/x')).toContainEqual({ text: '..', how: 'percent-decoded, cut at NUL' });
  });

  it('leaves valid non-ASCII names alone', () => {
    expect(texts('café/日本語.txt')).toEqual(['café/日本語.txt']);
    expect(texts('caf%C3%A9')).toEqual(['caf%C3%A9', 'café']);
  });
});
