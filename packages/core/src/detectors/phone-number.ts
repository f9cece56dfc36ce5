import { countryCodeLength } from './country-calling-codes.ts';
import type { Finding } from './finding.ts';

// `+`, a country code, then digit groups split by single spaces, dots or dashes, one of them
// optionally in parentheses: +1 415 555 0132, +44 (20) 7123 4567, +33 1 42 68 53 00.
const INTERNATIONAL = /(?<![\w+])\+\d{1,3}(?:[ .-]?(?:\(\d{1,4}\)|\d{1,12})){1,7}/g;
// National formats in one pass (each alternative starts differently, so one scan is cheaper than
// four). North American numbers: area and exchange codes start with 2–9. A national number with
// its trunk 0 (09-7625400, 090-1234-5678, (020) 7123 4567, 01 42 68 53 00), where groups after
// the first have at least three digits, so SSN-shaped 078-05-1123 is not a phone. Chinese mobile
// numbers, 1[3-9]x xxxx xxxx, bare or grouped 3-4-4. A digit group just before or after means
// the run is longer than a phone number (a byte dump, a list of ids).
const NATIONAL = new RegExp(
  [
    '(?<![\\w+.-])(?<!\\d[ .-])(?:',
    '(?<nanp>\\([2-9]\\d{2}\\) ?[2-9]\\d{2}[-. ]?\\d{4}|(?:1[-. ])?[2-9]\\d{2}(?<a>[-. ])[2-9]\\d{2}\\k<a>\\d{4})',
    '|(?<trunk>0\\d{1,4}(?<b>[ -])\\d{3,8}(?:\\k<b>\\d{3,8}){0,2}|\\(0\\d{1,4}\\) ?\\d{3,8}(?:[ -]\\d{3,8}){0,2}|0[1-9](?<c>[ .-])\\d{2}(?:\\k<c>\\d{2}){3})',
    '|(?<cn>1[3-9]\\d(?<d>[ -]?)\\d{4}\\k<d>\\d{4})',
    ')(?![\\w-]|[ .-]\\d)',
  ].join(''),
  'g',
);

/**
 * Finds phone numbers: international numbers with `+` and a valid country calling code, North
 * American numbers, national numbers written with their trunk `0`, and Chinese mobile numbers.
 * Spans follow presidio: parentheses are part of the number, trailing punctuation is not. Both
 * readings of `+1 (415) 555-0132` are returned (international and national); `detectPii` keeps
 * the more confident one.
 *
 * Without libphonenumber's per-country tables this is a shape check; confidence reflects how
 * distinctive each shape is (a `+` and a country code say "phone" much more than 11 bare digits).
 *
 * @example
 * findPhoneNumbers('call (415) 555-0132 or +44 (20) 7123 4567');
 * // [{ type: 'PHONE_NUMBER', start: 5, end: 19, … }, { type: 'PHONE_NUMBER', start: 23, end: 41, … }]
 */
export function findPhoneNumbers(text: string): Finding[] {
  const found: Finding[] = [];
  if (text.includes('+')) findInternational(text, found);
  NATIONAL.lastIndex = 0;
  for (let m = NATIONAL.exec(text); m !== null; m = NATIONAL.exec(text)) {
    const groups = m.groups ?? {};
    const digits = m[0].replace(/\D/g, '').length;
    if (groups['trunk'] !== undefined && (digits < 9 || digits > 11)) continue;
    const confidence = groups['nanp'] !== undefined ? 0.6 : groups['trunk'] !== undefined ? 0.5 : 0.4;
    found.push({ type: 'PHONE_NUMBER', start: m.index, end: m.index + m[0].length, confidence });
  }
  return found.sort((a, b) => a.start - b.start);
}

function findInternational(text: string, found: Finding[]): void {
  INTERNATIONAL.lastIndex = 0;
  for (let m = INTERNATIONAL.exec(text); m !== null; m = INTERNATIONAL.exec(text)) {
    // Greedy matching may have taken digits that follow the number; drop groups from the right
    // until what is left is a plausible number.
    let candidate = m[0];
    while (candidate.length > 0 && !isInternationalNumber(candidate, text[m.index + candidate.length])) {
      const cut = candidate.search(/[ .-]?(?:\(\d+\)|\d+)$/);
      candidate = cut > 0 ? candidate.slice(0, cut) : '';
    }
    if (candidate) {
      found.push({ type: 'PHONE_NUMBER', start: m.index, end: m.index + candidate.length, confidence: 0.75 });
    }
  }
}

function isInternationalNumber(candidate: string, next: string | undefined): boolean {
  if (next !== undefined && /[\w]/.test(next)) return false;
  const digits = candidate.replace(/\D/g, '');
  const codeLength = countryCodeLength(digits);
  // The country code must sit inside the first group: "+4 930…" is not +49.
  const firstGroup = /^\+(\d+)/.exec(candidate)?.[1] ?? '';
  if (codeLength === 0 || firstGroup.length < codeLength) return false;
  const national = digits.slice(codeLength);
  if (digits.startsWith('1')) return national.length === 10 && /^[2-9]/.test(national);
  return national.length >= 7 && national.length <= 12;
}
