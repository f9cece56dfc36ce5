import { withoutLastGroup } from './digit-groups.ts';
import type { Finding } from './finding.ts';
import { isLuhnValid } from './luhn.ts';

// A bare run of 13–19 digits, or the printed groupings: 4-4-4-4(-3) for most brands, 4-6-5 (Amex)
// and 4-6-4 (Diners). Groups are separated by one or two spaces, a tab, `-`, `.`, `/`, `_` or `+`
// (a space in a query string), mixed or not: the Luhn check and the brand prefix, not the
// separator, tell a card from other numbers. A run glued to letters, dashes or more digits is
// part of something longer (an IBAN, an order number, a dotted version) and is not read as a card.
const SEP = '(?: {1,2}|[\\t./_+-])';
const CARD_CANDIDATE = new RegExp(
  `(?<![\\w-]|\\d[./_+])(?:\\d{13,19}|\\d{4}${SEP}\\d{4}${SEP}\\d{4}${SEP}\\d{1,4}(?:${SEP}\\d{1,3})?|\\d{4}${SEP}\\d{6}${SEP}\\d{4,5})(?!\\w|[.-]\\d)`,
  'g',
);
// The last digit group of a candidate and the separator before it.
const LAST_GROUP = /(?: {1,2}|[\t./_+-])?\d+$/;
const NOT_DIGIT = /\D/g;

/**
 * Whether a digit string has the length and issuer prefix of a real card brand: UATP (1, 15
 * digits), Mastercard 2-series and 51–55, Amex 34/37 (15), Diners 30/36/38/39, JCB 35, Visa 4
 * (13/16/19), Maestro 50/56–69, Discover and UnionPay 6. Luhn alone would accept one random
 * number in ten; the prefix table removes most timestamps and ids.
 *
 * @example
 * hasCardPrefix('371449635398431'); // true (Amex, 15 digits)
 * hasCardPrefix('9111111111111111'); // false (no brand starts with 9)
 */
export function hasCardPrefix(digits: string): boolean {
  const n = digits.length;
  const two = Number(digits.slice(0, 2));
  switch (digits[0]) {
    case '1':
      return n === 15;
    case '2': {
      const four = Number(digits.slice(0, 4));
      return four >= 2221 && four <= 2720 && n === 16;
    }
    case '3':
      if (two === 34 || two === 37) return n === 15;
      if (two === 35) return n >= 16 && n <= 19;
      return (two === 30 || two === 36 || two === 38 || two === 39) && n >= 14 && n <= 19;
    case '4':
      return n === 13 || n === 16 || n === 19;
    case '5':
      if (two >= 51 && two <= 55) return n === 16;
      return (two === 50 || two >= 56) && n >= 13 && n <= 19;
    case '6':
      return n >= 16 && n <= 19;
    default:
      return false;
  }
}

/**
 * Finds payment card numbers: 13–19 digits, bare or grouped (spaces, dashes, dots, slashes…), with
 * a known brand prefix and a valid Luhn check digit.
 *
 * @example
 * findCreditCards('card 4111-1111-1111-1111 on file');
 * // [{ type: 'CREDIT_CARD', start: 5, end: 24, confidence: 0.9 }]
 */
export function findCreditCards(text: string): Finding[] {
  const found: Finding[] = [];
  CARD_CANDIDATE.lastIndex = 0;
  for (let m = CARD_CANDIDATE.exec(text); m !== null; m = CARD_CANDIDATE.exec(text)) {
    // A grouped number may have taken a group that follows the card (an expiry month or a
    // security code: `4111 1111 1111 1111 12/25`); without it the card may still be valid.
    for (let span = m[0]; span.length > 0; span = withoutLastGroup(span, LAST_GROUP)) {
      const digits = span.replace(NOT_DIGIT, '');
      if (digits.length < 13) break;
      if (hasCardPrefix(digits) && isLuhnValid(digits)) {
        found.push({ type: 'CREDIT_CARD', start: m.index, end: m.index + span.length, confidence: 0.9 });
        break;
      }
    }
  }
  return found;
}
