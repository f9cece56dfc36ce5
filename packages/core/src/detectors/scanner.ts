import { z } from 'zod';
import { type ScanOptions, ScanOptionsShape } from '../policy/sensitive-data-schema.ts';
import { memoByKey } from '../util/memo-by-key.ts';
import { isOptionValue } from './cli-credentials.ts';
import { findPii, PII_TYPES, type PiiType } from './detect-pii.ts';
import { findSecrets } from './detect-secrets.ts';
import type { Finding } from './finding.ts';
import { resolveOverlaps } from './resolve-overlaps.ts';
import { mayFold, withFolded } from './text-fold.ts';

const ScanOptionsSchema = z.strictObject(ScanOptionsShape);

/** A compiled set of detectors: secrets, PII, custom patterns, and sensitive field names. */
export interface Scanner {
  /**
   * Findings in one string, sorted and non-overlapping. `field` is the name the string is the
   * value of, when it has one (see `DetectPiiOptions.field`). A value hidden by invisible
   * characters, other scripts' digits, `%XX` or `\uXXXX` escapes is found in its original span.
   */
  scan(text: string, field?: string): Finding[];
  /** The finding type for a key whose whole value is sensitive, or undefined. */
  sensitiveField(key: string): string | undefined;
  /**
   * The finding type for item `index` of a list of strings when it is the value of a credential
   * option before it (`["mysql", "--password", "…"]`, `["-u", "app", "-p", "…"]`), or the second
   * of a name-value pair whose name is a sensitive field (`["Authorization", "Bearer …"]`), or
   * undefined.
   */
  argumentValue?(items: readonly unknown[], index: number): string | undefined;
  /**
   * The finding type for the value of a name-value object whose name is a sensitive field
   * (`{ name: "password", value: "…" }`, `{ key: "Authorization", value: "…" }`), or undefined.
   * `pairValue` says which members hold that value.
   */
  pairedField?(object: Record<string, unknown>): string | undefined;
}

const normalise = (key: string) => key.toLowerCase().replace(/[-_\s.]/g, '');

// What may follow a sensitive field's name in a key and still name its value (`password_value`,
// `passwordConfirm`, `token2`); `tokenizer` or `secret_name` name something else.
const VALUE_SUFFIX =
  /^(?:value|val|str|string|text|plain|plaintext|raw|hash|hashed|input|confirm|confirmation|again|new|old|current|b64|base64|enc|encoded|encrypted|data)?\d*$/;
// The members of a name-value object: `{ name: "password", value: "…" }`, HTTP header lists,
// form fields, environment variable lists.
const PAIR_NAME = ['name', 'key', 'header', 'field', 'param', 'variable', 'var'] as const;
const PAIR_VALUE = new Set(['value', 'val', 'content', 'data', 'secret']);
// A word that names a field rather than holding a value: lower-case letters and underscores.
const FIELD_NAME = /^[a-z][a-z_]*$/;

/** Whether a member of an object that names a sensitive field holds its value. */
export function pairValue(key: string): boolean {
  return PAIR_VALUE.has(key);
}

/**
 * Compiles scan options once. Overlapping findings from different detectors are settled the way
 * each detector settles its own (`resolveOverlaps`), so a key inside a URL is reported once.
 *
 * @example
 * createScanner({ pii: ['CREDIT_CARD'], secrets: false }).scan('card 4111 1111 1111 1111')
 */
export function createScanner(options: ScanOptions = {}): Scanner {
  const config = ScanOptionsSchema.parse(options);
  const secretTypes = Array.isArray(config.secrets) ? config.secrets : undefined;
  const piiTypes = Array.isArray(config.pii) ? (config.pii as PiiType[]) : undefined;
  const patterns = config.patterns.map((p) => ({
    name: p.name,
    regex: new RegExp(p.regex, p.caseInsensitive ? 'giu' : 'gu'),
  }));
  const fields = config.sensitiveFields.map(normalise);
  const isSensitive = memoByKey((key) => {
    const normal = normalise(key);
    return fields.some((field) => {
      if (normal.endsWith(field)) return true;
      const at = normal.indexOf(field);
      return at >= 0 && VALUE_SUFFIX.test(normal.slice(at + field.length));
    });
  });
  const names = (value: unknown): value is string =>
    typeof value === 'string' && value.length <= 64 && isSensitive(value);
  const secretOptions = secretTypes ? { types: secretTypes } : {};
  const piiScanned = piiTypes ?? PII_TYPES;
  const scanAsWritten = (text: string, field: string | undefined): Finding[] => {
    // Each detector returns a fresh array; most texts have no findings and allocate no more.
    let findings: Finding[] = config.secrets === false ? [] : findSecrets(text, secretOptions);
    if (config.pii !== false) {
      const pii = findPii(text, piiScanned, field);
      if (pii.length > 0) findings = findings.length === 0 ? pii : findings.concat(pii);
    }
    for (const { name, regex } of patterns) {
      regex.lastIndex = 0;
      for (const match of text.matchAll(regex)) {
        if (match[0] !== '')
          findings.push({ type: name, start: match.index, end: match.index + match[0].length });
      }
    }
    return findings.length > 1 ? resolveOverlaps(findings) : findings;
  };
  return {
    scan(text, field) {
      const findings = scanAsWritten(text, field);
      // A value hidden by invisible characters, other scripts' digits or escapes is looked for
      // once more in the text as it reads; the test costs a few searches on plain ASCII text.
      return mayFold(text) ? withFolded(text, findings, (folded) => scanAsWritten(folded, field)) : findings;
    },
    sensitiveField(key) {
      return fields.length > 0 && isSensitive(key) ? 'SENSITIVE_FIELD' : undefined;
    },
    argumentValue(items, index) {
      // A pair such as a header entry; a list of two field names (`["password", "email"]`) is not.
      if (fields.length > 0 && items.length === 2 && index === 1 && names(items[0])) {
        const value = items[1];
        if (typeof value === 'string' && !FIELD_NAME.test(value)) return 'SENSITIVE_FIELD';
      }
      if (config.secrets === false || (secretTypes && !secretTypes.includes('GENERIC_SECRET')))
        return undefined;
      return isOptionValue(items, index) ? 'GENERIC_SECRET' : undefined;
    },
    pairedField(object) {
      if (fields.length === 0) return undefined;
      for (const key of PAIR_NAME)
        if (Object.hasOwn(object, key) && names(object[key])) return 'SENSITIVE_FIELD';
      return undefined;
    },
  };
}
