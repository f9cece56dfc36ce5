import { describe, expect, it } from 'vitest';
import { detectPii, PII_TYPES } from './detect-pii.ts';
import { resolveOverlaps } from './resolve-overlaps.ts';

describe('detectPii', () => {
  it('finds every type in one string, sorted, with confidences', () => {
    const text =
      'Jane <jane@example.com>, card 4111 1111 1111 1111, ssn 078-05-1123, call +1 415 555 0132, ' +
      'iban DE89 3704 0044 0532 0130 00, from 10.0.0.1, btc 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy';
    expect(detectPii(text).map((f) => [f.type, text.slice(f.start, f.end), f.confidence])).toEqual([
      ['EMAIL_ADDRESS', 'jane@example.com', 0.9],
      ['CREDIT_CARD', '4111 1111 1111 1111', 0.9],
      ['US_SSN', '078-05-1123', 0.85],
      ['PHONE_NUMBER', '+1 415 555 0132', 0.75],
      ['IBAN_CODE', 'DE89 3704 0044 0532 0130 00', 0.95],
      ['IP_ADDRESS', '10.0.0.1', 0.85],
      ['CRYPTO', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', 0.95],
    ]);
  });

  it('reads the first number of a text by the field it is the value of', () => {
    const found = (text: string, field?: string) =>
      detectPii(text, field === undefined ? {} : { field }).map((f) => [f.type, text.slice(f.start, f.end)]);
    expect(found('22 364 09 46', 'telefon')).toEqual([['PHONE_NUMBER', '22 364 09 46']]);
    expect(found('640038066', 'ssn')).toEqual([['US_SSN', '640038066']]);
    expect(found('22 364 09 46')).toEqual([]);
    expect(found('22 364 09 46', 'invoice')).toEqual([]);
  });

  it('reports only the requested types', () => {
    expect(detectPii('jane@example.com 10.0.0.1', { types: ['IP_ADDRESS'] })).toEqual([
      { type: 'IP_ADDRESS', start: 17, end: 25, confidence: 0.85 },
    ]);
  });

  it('does not read digit groups of an invalid IBAN as a phone number', () => {
    expect(detectPii('IT60 X054 2811 1010 0000 0123 457')).toEqual([]);
  });

  it('returns nothing for ordinary text', () => {
    expect(detectPii('Version 1.2.3 shipped at 12:34:56 to 3 users; ratio 1:2:3:4.')).toEqual([]);
  });

  it('lists its types', () => {
    expect(PII_TYPES).toEqual([
      'CREDIT_CARD',
      'US_SSN',
      'EMAIL_ADDRESS',
      'PHONE_NUMBER',
      'IBAN_CODE',
      'IP_ADDRESS',
      'CRYPTO',
    ]);
  });
});

describe('resolveOverlaps', () => {
  it('keeps the more confident of two overlapping findings, then the longer', () => {
    expect(
      resolveOverlaps([
        { type: 'A', start: 0, end: 5, confidence: 0.5 },
        { type: 'B', start: 3, end: 12, confidence: 0.5 },
        { type: 'C', start: 10, end: 14, confidence: 0.9 },
        { type: 'D', start: 20, end: 22 },
      ]),
    ).toEqual([
      { type: 'A', start: 0, end: 5, confidence: 0.5 },
      { type: 'C', start: 10, end: 14, confidence: 0.9 },
      { type: 'D', start: 20, end: 22 },
    ]);
  });

  it('keeps findings that only touch', () => {
    expect(
      resolveOverlaps([
        { type: 'B', start: 5, end: 9 },
        { type: 'A', start: 0, end: 5 },
      ]),
    ).toEqual([
      { type: 'A', start: 0, end: 5 },
      { type: 'B', start: 5, end: 9 },
    ]);
  });

  it('reads no-break and thin spaces as spaces, keeping the offsets of the original text', () => {
    const text = 'card 4242\u00a04242\u00a04242\u00a04242, tel +33\u202f1\u202f23\u202f45\u202f67\u202f89';
    expect(detectPii(text).map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([
      ['CREDIT_CARD', '4242\u00a04242\u00a04242\u00a04242'],
      ['PHONE_NUMBER', '+33\u202f1\u202f23\u202f45\u202f67\u202f89'],
    ]);
  });

  it('finds values hidden by invisible characters, digits of other scripts and escapes, in their original span', () => {
    const found = (text: string) => detectPii(text).map((f) => [f.type, text.slice(f.start, f.end)]);
    expect(
      found('card 4111\u200b 1111 1111 1111, ssn 536-2\u200c2-8745, mail jane\u00ad.doe@example.com'),
    ).toEqual([
      ['CREDIT_CARD', '4111\u200b 1111 1111 1111'],
      ['US_SSN', '536-2\u200c2-8745'],
      ['EMAIL_ADDRESS', 'jane\u00ad.doe@example.com'],
    ]);
    expect(found('４１１１ １１１１ １１１１ １１１１ / ٥٣٦-٢٢-٨٧٤٥ / 𝟓𝟑𝟔-𝟐𝟐-𝟖𝟕𝟒𝟓')).toEqual([
      ['CREDIT_CARD', '４１１１ １１１１ １１１１ １１１１'],
      ['US_SSN', '٥٣٦-٢٢-٨٧٤٥'],
      ['US_SSN', '𝟓𝟑𝟔-𝟐𝟐-𝟖𝟕𝟒𝟓'],
    ]);
    expect(found('https://x.com/?email=jane.doe%40example.com&card=4111%201111%201111%201111')).toEqual([
      ['EMAIL_ADDRESS', 'jane.doe%40example.com'],
      ['CREDIT_CARD', '4111%201111%201111%201111'],
    ]);
    expect(found('{"e":"jane.doe\\u0040example.com"}')).toEqual([
      ['EMAIL_ADDRESS', 'jane.doe\\u0040example.com'],
    ]);
  });

  it('finds an address that is a segment of a URL path, not a versioned file', () => {
    const found = (text: string) => detectPii(text).map((f) => text.slice(f.start, f.end));
    expect(found('https://api.example.com/users/jane.doe@example.com/profile')).toEqual([
      'jane.doe@example.com',
    ]);
    expect(found('ssh://git@github.com/x /home/u/jane@example.com https://x.io/pkg@v2.json')).toEqual([]);
  });

  it('leaves text with nothing hidden alone, whatever its script', () => {
    expect(detectPii('café ２０２４年１２月３１日 100% done, C:\\users\\x, rate 5%2 and ٢٠٢٤')).toEqual([]);
    expect(detectPii('4111.1111.1111.1112 and 50%25 of\u200b it')).toEqual([]);
  });
});
