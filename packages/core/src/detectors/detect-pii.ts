import { isAsciiDigit } from './char-codes.ts';
import { findCreditCards } from './credit-card.ts';
import { findCryptoAddresses } from './crypto-address.ts';
import { findEmailAddresses } from './email-address.ts';
import type { Finding } from './finding.ts';
import { findIbanShapedRuns, findIbans } from './iban.ts';
import { findIpAddresses } from './ip-address.ts';
import { findPhoneNumbers } from './phone-number.ts';
import { resolveOverlaps } from './resolve-overlaps.ts';
import { mayFold, withFolded } from './text-fold.ts';
import { findUsSsns } from './us-ssn.ts';

/**
 * Every kind of personal data `detectPii` reports, named as in presidio.
 *
 * @example
 * PII_TYPES.includes('IBAN_CODE'); // true
 */
export const PII_TYPES = [
  'CREDIT_CARD',
  'US_SSN',
  'EMAIL_ADDRESS',
  'PHONE_NUMBER',
  'IBAN_CODE',
  'IP_ADDRESS',
  'CRYPTO',
] as const;

/**
 * A kind of personal data `detectPii` reports.
 *
 * @example
 * const wanted: PiiType[] = ['EMAIL_ADDRESS', 'PHONE_NUMBER'];
 */
export type PiiType = (typeof PII_TYPES)[number];

/**
 * Options for {@link detectPii}; one options object so more can be added without breaking calls.
 *
 * @example
 * const options: DetectPiiOptions = { types: ['EMAIL_ADDRESS'] };
 */
export interface DetectPiiOptions {
  /** Only look for these types (default: all of {@link PII_TYPES}). */
  types?: readonly PiiType[];
  /**
   * The name of the field the text is the value of (a JSON key: `phone`, `ssn`). It labels the
   * text's first number as words right before it would: `{ mobile: '0612345678' }` holds a phone
   * number where `{ order: '0612345678' }` does not.
   */
  field?: string;
}

// An IBAN is at most 34 characters plus separators, so its start is never further back than this.
const IBAN_REACH = 48;

/** Whether a finding lies in an IBAN-shaped run; only the text around it is searched. */
function insideIbanShape(text: string, finding: Finding): boolean {
  let from = Math.max(0, finding.start - IBAN_REACH);
  // Start the window at a word boundary so the run's own boundary check still holds.
  while (from > 0 && /[A-Za-z0-9]/.test(text[from - 1] as string)) from--;
  const window = text.slice(from, Math.min(text.length, finding.end + IBAN_REACH));
  return findIbanShapedRuns(window).some((r) => finding.start < from + r.end && from + r.start < finding.end);
}

// Types whose digit groups can also occur inside an account number.
const DIGIT_GROUP_TYPES: ReadonlySet<string> = new Set(['CREDIT_CARD', 'US_SSN', 'PHONE_NUMBER']);

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
// Ten searches for one character each are four times faster than one `/\d/` test on prose.
const hasDigit = (text: string) => DIGITS.some((digit) => text.includes(digit));
const SPACE_VARIANTS = /[\u00A0\u2007\u2009\u202F]/g;
// Searching for each character costs less than one pass of a character class over the text.
const hasSpaceVariant = (text: string) =>
  text.includes('\u00A0') || text.includes('\u202F') || text.includes('\u2009') || text.includes('\u2007');

// The fewest ASCII digits each type's shape holds: a card 13, an SSN 9, a national phone number 5
// (`01 234`; an international one 6, per libphonenumber's shortest possible length), an IBAN its
// 2 check digits, an IPv6 address 1 (`::1`), a Bitcoin address its leading `1`/`3` or `bc1`.
const MIN_DIGITS: Readonly<Record<PiiType, number>> = {
  CREDIT_CARD: 13,
  US_SSN: 9,
  EMAIL_ADDRESS: 0,
  PHONE_NUMBER: 5,
  IBAN_CODE: 2,
  IP_ADDRESS: 1,
  CRYPTO: 1,
};
// Texts up to this length have their digits counted, so a key or a short value (`A-1`,
// `Q3 summary`) skips every finder whose shape needs more digits than it has. Longer texts are
// only searched for a digit: counting them would cost as much as the finders' own scans.
const COUNTED_LENGTH = 64;

function countDigits(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (isAsciiDigit(text.charCodeAt(i))) count++;
  }
  return count;
}

const FINDERS: Readonly<Record<PiiType, (text: string, field?: string) => Finding[]>> = {
  CREDIT_CARD: findCreditCards,
  US_SSN: findUsSsns,
  EMAIL_ADDRESS: findEmailAddresses,
  PHONE_NUMBER: findPhoneNumbers,
  IBAN_CODE: findIbans,
  IP_ADDRESS: findIpAddresses,
  CRYPTO: findCryptoAddresses,
};

/**
 * Finds personal data in a string: payment cards (Luhn), US SSNs, email addresses, phone numbers,
 * IBANs (mod-97), IP addresses and Bitcoin addresses (checksummed). Findings are sorted and never
 * overlap; where two readings compete (a digit group inside an IBAN that also looks like a phone
 * number) the more certain one wins. Values hidden by invisible characters, digits of other
 * scripts (fullwidth `４１１１`), `%XX` or `\uXXXX` escapes are found too (see `foldText`).
 *
 * @example
 * detectPii('card 4111 1111 1111 1111, mail jane@example.com', { types: ['CREDIT_CARD'] });
 * // [{ type: 'CREDIT_CARD', start: 5, end: 24, confidence: 0.9 }]
 */
export function detectPii(input: string, options: DetectPiiOptions = {}): Finding[] {
  const types = options.types ?? PII_TYPES;
  const findings = findPii(input, types, options.field);
  return mayFold(input)
    ? withFolded(input, findings, (text) => findPii(text, types, options.field))
    : findings;
}

/**
 * {@link detectPii} with its options as arguments and without reading through hiding (`foldText`),
 * for callers that scan many strings and fold once for all their detectors (the scanner passes
 * each value's key without building an options object per string).
 */
export function findPii(input: string, types: readonly PiiType[], field: string | undefined): Finding[] {
  // Every type but email has ASCII digits in its shape (a Bitcoin address starts with 1 or 3, a
  // bech32 one with bc1), so digit-free text (most prose) only needs the `@` search.
  const digitCount = input.length <= COUNTED_LENGTH ? countDigits(input) : hasDigit(input) ? Infinity : 0;
  const digits = digitCount > 0;
  if (!digits && !input.includes('@')) return [];
  // No-break, figure, thin and narrow no-break spaces group digits as a space does; each is one
  // UTF-16 unit like the space it becomes, so offsets stay those of the original text.
  const text = digits && hasSpaceVariant(input) ? input.replace(SPACE_VARIANTS, ' ') : input;
  const candidates: Finding[] = [];
  for (const type of types) {
    if (!Object.hasOwn(FINDERS, type) || digitCount < MIN_DIGITS[type]) continue;
    candidates.push(...FINDERS[type](text, field));
  }
  if (candidates.length === 0) return candidates;
  const kept = candidates.filter((c) => !DIGIT_GROUP_TYPES.has(c.type) || !insideIbanShape(text, c));
  return resolveOverlaps(kept);
}
