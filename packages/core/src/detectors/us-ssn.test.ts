import { describe, expect, it } from 'vitest';
import { findUsSsns, isValidUsSsn } from './us-ssn.ts';

const spans = (text: string) => findUsSsns(text).map((f) => text.slice(f.start, f.end));

describe('isValidUsSsn', () => {
  it('accepts an issuable number', () => {
    expect(isValidUsSsn('078051123')).toBe(true);
  });

  it('rejects area 000, 666 and 9xx, group 00 and serial 0000', () => {
    expect(['000121234', '666121234', '912121234', '078001123', '078050000'].map(isValidUsSsn)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('rejects repeated digits and published sample numbers', () => {
    expect(['111111111', '078051120', '123456789'].map(isValidUsSsn)).toEqual([false, false, false]);
  });
});

describe('findUsSsns', () => {
  it('finds numbers with dashes, dots or spaces', () => {
    expect(spans('078-05-1123 / 078.05.1123 / abc 078 05 1123 abc')).toEqual([
      '078-05-1123',
      '078.05.1123',
      '078 05 1123',
    ]);
  });

  it('ignores bare digits, mixed separators and invalid groups', () => {
    expect(spans('0780511201 000000000 693-09.4444 078-05-0000 078 00 1123 000-12-3456')).toEqual([]);
    // The national part of an international phone number.
    expect(spans('tel +81 280 65 7879, (+1) 078-05-1123')).toEqual([]);
  });

  it('finds nine bare digits right after an SSN label, and only valid ones', () => {
    expect(spans('Applicant SSN: 640038066 DOB: 04/12/1987')).toEqual(['640038066']);
    expect(spans('the social security number 680386868 on file')).toEqual(['680386868']);
    expect(spans('SSN: 666038066; order 640038066; ssn_count 640038066; SSN 6400380661')).toEqual([]);
  });
});
