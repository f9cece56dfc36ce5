import { isPossiblePhoneNumber, isValidPhoneNumber } from 'libphonenumber-js/min';
import { countryCodeLength } from './country-calling-codes.ts';
import { withoutLastGroup } from './digit-groups.ts';
import type { Finding } from './finding.ts';
import { DATE, isLabelled, PHONE_LABEL } from './labelled-number.ts';

// `+` (or the `00` international prefix), a country code, then digit groups split by single
// spaces, dots, dashes or slashes, one of them optionally in parentheses: +1 415 555 0132,
// +44 (20) 7123 4567, +33 1 42 68 53 00, 0049 30 901820.
const INTERNATIONAL = /(?<![\w+])(?:\+|00(?=[1-9]))\d{1,3}(?:[ ./-]?(?:\(\d{1,4}\)|\d{1,12})){1,7}/g;
// An extension after a number is part of it, as libphonenumber (and so presidio) reads it:
// 415-555-0132x123, (415)555-0132 ext. 45, +1-415-555-0132 extension 6.
const EXTENSION_START = '[ \\t]?(?:[xX]|[eE][xX][tT](?:\\.|ension)?)[ \\t]?\\d';
const EXTENSION = /[ \t]?(?:x|ext\.?|extension)[ \t]?\d{1,6}(?!\w)/iy;
// National formats in one pass (each alternative starts differently, so one scan is cheaper than
// several):
// - North American numbers, area and exchange codes starting with 2–9, optionally after `1`:
//   (415) 555-0132, 1 (800) 555-0199, 415 555-2671, 415/666-7777, 1-800-555-0199.
// - A national number with its trunk 0 (never 00, the international prefix): 09-7625400,
//   090-1234-5678, 030/901820, (020) 7123 4567, 021 234 56 78. The group after the area code has
//   at least three digits, so SSN-shaped 078-05-1123 and dates such as 05-06-2024 are not phones;
//   later groups may have two.
// - French numbers in five pairs (01 42 68 53 00), and Chinese mobile numbers, 1[3-9]x xxxx xxxx.
const NATIONAL = new RegExp(
  [
    '(?<![\\w+.-])(?:',
    '(?<nanp>(?:1[ .-]?)?\\([2-9]\\d{2}\\) ?[2-9]\\d{2}[-. ]?\\d{4}|(?:1[-. ])?[2-9]\\d{2}[-. /][2-9]\\d{2}[-. ]\\d{4})',
    '|(?<trunk>(?:0[1-9]\\d{0,3}[ /-]|\\(0[1-9]\\d{0,3}\\) ?)\\d{3,8}(?:[ -]\\d{2,8}){0,3}|0[1-9](?<c>[ .-])\\d{2}(?:\\k<c>\\d{2}){3})',
    '|(?<cn>1[3-9]\\d(?<d>[ -]?)\\d{4}\\k<d>\\d{4})',
    `)(?:(?![\\w-])|(?=${EXTENSION_START}))`,
  ].join(''),
  'g',
);
// Any run of digit groups, optionally after a parenthesised area or country code (itself after a
// trunk or country prefix: 8 (912) 345-67-89): the shapes of national numbers that no pattern
// above knows (784 815 656, 22 364 09 46, (0459)-916354, 0353173028). Taken only after a phone
// label (see `isLabelled`); never followed by a space and more digits, which would make it part
// of a longer run.
const LABELLED_CANDIDATE = new RegExp(
  `(?<![\\w+./-])(?:(?:\\d{1,4} ?)?\\(\\+?\\d{1,5}\\)[ .-]?)?\\d{1,11}(?:[ ./-]\\d{1,11}){0,5}(?:(?![\\w]|[./-]\\d| \\d)|(?=${EXTENSION_START}))`,
  'g',
);
const PHONE_LABEL_REACH = 64;
const DATE_LIKE = new RegExp(`^${DATE}$`);
const DOTTED_QUAD = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const DATE_FIRST = new RegExp(`^${DATE} `);
const TIME_AFTER = /^:\d\d/;
// US ZIP+4 codes in New England start with 0 and look like a trunk number: 02134-5678.
const ZIP_PLUS_FOUR = /^0\d{4}-\d{4}$/;

/**
 * Finds phone numbers: international numbers with `+` or `00` and a valid country calling code,
 * North American numbers, national numbers written with their trunk `0`, and Chinese mobile
 * numbers; and, right after a phone label (`phone`, `tel`, `call`, `"telefon": `…, or a `field`
 * so named that the text is the value of), digit groups of 8 to 13 digits in any national
 * grouping (`784 815 656`, `0353173028`), with an extension written after any of them (`x123`).
 * Spans follow presidio: parentheses and extensions are part of the number, trailing punctuation
 * is not. Both readings of `+1 (415) 555-0132` are returned (international and national);
 * `detectPii` keeps the more confident one.
 *
 * International numbers are checked against each country's possible lengths (libphonenumber's
 * metadata), so `+376 712 345` (Andorra, six digits) is a number and `+44 20 7946 0958 24` is
 * read without the `24`. National numbers have no country to check against: their shape decides,
 * and confidence reflects how distinctive each shape is. A neighbouring digit group written with
 * the same separator means the run is longer than a phone number (a byte dump, a list of ids);
 * one written otherwise (`212-555-0143 9am`, `212-555-0143 212-555-0178`) does not.
 *
 * @example
 * findPhoneNumbers('call (415) 555-0132 or +44 (20) 7123 4567');
 * // [{ type: 'PHONE_NUMBER', start: 5, end: 19, … }, { type: 'PHONE_NUMBER', start: 23, end: 41, … }]
 */
export function findPhoneNumbers(text: string, field?: string): Finding[] {
  const found: Finding[] = [];
  if (text.includes('+') || hasInternationalPrefix(text)) findInternational(text, found);
  NATIONAL.lastIndex = 0;
  for (let m = NATIONAL.exec(text); m !== null; m = NATIONAL.exec(text)) {
    const groups = m.groups ?? {};
    let span = m[0];
    if (groups['trunk'] !== undefined) {
      while (span !== '' && !isTrunkNumber(span)) span = withoutLastGroup(span);
      if (span === '') continue;
    }
    if (continuesWithDigits(text, m.index, span)) continue;
    const confidence = groups['nanp'] !== undefined ? 0.6 : groups['trunk'] !== undefined ? 0.5 : 0.4;
    // Only the whole match can be followed by its extension; a shortened one gave digits back.
    const end = m.index + span.length;
    found.push({
      type: 'PHONE_NUMBER',
      start: m.index,
      end: span.length === m[0].length ? withExtension(text, end) : end,
      confidence,
    });
    // A shortened number gives back what it left, which may start the next one.
    if (span.length < m[0].length) NATIONAL.lastIndex = m.index + span.length;
  }
  found.sort((a, b) => a.start - b.start);
  const labelled = findLabelled(text, found, field);
  return labelled.length === 0 ? found : [...found, ...labelled].sort((a, b) => a.start - b.start);
}

/**
 * Numbers in any grouping, 8 to 13 digits (15 after `00`), right after a phone label, that do not
 * overlap a number already found (`found`, sorted by start).
 */
function findLabelled(text: string, found: readonly Finding[], field: string | undefined): Finding[] {
  const labelled: Finding[] = [];
  // Candidates come in order, so the numbers already found that end before one never matter again.
  let next = 0;
  LABELLED_CANDIDATE.lastIndex = 0;
  for (let m = LABELLED_CANDIDATE.exec(text); m !== null; m = LABELLED_CANDIDATE.exec(text)) {
    const span = m[0];
    const digits = span.replace(/\D/g, '');
    // Up to 13 digits, or 15 after the `00` international prefix.
    const most = digits.startsWith('00') ? 15 : 13;
    if (digits.length < 8 || digits.length > most || DATE_LIKE.test(span) || DOTTED_QUAD.test(span)) continue;
    // A date and the hour of a time (`call on 10/28/2024 09:30`).
    if (
      DATE_FIRST.test(span) ||
      TIME_AFTER.test(text.slice(m.index + span.length, m.index + span.length + 3))
    )
      continue;
    if (/^(\d)\1+$/.test(digits)) continue;
    const start = m.index;
    const end = start + span.length;
    while (next < found.length && (found[next] as Finding).end <= start) next++;
    // Sorted by start, every later number starts at or after this one: if this one starts at or
    // after the candidate's end, none overlaps it.
    if (next < found.length && (found[next] as Finding).start < end) continue;
    if (!isLabelled(text, start, PHONE_LABEL, PHONE_LABEL_REACH, field)) continue;
    labelled.push({ type: 'PHONE_NUMBER', start, end: withExtension(text, end), confidence: 0.4 });
  }
  return labelled;
}

/** Whether `00` and a digit start a word somewhere: most `00`s are inside numbers and times. */
function hasInternationalPrefix(text: string): boolean {
  for (let at = text.indexOf('00'); at >= 0; at = text.indexOf('00', at + 1)) {
    const next = text.charCodeAt(at + 2);
    if (next >= 49 && next <= 57 && (at === 0 || !/[\w+]/.test(text[at - 1] as string))) return true;
  }
  return false;
}

function findInternational(text: string, found: Finding[]): void {
  INTERNATIONAL.lastIndex = 0;
  for (let m = INTERNATIONAL.exec(text); m !== null; m = INTERNATIONAL.exec(text)) {
    // Greedy matching may have taken digits that follow the number; drop groups from the right
    // until what is left is a possible number.
    let candidate = m[0];
    const plus = candidate.startsWith('+');
    // After a digit group, `00…` continues a longer number (`DE89 3704 0044 0532 0130 00`).
    if (!plus && /\d[ ./-]$/.test(text.slice(Math.max(0, m.index - 2), m.index))) continue;
    while (candidate !== '' && !isInternationalNumber(candidate, text, m.index + candidate.length)) {
      candidate = withoutLastGroup(candidate);
    }
    if (candidate === '') continue;
    // After `+` what follows is read off as another thing (`+1 415 555 0132 2 times`); a number
    // after `00` with more groups in its own style is a longer id.
    if (!plus && continuesWithDigits(text, m.index, candidate)) continue;
    found.push({
      type: 'PHONE_NUMBER',
      start: m.index,
      end: withExtension(text, m.index + candidate.length),
      confidence: plus ? 0.75 : 0.6,
    });
  }
}

/** The end of the extension written right after a number that ends at `end`, or `end`. */
function withExtension(text: string, end: number): number {
  EXTENSION.lastIndex = end;
  return EXTENSION.test(text) ? EXTENSION.lastIndex : end;
}

/** Whether the number that ends at `end` (before its extension, if any) is a possible one. */
function isInternationalNumber(candidate: string, text: string, end: number): boolean {
  const next = text[end];
  if (next !== undefined && /\w/.test(next) && withExtension(text, end) === end) return false;
  const plus = candidate.startsWith('+');
  const digits = candidate.replace(/\D/g, '').slice(plus ? 0 : 2);
  const codeLength = countryCodeLength(digits);
  // The country code must sit inside the first group: "+4 930…" is not +49.
  const firstGroup = /^(?:\+|00)(\d+)/.exec(candidate)?.[1] ?? '';
  if (codeLength === 0 || firstGroup.length < codeLength) return false;
  const national = digits.slice(codeLength);
  if (digits.startsWith('1')) return national.length === 10 && /^[2-9]/.test(national);
  // `+` says "phone number" on its own: the length must be possible for the country. `00` is
  // also how many ids and account numbers start, so the number must be a valid one there, split
  // as phone numbers are (see `isTrunkNumber`).
  if (plus) return isPossiblePhoneNumber(`+${digits}`);
  return longGroups(candidate) <= 2 && isValidPhoneNumber(`+${digits}`);
}

/** Digit groups of three or more after the first. */
function longGroups(span: string): number {
  return (span.match(/\d+/g) ?? []).slice(1).filter((group) => group.length >= 3).length;
}

function isTrunkNumber(span: string): boolean {
  const digits = span.replace(/\D/g, '').length;
  // Subscriber numbers are split in two long groups at most (090-1234-5678, 021 234 56 78);
  // three or more (010 120 230 340) is how ids and accounts are printed.
  return digits >= 9 && digits <= 12 && longGroups(span) <= 2 && !ZIP_PLUS_FOUR.test(span);
}

/** Whether a digit group written with one of the number's own separators is right before or after it. */
function continuesWithDigits(text: string, start: number, span: string): boolean {
  const end = start + span.length;
  const separators = span.replace(/[\d()]/g, '');
  const before = text[start - 1];
  const after = text[end];
  // A number that opens with a parenthesis starts afresh whatever comes before it.
  return (
    (before !== undefined &&
      span[0] !== '(' &&
      separators.includes(before) &&
      /\d/.test(text[start - 2] ?? '')) ||
    (after !== undefined && separators.includes(after) && /\d/.test(text[end + 1] ?? ''))
  );
}
