import type { Finding } from './finding.ts';
import { isDocumentationWord, isPlaceholder } from './placeholder.ts';

// scheme://user:password@host — the password may itself contain `@`, so the last one before the
// host ends it.
const URL_USERINFO =
  /\b[a-z][a-z0-9+.-]{1,20}:\/\/([^\s:/?#"'`<>@]{0,100}):([^\s/?#"'`<>]{1,200})@(?=[\w[.-])/gi;

/**
 * Finds the password in URL userinfo (`postgres://app:s3cr3t@db:5432/app`,
 * `https://user:token@gems.example.com`). The span is the password. Documentation forms —
 * `user:password@`, `<password>`, `${DB_PASSWORD}`, a password equal to the user name — are
 * skipped.
 *
 * @example
 * findUrlCredentials('redis://default:Xk9vQ2mLp7@cache:6379');
 * // [{ type: 'BASIC_AUTH', start: 16, end: 26, confidence: 0.8 }]
 */
export function findUrlCredentials(text: string): Finding[] {
  const found: Finding[] = [];
  URL_USERINFO.lastIndex = 0;
  for (let m = URL_USERINFO.exec(text); m !== null; m = URL_USERINFO.exec(text)) {
    const user = m[1] ?? '';
    const password = m[2] ?? '';
    if (
      password.length < 4 ||
      password === user ||
      isDocumentationWord(password) ||
      isPlaceholder(password)
    ) {
      continue;
    }
    const start = m.index + m[0].length - password.length - 1;
    found.push({ type: 'BASIC_AUTH', start, end: start + password.length, confidence: 0.8 });
  }
  return found;
}
