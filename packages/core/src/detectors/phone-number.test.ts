import { describe, expect, it } from 'vitest';
import { countryCodeLength } from './country-calling-codes.ts';
import { findPhoneNumbers } from './phone-number.ts';

const spans = (text: string) => findPhoneNumbers(text).map((f) => text.slice(f.start, f.end));

describe('countryCodeLength', () => {
  it('splits the country code off by the prefix-code property', () => {
    expect(['14155550132', '447123456789', '3545512345', '2590123456'].map(countryCodeLength)).toEqual([
      1, 2, 3, 0,
    ]);
  });
});

describe('findPhoneNumbers', () => {
  it('finds international numbers with spaces, parentheses and compact forms', () => {
    expect(spans('+1 415 555 0132, +44 (20) 7123 4567, +33 1 42 68 53 00 and +14155550132.')).toEqual([
      '+1 415 555 0132',
      '+44 (20) 7123 4567',
      '+33 1 42 68 53 00',
      '+14155550132',
    ]);
  });

  it('finds North American, trunk-prefixed and Chinese mobile national numbers', () => {
    expect(spans('(415) 555-0132; 415.555.0132; 09-7625400; 090-1234-5678; 13812345678')).toEqual([
      '(415) 555-0132',
      '415.555.0132',
      '09-7625400',
      '090-1234-5678',
      '13812345678',
    ]);
  });

  it('drops digits that follow a complete international number', () => {
    expect(spans('+1 415 555 0132 2 times')).toEqual(['+1 415 555 0132']);
  });

  it('rejects digit groups inside longer runs such as byte dumps', () => {
    expect(spans('<Buffer a0 8b 28 3f 01 00 00 00 50 32> and 01 02 03 04 05 06')).toEqual([]);
  });

  it('rejects unknown country codes, SSN-shaped groups, dates and times', () => {
    expect(spans('+259 123 456 7890; 078-05-1123; 078 00 1123; 2024-05-11; 12:34:56; 1:2:3:4')).toEqual([]);
  });
});
