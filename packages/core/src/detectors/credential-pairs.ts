import type { Finding } from './finding.ts';
import { isDocumentationWord, isPlaceholder } from './placeholder.ts';

// Credentials built in code from a user name and a password given positionally:
// `new NetworkCredential("user", "…")`, `HTTPBasicAuth('user', '…')`, `auth=("user", "…")`.
const CREDENTIAL_PAIR =
  /(?:\b(?:NetworkCredential|HTTPBasicAuth|HTTPDigestAuth|BasicAuth|PasswordAuthentication|UsernamePasswordCredentials)|\bauth\s*=\s*)\(\s*(?:"[^"\n]{1,100}"|'[^'\n]{1,100}')\s*,\s*(["'])([^"'\n]{6,200})\1/g;

/**
 * Finds the password of a credential built in code from a user name and a password:
 * .NET's `NetworkCredential`, Python requests' `HTTPBasicAuth`/`HTTPDigestAuth` and `auth=(…)`,
 * Java's `PasswordAuthentication` and `UsernamePasswordCredentials`.
 *
 * @example
 * findCredentialPairs('auth=("deploy", "Zq8#xLm2Pv")');
 * // [{ type: 'BASIC_AUTH', start: 17, end: 27, confidence: 0.75 }]
 */
export function findCredentialPairs(text: string): Finding[] {
  const found: Finding[] = [];
  CREDENTIAL_PAIR.lastIndex = 0;
  for (let m = CREDENTIAL_PAIR.exec(text); m !== null; m = CREDENTIAL_PAIR.exec(text)) {
    const password = m[2] as string;
    if (isPlaceholder(password) || isDocumentationWord(password)) continue;
    const end = m.index + m[0].length - 1;
    found.push({ type: 'BASIC_AUTH', start: end - password.length, end, confidence: 0.75 });
  }
  return found;
}
