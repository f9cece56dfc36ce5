import type { Finding } from './finding.ts';

// RFC 5322 lets more through; `'` (o'reilly) and `&` occur in real addresses, while `/`, `=` and
// the rest are far more often the text around an address (`to=bob@…`) than part of it.
const LOCAL_CHAR = /[\p{L}\p{N}._%+'&-]/u;
// Image files named for a pixel density (`logo@2x.png`) look like addresses; none of these is a
// top-level domain.
const FILE_SUFFIX = /\.(?:png|jpe?g|gif|svg|webp|bmp|ico|tiff?|avif|heic)$/i;
// Dot-separated labels ending in an alphabetic or punycode TLD. The trailing lookahead rejects
// a TLD that runs on into more name characters, so `a@b.com1` is not shortened to `a@b.co`.
const DOMAIN =
  /(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})(?![\p{L}\p{N}_-])/uy;
// Chinese and Japanese text runs on into an address with no space (`邮箱a@b.cn`, `a@b.jpです`).
// Where a part of an address mixes those scripts with others, they are the text around it; an
// address written wholly in them (`用户@例子.中国`) is read whole.
const CJK = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u;
const CJK_LAST =
  /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}](?!.*[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}])/su;
const NOT_CJK = /[^\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u;
const DOMAIN_BEFORE_CJK =
  /(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})(?![a-z0-9_-])/iuy;
const MAX_LOCAL = 64;
// In a URL's path, `name@version.ext` is a file far more often than an address.
const PATH_FILE_SUFFIX =
  /\.(?:json|js|mjs|cjs|ts|css|html?|txt|md|xml|ya?ml|csv|pdf|zip|tar|gz|tgz|py|go|rs|java|php|sh|wasm|map|lock|log)$/i;

/**
 * Finds email addresses, including internationalized and punycode (`xn--`) domains.
 *
 * It scans from each `@` outwards rather than running one big pattern over the text: `@` is rare,
 * so ordinary text costs one fast search. The user:password part of a URL (`//u:p@host`) is not
 * an address; a segment of a URL's path (`https://host/users/jane@example.com`) can be.
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
  // A quote or an `&` before the address is punctuation around it, not its first character.
  const local = text.slice(start, at);
  if (CJK.test(local) && NOT_CJK.test(local)) start += (CJK_LAST.exec(local)?.index ?? -1) + 1;
  while (text[start] === '.' || text[start] === "'" || text[start] === '&') start++;
  if (start === at || text[at - 1] === '.' || text.slice(start, at).includes('..')) return undefined;
  const before = text[start - 1];
  // After `//` the name is a URL's user (`ssh://git@host`); after one `/` it is a path segment,
  // which can be an address (`/users/jane@example.com/profile`) only inside a URL.
  if (before === '/' && (text[start - 2] === '/' || !isInUrl(text, start))) return undefined;
  if (before === ':' && isUrlUserInfo(text, start)) return undefined;
  DOMAIN.lastIndex = at + 1;
  let domain = DOMAIN.exec(text);
  const tld = domain?.[0].slice(domain[0].lastIndexOf('.') + 1) ?? '';
  if (CJK.test(tld) && NOT_CJK.test(tld)) {
    DOMAIN_BEFORE_CJK.lastIndex = at + 1;
    domain = DOMAIN_BEFORE_CJK.exec(text);
  }
  if (!domain || FILE_SUFFIX.test(domain[0])) return undefined;
  if (before === '/' && PATH_FILE_SUFFIX.test(domain[0])) return undefined;
  return { type: 'EMAIL_ADDRESS', start, end: at + 1 + domain[0].length, confidence: 0.9 };
}

/**
 * Whether the `:` before `start` separates a user from a password in a URL (`//user:pass@host`):
 * the word it ends up in has a `//` before it. `Email:jane@example.com` and `mailto:` do not.
 */
function isUrlUserInfo(text: string, start: number): boolean {
  // Looked for within a bounded distance, so text made of many `a:b@` costs linear time.
  const from = Math.max(0, start - MAX_USER_INFO);
  for (let i = start - 1; i > from; i--) {
    const ch = text[i] as string;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') return false;
    if (ch === '/' && text[i - 1] === '/') return true;
  }
  return false;
}

/** Whether the word `start` is in has a `://` before it: a URL's path rather than a file path. */
function isInUrl(text: string, start: number): boolean {
  const from = Math.max(0, start - MAX_URL_PREFIX);
  for (let i = start - 1; i > from; i--) {
    const ch = text[i] as string;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '"' || ch === "'") return false;
    if (ch === '/' && text[i - 1] === '/' && text[i - 2] === ':') return true;
  }
  return false;
}

// How far back the `://` of a URL around an address is looked for, so text made of many `/a@b.co`
// costs linear time.
const MAX_URL_PREFIX = 2048;

// `scheme://user:password@` — a user name longer than this is not one.
const MAX_USER_INFO = 256;
