import { shannonEntropy } from './entropy.ts';
import type { Finding } from './finding.ts';
import { isPlaceholder } from './placeholder.ts';
import type { SecretType } from './secret-types.ts';

/**
 * A secret format too plain to trust on its own that counts only when a keyword appears anywhere
 * in the text, as in gitleaks' keyword-gated rules (a Facebook app token is just digits, a bar and
 * 27–40 characters), or one whose parts the token scan would split (a Braintree token's `$`).
 *
 * @example
 * const rule: GatedPattern = { gate: 'facebook', marks: ['|'], pattern: /\d{15}\|\w{27}/g, type: 'FACEBOOK_TOKEN', confidence: 0.85 };
 */
export interface GatedPattern {
  /** A lower-case literal that must occur in the text (in any case) before `pattern` runs. */
  readonly gate: string;
  /**
   * Literals of which the pattern's every match holds one (`|` or `%7C` for a Facebook token),
   * searched before the keyword: a single uncommon character is found or ruled out in one fast
   * pass, where the keyword would have to be looked for in a lower-cased copy.
   */
  readonly marks: readonly string[];
  /** Global; the whole match is the secret. */
  readonly pattern: RegExp;
  readonly type: SecretType;
  readonly minEntropy?: number;
  readonly confidence: number;
}

/**
 * The keyword-gated formats `findGatedPatterns` checks.
 *
 * @example
 * GATED_PATTERNS.map((p) => p.type); // ['FACEBOOK_TOKEN', 'BRAINTREE_ACCESS_TOKEN']
 */
export const GATED_PATTERNS: readonly GatedPattern[] = [
  {
    gate: 'facebook',
    marks: ['|', '%7C'],
    pattern: /(?<![\w-])\d{15,16}(?:\||%7C)[\w-]{27,40}(?![\w-])/g,
    type: 'FACEBOOK_TOKEN',
    minEntropy: 3,
    confidence: 0.85,
  },
  {
    // Braintree access tokens: `access_token$production$` (or `$sandbox$`), the 16-character
    // merchant id, `$` and 32 hex digits. `$` ends a token for the token scan, so the whole
    // credential is found here, after its distinctive literal.
    gate: 'access_token$',
    marks: ['$'],
    pattern: /access_token\$(?:production|sandbox)\$[a-z0-9]{16}\$[a-f0-9]{32}(?![\w-])/g,
    type: 'BRAINTREE_ACCESS_TOKEN',
    minEntropy: 3,
    confidence: 0.95,
  },
];

/**
 * Runs each gated pattern whose keyword appears in the text.
 *
 * @example
 * findGatedPatterns('facebook 1477036645700765|wRPf2v3mt2JfMqCLK8n7oltrEmc');
 * // [{ type: 'FACEBOOK_TOKEN', start: 9, end: 53, confidence: 0.85 }]
 */
export function findGatedPatterns(text: string, rules: readonly GatedPattern[] = GATED_PATTERNS): Finding[] {
  const found: Finding[] = [];
  let lower: string | undefined;
  for (const rule of rules) {
    if (!rule.marks.some((mark) => text.includes(mark))) continue;
    lower ??= text.toLowerCase();
    if (!lower.includes(rule.gate)) continue;
    rule.pattern.lastIndex = 0;
    for (let m = rule.pattern.exec(text); m !== null; m = rule.pattern.exec(text)) {
      if (isPlaceholder(m[0]) || shannonEntropy(m[0]) < (rule.minEntropy ?? 0)) continue;
      found.push({
        type: rule.type,
        start: m.index,
        end: m.index + m[0].length,
        confidence: rule.confidence,
      });
    }
  }
  return found;
}
