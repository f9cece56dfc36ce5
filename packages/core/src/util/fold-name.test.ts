import { describe, expect, it } from 'vitest';
import { foldName } from './fold-name.ts';

describe('foldName', () => {
  it('folds case, accents, invisible characters and look-alike letters', () => {
    expect(foldName('GAMBLİNG\u00ad')).toBe('gambling');
    expect(foldName('g\u0430mbl\u200bing')).toBe('gambling');
    expect(foldName('Ｉｎｂｏｘ')).toBe('inbox');
    expect(foldName('Café')).toBe('cafe');
  });
});
