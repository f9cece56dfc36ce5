import { findCreditCards } from './credit-card.ts';
import { findCryptoAddresses } from './crypto-address.ts';
import { findEmailAddresses } from './email-address.ts';
import type { Finding } from './finding.ts';
import { findIbanShapedRuns, findIbans } from './iban.ts';
import { findIpAddresses } from './ip-address.ts';
import { findPhoneNumbers } from './phone-number.ts';
import { resolveOverlaps } from './resolve-overlaps.ts';
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

const HAS_DIGIT = /\d/;
const SPACE_VARIANTS = /[\u00A0\u2007\u2009\u202F]/g;
// Searching for each character costs less than one pass of a character class over the text.
const hasSpaceVariant = (text: string) =>
  text.includes('\u00A0') || text.includes('\u202F') || text.includes('\u2009') || text.includes('\u2007');

const FINDERS: Readonly<Record<PiiType, (text: string) => Finding[]>> = {
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
 * number) the more certain one wins.
 *
 * @example
 * detectPii('card 4111 1111 1111 1111, mail jane@example.com', { types: ['CREDIT_CARD'] });
 * // [{ type: 'CREDIT_CARD', start: 5, end: 24, confidence: 0.9 }]
 */
export function detectPii(input: string, options: DetectPiiOptions = {}): Finding[] {
  const types = options.types ?? PII_TYPES;
  // Every type but email has ASCII digits in its shape (a Bitcoin address starts with 1 or 3, a
  // bech32 one with bc1), so digit-free text (most prose) only needs the `@` search.
  const digits = HAS_DIGIT.test(input);
  if (!digits && !input.includes('@')) return [];
  // No-break, figure, thin and narrow no-break spaces group digits as a space does; each is one
  // UTF-16 unit like the space it becomes, so offsets stay those of the original text.
  const text = digits && hasSpaceVariant(input) ? input.replace(SPACE_VARIANTS, ' ') : input;
  const candidates: Finding[] = [];
  for (const type of types) {
    if (!Object.hasOwn(FINDERS, type) || (!digits && type !== 'EMAIL_ADDRESS')) continue;
    candidates.push(...FINDERS[type](text));
  }
  if (candidates.length === 0) return candidates;
  const kept = candidates.filter((c) => !DIGIT_GROUP_TYPES.has(c.type) || !insideIbanShape(text, c));
  return resolveOverlaps(kept);
}
