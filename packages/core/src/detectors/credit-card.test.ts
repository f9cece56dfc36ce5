import { describe, expect, it } from 'vitest';
import { findCreditCards, hasCardPrefix } from './credit-card.ts';

const spans = (text: string) => findCreditCards(text).map((f) => text.slice(f.start, f.end));

describe('hasCardPrefix', () => {
  it('knows the brands by prefix and length', () => {
    expect(hasCardPrefix('4111111111111111')).toBe(true); // Visa 16
    expect(hasCardPrefix('4222222222222')).toBe(true); // Visa 13
    expect(hasCardPrefix('371449635398431')).toBe(true); // Amex 15
    expect(hasCardPrefix('5555555555554444')).toBe(true); // Mastercard
    expect(hasCardPrefix('2221000000000009')).toBe(true); // Mastercard 2-series
    expect(hasCardPrefix('6011000400000000')).toBe(true); // Discover
    expect(hasCardPrefix('3528000700000000')).toBe(true); // JCB
    expect(hasCardPrefix('122000000000003')).toBe(true); // UATP
  });

  it('rejects unknown prefixes and wrong lengths', () => {
    expect(hasCardPrefix('9111111111111111')).toBe(false);
    expect(hasCardPrefix('37144963539843')).toBe(false); // Amex must be 15
    expect(hasCardPrefix('2121100900000002')).toBe(false); // 2121 is no Mastercard range
    expect(hasCardPrefix('1748503543012')).toBe(false); // 13 digits starting with 1
  });
});

describe('findCreditCards', () => {
  it('finds bare, dashed and spaced numbers in one string', () => {
    expect(spans('4012888888881881 4012-8888-8888-1881 4012 8888 8888 1881')).toEqual([
      '4012888888881881',
      '4012-8888-8888-1881',
      '4012 8888 8888 1881',
    ]);
  });

  it('finds Amex in its 4-6-5 grouping', () => {
    expect(spans('amex 3714 496353 98431.')).toEqual(['3714 496353 98431']);
  });

  it('rejects Luhn-invalid numbers', () => {
    expect(spans('my credit card number is 4012-8888-8888-1882')).toEqual([]);
    expect(spans('36168002586008')).toEqual([]);
  });

  it('finds numbers grouped with dots, slashes, underscores, tabs, plus signs, double or mixed separators', () => {
    const text = '4111.1111.1111.1111 4111/1111/1111/1111 4111_1111_1111_1111 4111\t1111\t1111\t1111 x';
    expect(spans(text)).toEqual([
      '4111.1111.1111.1111',
      '4111/1111/1111/1111',
      '4111_1111_1111_1111',
      '4111\t1111\t1111\t1111',
    ]);
    expect(spans('4111+1111+1111+1111, 4111  1111  1111  1111, 4111-1111 1111.1111')).toEqual([
      '4111+1111+1111+1111',
      '4111  1111  1111  1111',
      '4111-1111 1111.1111',
    ]);
    expect(spans('4111.1111.1111.1112 and 4111 1111-1111.1112')).toEqual([]);
  });

  it('rejects digit runs glued to other characters or inside a longer dotted number', () => {
    expect(spans('1.4111.1111.1111.1111 v4111.1111.1111.1111')).toEqual([]);
    expect(spans('AL474111111111111111')).toEqual([]);
    expect(spans('order 41111111111111111')).toEqual([]);
  });

  it('finds a card followed by its expiry date or security code', () => {
    expect(
      spans('4111 1111 1111 1111 12/25 123, 5555-5555-5555-4444-09/27 and 4242 4242 4242 4242 123 (CVC)'),
    ).toEqual(['4111 1111 1111 1111', '5555-5555-5555-4444', '4242 4242 4242 4242']);
  });
});
