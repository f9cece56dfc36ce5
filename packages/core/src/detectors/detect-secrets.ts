import { findAssignmentSecrets } from './assignment-secrets.ts';
import { findCliCredentials, mayHoldCliCredentials } from './cli-credentials.ts';
import { findCredentialPairs } from './credential-pairs.ts';
import { findCurlCredentials } from './curl-credentials.ts';
import type { Finding } from './finding.ts';
import { findGatedPatterns } from './gated-patterns.ts';
import { findKubernetesSecrets } from './kubernetes-secret.ts';
import { findPrivateKeys } from './private-key.ts';
import { resolveOverlaps } from './resolve-overlaps.ts';
import { findSasSignatures } from './sas-signature.ts';
import { mayFold, withFolded } from './text-fold.ts';
import { AI_TOKEN_RULES } from './token-rules-ai.ts';
import { CLOUD_TOKEN_RULES } from './token-rules-cloud.ts';
import { DEV_TOKEN_RULES } from './token-rules-dev.ts';
import { SAAS_TOKEN_RULES } from './token-rules-saas.ts';
import { WEB_TOKEN_RULES } from './token-rules-web.ts';
import { indexTokenRules, MIN_TOKEN_LENGTH, scanTokens } from './token-scan.ts';
import { findUrlCredentials } from './url-credentials.ts';
import { findXmlSecrets } from './xml-secrets.ts';

/**
 * Options for {@link detectSecrets}; one options object so more can be added without breaking calls.
 *
 * @example
 * const options: DetectSecretsOptions = { types: ['PRIVATE_KEY', 'AWS_ACCESS_KEY_ID'] };
 */
export interface DetectSecretsOptions {
  /** Only report these types (see `SECRET_TYPES`); default: all. */
  types?: readonly string[];
}

const SHORT_TEXT_MARK = /[\s:=,<]/;
const TOKEN_INDEX = indexTokenRules([
  ...CLOUD_TOKEN_RULES,
  ...DEV_TOKEN_RULES,
  ...SAAS_TOKEN_RULES,
  ...AI_TOKEN_RULES,
  ...WEB_TOKEN_RULES,
]);

/**
 * Finds secrets in a string: provider API keys and tokens (cloud, source control, payment, chat,
 * LLM providers and ~90 other formats), private keys, JWTs, credentials in URLs, curl commands and
 * HTTP headers, Kubernetes Secret data, and `key = value` assignments whose key names a secret and
 * whose value looks like one (entropy, length and placeholder checks). Spans cover the secret
 * value, not the key. Findings are sorted and never overlap; where readings compete the more
 * specific one wins (a `ghp_` token assigned to `token=` is a `GITHUB_TOKEN`, not a generic secret).
 * A token split by invisible characters or written with `%XX` or `\uXXXX` escapes is found too.
 *
 * @example
 * detectSecrets('export GITHUB_TOKEN=ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d');
 * // [{ type: 'GITHUB_TOKEN', start: 20, end: 60, confidence: 0.95 }]
 */
export function detectSecrets(text: string, options: DetectSecretsOptions = {}): Finding[] {
  const findings = findSecrets(text, options);
  return mayFold(text) ? withFolded(text, findings, (folded) => findSecrets(folded, options)) : findings;
}

/**
 * {@link detectSecrets} without reading through hiding (`foldText`), for callers that fold once
 * for all their detectors.
 */
export function findSecrets(text: string, options: DetectSecretsOptions = {}): Finding[] {
  // Every format needs a token of 16 characters or more, an assignment (`:`, `=`, `,`), or a
  // marker with a space or `<` in it (`-----BEGIN … PRIVATE KEY`, `curl -u`, XML). Short keys and
  // values such as `currency` or `USD` have none and cost one test.
  if (text.length < MIN_TOKEN_LENGTH && !SHORT_TEXT_MARK.test(text)) return [];
  const candidates = scanTokens(text, TOKEN_INDEX);
  for (const found of findAssignmentSecrets(text)) candidates.push(found);
  for (const found of findGatedPatterns(text)) candidates.push(found);
  // Structural detectors run only when their marker occurs: each search is a necessary condition
  // of its detector. Where the marker starts with a letter common in prose (`curl`, `uth`), a
  // search for an uncommon character the detector also needs (`-`, `(`) comes first, at a tenth
  // of the cost; a URL without `@` has no user info to look at.
  if (text.includes('-----BEGIN')) candidates.push(...findPrivateKeys(text));
  if (text.includes('-') && text.includes('curl')) candidates.push(...findCurlCredentials(text));
  if (mayHoldCliCredentials(text)) candidates.push(...findCliCredentials(text));
  if (text.includes('@') && text.includes('://')) candidates.push(...findUrlCredentials(text));
  if (text.includes('kind:')) candidates.push(...findKubernetesSecrets(text));
  if (text.includes('&sig=') || text.includes('?sig=')) candidates.push(...findSasSignatures(text));
  if (text.includes('(') && (text.includes('uth') || text.includes('Credential')))
    candidates.push(...findCredentialPairs(text));
  if (text.includes('</') || text.includes('<add')) candidates.push(...findXmlSecrets(text));
  if (candidates.length === 0) return candidates;
  const wanted = options.types;
  return resolveOverlaps(wanted ? candidates.filter((c) => wanted.includes(c.type)) : candidates);
}
