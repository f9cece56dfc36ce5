import type { Finding } from './finding.ts';
import { isLabelled, SSN_LABEL } from './labelled-number.ts';

// Three groups with the same separator each time, not after a country code (`+81 280 65 7879`). A bare nine-digit run is any other id unless
// a label says otherwise (`SSN: 640038066`; presidio scores bare runs ≤ 0.4 without context).
// Both shapes in one pattern, so the text is scanned once; group 1, the separator, is missing
// for nine bare digits.
const SSN_CANDIDATE = /(?<![\w.+-]|\+\d{1,4}\)?[ .-])\d{3}(?:([-. ])\d{2}\1\d{4}|\d{6})(?![\w]|[.-]\d)/g;
// An SSN label is close to its number: `SSN: `, `social security number `.
const SSN_LABEL_REACH = 32;

// Numbers the SSA voided after they were printed in advertising and wallets, plus the "example" one.
const PUBLISHED_NUMBERS = new Set(['078051120', '219099999', '123456789']);

/**
 * Whether nine digits can be a US Social Security number: area not 000, 666 or 900–999, group not
 * 00, serial not 0000, not one digit repeated, and not one of the published sample numbers.
 *
 * @example
 * isValidUsSsn('078051123'); // true
 * isValidUsSsn('000123456'); // false (area 000 is never issued)
 */
export function isValidUsSsn(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = digits.slice(0, 3);
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (digits.slice(3, 5) === '00' || digits.slice(5) === '0000') return false;
  if (/^(\d)\1{8}$/.test(digits)) return false;
  return !PUBLISHED_NUMBERS.has(digits);
}

/**
 * Finds US Social Security numbers written with separators (`078-05-1123`, `078 05 1123`,
 * `078.05.1123`), and nine bare digits right after an SSN label (`SSN: 078051123`); mixed
 * separators such as `693-09.4444` are not SSNs.
 *
 * @example
 * findUsSsns('ssn: 078-05-1123'); // [{ type: 'US_SSN', start: 5, end: 16, confidence: 0.85 }]
 */
export function findUsSsns(text: string, field?: string): Finding[] {
  const found: Finding[] = [];
  SSN_CANDIDATE.lastIndex = 0;
  for (let m = SSN_CANDIDATE.exec(text); m !== null; m = SSN_CANDIDATE.exec(text)) {
    const separator = m[1];
    if (separator !== undefined) {
      if (isValidUsSsn(m[0].replaceAll(separator, '')))
        found.push({ type: 'US_SSN', start: m.index, end: m.index + m[0].length, confidence: 0.85 });
    } else if (isValidUsSsn(m[0]) && isLabelled(text, m.index, SSN_LABEL, SSN_LABEL_REACH, field)) {
      found.push({ type: 'US_SSN', start: m.index, end: m.index + 9, confidence: 0.6 });
    }
  }
  return found;
}
