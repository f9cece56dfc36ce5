import type { Finding } from './finding.ts';

const LOCAL_CHAR = /[\p{L}\p{N}._%+-]/u;
// Dot-separated labels ending in an alphabetic or punycode TLD. The trailing lookahead rejects
// a TLD that runs on into more name characters, so `a@b.com1` is not shortened to `a@b.co`.
const DOMAIN =
  /(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})(?![\p{L}\p{N}_-])/uy;
const MAX_LOCAL = 64;

/**
 * Finds email addresses, including internationalized and punycode (`xn--`) domains.
 *
 * It scans from each `@` outwards rather than running one big pattern over the text: `@` is rare,
 * so ordinary text costs one fast search. The user:password part of a URL (`//u:p@host`) is not
 * an address.
 *
 * @example
 * findEmailAddresses('mail info@presidio.site today');
 * // [{ type: 'EMAIL_ADDRESS', start: 5, end: 23, confidence: 0.9 }]
 */
export function findEmailAddresses(text: string): Finding[] {
  const found: Finding[] = [];
  let at = text.indexOf('@');
  while (at !== -1) {
    const next = emailAround(text, at);
    if (next) found.push(next);
    at = text.indexOf('@', next ? next.end : at + 1);
  }
  return found;
}

function emailAround(text: string, at: number): Finding | undefined {
  let start = at;
  while (start > 0 && at - start < MAX_LOCAL && LOCAL_CHAR.test(text[start - 1] as string)) start--;
  while (text[start] === '.') start++;
  if (start === at || text[at - 1] === '.' || text.slice(start, at).includes('..')) return undefined;
  const before = text[start - 1];
  if (before === '/' || (before === ':' && !text.slice(0, start).toLowerCase().endsWith('mailto:'))) {
    return undefined;
  }
  DOMAIN.lastIndex = at + 1;
  const domain = DOMAIN.exec(text);
  if (!domain) return undefined;
  return { type: 'EMAIL_ADDRESS', start, end: at + 1 + domain[0].length, confidence: 0.9 };
}
