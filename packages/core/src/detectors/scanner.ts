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
   * option before it (`["mysql", "--password", "…"]`, `["-u", "app", "-p", "…"]`), or undefined.
   */
  argumentValue?(items: readonly unknown[], index: number): string | undefined;
}

const normalise = (key: string) => key.toLowerCase().replace(/[-_\s.]/g, '');

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
    return fields.some((field) => normal === field || normal.endsWith(field));
  });
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
      if (config.secrets === false || (secretTypes && !secretTypes.includes('GENERIC_SECRET')))
        return undefined;
      return isOptionValue(items, index) ? 'GENERIC_SECRET' : undefined;
    },
  };
}
