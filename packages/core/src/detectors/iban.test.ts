import { describe, expect, it } from 'vitest';
import { detectPii } from './detect-pii.ts';
import { findIbanShapedRuns, findIbans, isValidIban } from './iban.ts';

const spans = (text: string) => findIbans(text).map((f) => text.slice(f.start, f.end));

describe('isValidIban', () => {
  it('accepts valid IBANs of several countries', () => {
    expect(
      [
        'DE89370400440532013000',
        'GB29NWBK60161331926819',
        'NO9386011117947',
        'MT84MALT011000012345MTLCAST001S',
      ].map(isValidIban),
    ).toEqual([true, true, true, true]);
  });

  it('rejects a bad checksum, a wrong length, a wrong layout and an unknown country', () => {
    expect(isValidIban('DE89370400440532013001')).toBe(false);
    expect(isValidIban('DE8937040044053201300')).toBe(false);
    expect(isValidIban('NL911BNA0417164300')).toBe(false);
    expect(isValidIban('AB150120690000003111141')).toBe(false);
  });
});

describe('findIbans', () => {
  it('finds compact, spaced and dashed IBANs', () => {
    expect(
      spans('AL47212110090000000235698741, BE71 0961 2345 6769 and AL47-2121-1009-0000-0002-3569-8741'),
    ).toEqual(['AL47212110090000000235698741', 'BE71 0961 2345 6769', 'AL47-2121-1009-0000-0002-3569-8741']);
  });

  it('reads exactly the country length, leaving trailing text out', () => {
    expect(spans('this is an iban VG96 VPVG 0000 0123 4567 8901 X in a sentence')).toEqual([
      'VG96 VPVG 0000 0123 4567 8901',
    ]);
  });

  it('rejects slashes, doubled separators, lower-case letters and runs that continue', () => {
    expect(spans('AL47/2121/1009/0000/0002/3569/8741')).toEqual([]);
    expect(spans('EE38 2200 2210  014 5686')).toEqual([]);
    expect(spans('GI75 aWBK 0000 0000 7099 453')).toEqual([]);
    expect(spans('IL15 0120 6900 0000 3111 0120 6900 0000 3111 141')).toEqual([]);
  });
});

describe('findIbanShapedRuns', () => {
  it('covers an IBAN-shaped run even when its checksum fails', () => {
    expect(findIbanShapedRuns('x IT60 X054 2811 1010 0000 0123 457 y')).toEqual([{ start: 2, end: 35 }]);
  });

  it('ends a run at the last group not followed by a letter or digit, and needs three characters after the check digits', () => {
    expect(findIbanShapedRuns('GB82 ABCD EFGHa')).toEqual([{ start: 0, end: 9 }]);
    expect(findIbanShapedRuns('GB82 AB, GB82 ABC')).toEqual([{ start: 9, end: 17 }]);
    expect(findIbanShapedRuns('GB82  ABCD xGB82 ABCD GB82-A-B-C')).toEqual([{ start: 22, end: 32 }]);
    // A long run that does not end where it must is read once, and the phone after it is found.
    const text = `GB82${'A'.repeat(5000)}a 415-555-0132`;
    expect(findIbanShapedRuns(text)).toEqual([]);
    expect(detectPii(text).map((f) => f.type)).toEqual(['PHONE_NUMBER']);
  });

  it('finds IBANs printed in other groups, with dots, or with a space after the country', () => {
    expect(
      spans('FR76 30003 00119 00020212266 43; NO93.8601.1117947; ES 91 2100 0418 4502 0005 1332'),
    ).toEqual(['FR76 30003 00119 00020212266 43', 'NO93.8601.1117947', 'ES 91 2100 0418 4502 0005 1332']);
  });
});
