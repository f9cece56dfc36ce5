import { describe, expect, it } from 'vitest';
import { isLuhnValid } from './luhn.ts';

describe('isLuhnValid', () => {
  it('accepts numbers whose check digit is right', () => {
    expect(
      ['4111111111111111', '371449635398431', '30569309025904', '122000000000003'].map(isLuhnValid),
    ).toEqual([true, true, true, true]);
  });

  it('rejects a changed digit and a transposition', () => {
    expect(isLuhnValid('4111111111111112')).toBe(false);
    expect(isLuhnValid('4012888888881882')).toBe(false);
    expect(isLuhnValid('36168002586008')).toBe(false);
  });

  it('rejects anything that is not only digits, and single digits', () => {
    expect(isLuhnValid('4111-1111-1111-1111')).toBe(false);
    expect(isLuhnValid('0')).toBe(false);
    expect(isLuhnValid('')).toBe(false);
  });
});
