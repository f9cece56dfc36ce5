import type { SecretType } from './secret-types.ts';

/**
 * A secret format recognized by its shape alone: a literal prefix (`ghp_`, `xoxb-`, `AKIA`) or a
 * literal that must occur inside the token (`T3BlbkFJ` in OpenAI keys, `Q~` in Azure client
 * secrets). Most formats and their patterns follow gitleaks' default rules (MIT), with the rule id
 * kept for reference.
 *
 * @example
 * const githubPat: TokenRule = {
 *   id: 'github-pat',
 *   type: 'GITHUB_TOKEN',
 *   prefixes: ['ghp_'],
 *   pattern: /ghp_[0-9a-zA-Z]{36}(?![0-9A-Za-z])/y,
 *   minEntropy: 3,
 *   confidence: 0.95,
 * };
 */
export interface TokenRule {
  /** The gitleaks rule id (or a new id in the same style), for tests and debugging. */
  readonly id: string;
  /** The finding type reported. */
  readonly type: SecretType;
  /**
   * Case-sensitive literals a token must start with (at least two characters each). The pattern
   * must then be sticky (`y`): it is tried exactly at the token start, against the whole text, so
   * it may look behind the token or run past it (base64 `=` padding).
   */
  readonly prefixes?: readonly string[];
  /** For formats without a fixed start: a literal the token must contain. The pattern is global. */
  readonly infix?: string;
  /** The secret. When it has a capture group, group 1 is the reported span. */
  readonly pattern: RegExp;
  /** Minimum Shannon entropy (bits per character) of the secret. */
  readonly minEntropy?: number;
  /** Extra validation of the secret (character mix, checksums). */
  readonly check?: (secret: string) => boolean;
  /** Reported confidence; the most specific formats get the highest. */
  readonly confidence: number;
}

/**
 * Whether a string mixes upper case, lower case and digits, as random tokens of 20+ characters
 * almost always do and identifiers such as `s.makeKubeConfigController` do not.
 *
 * @example
 * hasMixedCharacters('ZC9Ecf4M5g9o34Q6RkzGsj0z'); // true
 * hasMixedCharacters('THISSTRINGISALLUPPERCASE'); // false
 */
export function hasMixedCharacters(value: string): boolean {
  return /[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value);
}
