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

  it('finds national numbers in any grouping right after a phone label', () => {
    expect(spans('Mobile: 0467.360.214; {"telefoon": "(0459)-916354"}; tel. 784 815 656')).toEqual([
      '0467.360.214',
      '(0459)-916354',
      '784 815 656',
    ]);
    expect(spans('Phone: 8 (912) 345-67-89')).toEqual(['8 (912) 345-67-89']);
    expect(spans('Please call Peter at 7432436355. {"telefon": "00420 606 275 108"}')).toEqual([
      '7432436355',
      '00420 606 275 108',
    ]);
  });

  it('leaves unlabelled digit runs, dates, addresses and repeated digits alone after a label', () => {
    expect(spans('order 7432436355, ref 784 815 656')).toEqual([]);
    expect(spans('phone: 2024-05-06; phone: 10.20.30.40; phone: 1111111111; phone 1234567')).toEqual([]);
    expect(spans('phone 01 02 03 04 05 06 07 08 09')).toEqual([]);
    // A date and the hour of a time after a label.
    expect(spans('Callback requested 10/28/2024 09:30; call on 2024-03-15 14:00')).toEqual([]);
  });

  it('reads labels in more languages, and a Japanese number grouped 4-2-4', () => {
    expect(spans('Me liguem no 925 291 161. Llámenme al 946 735 655. 連絡先電話番号は0137-66-1875')).toEqual([
      '925 291 161',
      '946 735 655',
      '0137-66-1875',
    ]);
  });

  it('takes an extension written after a number into its span', () => {
    expect(spans('758-755-9711x880, (642)502-0027x5506, +1-354-534-9588x988, 001-709-352-3703x8885')).toEqual(
      ['758-755-9711x880', '(642)502-0027x5506', '+1-354-534-9588x988', '001-709-352-3703x8885'],
    );
    expect(spans('(213) 373-4253 ext. 1234; phone: 0467 360 214 extension 12')).toEqual([
      '(213) 373-4253 ext. 1234',
      '0467 360 214 extension 12',
    ]);
    // A word after the number is not an extension: glued on, the run is something else.
    expect(spans('415-555-0132xyz and 415-555-0132 exterior')).toEqual(['415-555-0132']);
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

  it('checks international numbers against the country, with + or 00, and trims what follows', () => {
    expect(spans('+376 712 345; +683 7012; call 0049 30 901820; +44 20 7946 0958 24/7')).toEqual([
      '+376 712 345',
      '+683 7012',
      '0049 30 901820',
      '+44 20 7946 0958',
    ]);
    expect(spans('+44 20 7946 09; ref 0049 1234 5678 9012')).toEqual([]);
  });

  it('finds North American numbers written with 1, mixed separators, a slash or next to other numbers', () => {
    expect(
      spans(
        '1 (800) 555-0199; 415 555-2671; 415/666-7777; Call 1-800-555-0199 24 hours; (415) 666-7777 (800) 443-1223',
      ),
    ).toEqual([
      '1 (800) 555-0199',
      '415 555-2671',
      '415/666-7777',
      '1-800-555-0199',
      '(415) 666-7777',
      '(800) 443-1223',
    ]);
    expect(spans('Phones: 212-555-0143 212-555-0178')).toEqual(['212-555-0143', '212-555-0178']);
  });

  it('finds trunk numbers in pairs after the area code, with a slash or mixed separators', () => {
    expect(spans('021 234 56 78; 030/901820; 070-123 45 67; (0212) 345 67 89; 01512 3456789')).toEqual([
      '021 234 56 78',
      '030/901820',
      '070-123 45 67',
      '(0212) 345 67 89',
      '01512 3456789',
    ]);
  });

  it('rejects ZIP+4 codes, dates, ids in three long groups and runs in one style', () => {
    expect(spans('MA 02134-5678; 05-06-2024; 010 120 230 340; 0050 0000 1234; 0412 345 678 901 234')).toEqual(
      [],
    );
  });
});
