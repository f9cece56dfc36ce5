import { isAsciiAlphanumeric, isAsciiDigit, isAsciiUpper } from './char-codes.ts';
import type { Finding } from './finding.ts';
import { IBAN_FORMATS } from './iban-formats.ts';

const CLASS: Readonly<Record<string, string>> = { n: '[0-9]', a: '[A-Z]', c: '[A-Z0-9]' };

interface CountryLayout {
  length: number;
  bban: RegExp;
}

const LAYOUTS = new Map<string, CountryLayout>(
  Object.entries(IBAN_FORMATS).map(([country, format]) => {
    let length = 4;
    let source = '';
    for (const [, count, kind] of format.matchAll(/(\d+)([nac])/g)) {
      length += Number(count);
      source += `${CLASS[kind as string]}{${count}}`;
    }
    return [country, { length, bban: new RegExp(`^${source}$`) }];
  }),
);

// Country code and check digits at a word start; the rest is read by `readIban`.
// (The lookbehind comes after the first letter so that the scan can skip to upper-case letters.)
const IBAN_START = /[A-Z](?<![A-Za-z0-9][A-Z])[A-Z][ -]?\d{2}/g;

/**
 * Whether a compact IBAN (no separators, upper case) has its country's length and BBAN layout and
 * passes the ISO 13616 mod-97 check.
 *
 * @example
 * isValidIban('DE89370400440532013000'); // true
 * isValidIban('DE89370400440532013001'); // false (checksum)
 */
export function isValidIban(iban: string): boolean {
  const layout = LAYOUTS.get(iban.slice(0, 2));
  if (!layout || iban.length !== layout.length || !/^[A-Z]{2}\d{2}/.test(iban)) return false;
  if (!layout.bban.test(iban.slice(4))) return false;
  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}

function mod97(value: string): number {
  let rest = 0;
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    // Letters count as two digits (A = 10 … Z = 35), so fold them in one at a time.
    rest = code >= 65 ? (rest * 100 + code - 55) % 97 : (rest * 10 + code - 48) % 97;
  }
  return rest;
}

/**
 * Finds IBANs written compactly or printed with single spaces, dashes or dots between groups
 * (`DE89 3704 0044 0532 0130 00`, `ES 58 0049 0290 3424 1352 8341`). Exactly the country's length
 * is read, so trailing text such as ` X` is left out, and a longer alphanumeric run is not an IBAN;
 * the country layout and the mod-97 check decide the rest.
 *
 * @example
 * findIbans('pay to DE89 3704 0044 0532 0130 00 today');
 * // [{ type: 'IBAN_CODE', start: 7, end: 34, confidence: 0.95 }]
 */
export function findIbans(text: string): Finding[] {
  const found: Finding[] = [];
  IBAN_START.lastIndex = 0;
  for (let m = IBAN_START.exec(text); m !== null; m = IBAN_START.exec(text)) {
    const end = readIban(text, m.index);
    if (end > 0) {
      found.push({ type: 'IBAN_CODE', start: m.index, end, confidence: 0.95 });
      IBAN_START.lastIndex = end;
    }
  }
  return found;
}

/**
 * Spans of text shaped like an IBAN, valid or not: two capital letters and two digits at the start
 * of a word, then at least three more capital letters or digits, in groups joined by single spaces
 * or dashes, ending before anything but a letter or digit. Digit groups inside them (`0000 0123
 * 456` in `IT60 X054 2811 1010 0000 0123 456`) belong to the account number and must not be read
 * as a phone, card or SSN even when the IBAN's checksum fails.
 *
 * A scan, not a regular expression: the pattern's groups of one to four characters can split a
 * long run in exponentially many ways, which a backtracking engine tries one by one when the run
 * does not end where it must (`GB82AAAA…a`). Each character is read once.
 *
 * @example
 * findIbanShapedRuns('IT60 X054 2811 1010 0000 0123 457'); // [{ start: 0, end: 33 }]
 */
export function findIbanShapedRuns(text: string): { start: number; end: number }[] {
  const runs: { start: number; end: number }[] = [];
  const n = text.length;
  let i = 0;
  while (i + 4 <= n) {
    if (!startsIbanShape(text, i)) {
      i++;
      continue;
    }
    // Read groups as far as they go; the run ends at the last group end not followed by a letter
    // or digit, once three characters have followed the country and check digits.
    let at = i + 4;
    let count = 0;
    let end = -1;
    for (;;) {
      let k = at;
      const sep = text.charCodeAt(k);
      if (sep === 32 || sep === 45) k++;
      if (k >= n || !isCapitalOrDigit(text.charCodeAt(k))) break;
      while (k < n && isCapitalOrDigit(text.charCodeAt(k))) {
        k++;
        count++;
      }
      at = k;
      if (count >= 3 && !(at < n && isAsciiAlphanumeric(text.charCodeAt(at)))) end = at;
    }
    if (end >= 0) {
      runs.push({ start: i, end });
      i = end;
    } else {
      // A start inside these groups reaches the same ends with fewer characters: none can match.
      i = at;
    }
  }
  return runs;
}

function startsIbanShape(text: string, i: number): boolean {
  return (
    isAsciiUpper(text.charCodeAt(i)) &&
    isAsciiUpper(text.charCodeAt(i + 1)) &&
    isAsciiDigit(text.charCodeAt(i + 2)) &&
    isAsciiDigit(text.charCodeAt(i + 3)) &&
    (i === 0 || !isAsciiAlphanumeric(text.charCodeAt(i - 1)))
  );
}

const isCapitalOrDigit = (code: number) => isAsciiDigit(code) || isAsciiUpper(code);

/** Returns the end offset of a valid IBAN starting at `start`, or -1. */
function readIban(text: string, start: number): number {
  const layout = LAYOUTS.get(text.slice(start, start + 2));
  if (!layout) return -1;
  let compact = '';
  let i = start;
  while (compact.length < layout.length && i < text.length) {
    const ch = text[i] as string;
    if (ch === ' ' || ch === '-' || ch === '.') {
      // Banks print IBANs in fours, but also in other groups (`FR76 30003 00119 00020212266 43`,
      // `NO 44 1850.05.14562`): a single separator may stand between any two characters, as
      // python-stdnum's compact form drops them. A doubled one or a trailing one ends the number.
      if (compact.length === 0 || !ALPHANUMERIC.test(text[i + 1] ?? '')) return -1;
      i++;
      continue;
    }
    if (!ALPHANUMERIC.test(ch)) return -1;
    compact += ch;
    i++;
  }
  if (compact.length !== layout.length || ALPHANUMERIC.test(text[i] ?? '')) return -1;
  return isValidIban(compact) ? i : -1;
}

const ALPHANUMERIC = /[A-Za-z0-9]/;
