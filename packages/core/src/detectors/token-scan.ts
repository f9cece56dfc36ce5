import { shannonEntropy } from './entropy.ts';
import type { Finding } from './finding.ts';
import { isPlaceholder } from './placeholder.ts';
import type { TokenRule } from './token-rule.ts';

const TOKEN_CHAR = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+/.~=') {
  TOKEN_CHAR[ch.charCodeAt(0)] = 1;
}
/** The shortest token `scanTokens` checks against the rules. */
export const MIN_TOKEN_LENGTH = 16;
// Webhook URLs carry `@` and `:`; an infix rule sees the whole run of non-space text.
const URL_RUN_END = /[\s"'`<>]/g;

/**
 * Token rules indexed for the scan: by the first two characters of each prefix, plus the infix
 * rules, so a token is checked against a handful of rules instead of all of them.
 *
 * @example
 * const index: TokenIndex = indexTokenRules(AI_TOKEN_RULES);
 */
export interface TokenIndex {
  /** Rules by the first two characters of a prefix, each with its prefixes that start so. */
  readonly byStart: ReadonlyMap<string, readonly IndexedRule[]>;
  readonly infix: readonly TokenRule[];
}

/**
 * A token rule under one two-character key of the index, with only the prefixes that start with
 * that key (a rule with 64 prefixes is checked against one or two of them, not all).
 *
 * @example
 * const entry: IndexedRule = { rule: githubRule, prefixes: ['ghp_'] };
 */
export interface IndexedRule {
  readonly rule: TokenRule;
  readonly prefixes: readonly string[];
}

/**
 * Builds the lookup `scanTokens` needs from a rule list.
 *
 * @example
 * const index = indexTokenRules([...CLOUD_TOKEN_RULES, ...DEV_TOKEN_RULES]);
 * index.byStart.get('gh')?.[0]?.rule.id; // 'github-token'
 */
export function indexTokenRules(rules: readonly TokenRule[]): TokenIndex {
  const byStart = new Map<string, { rule: TokenRule; prefixes: string[] }[]>();
  const infix: TokenRule[] = [];
  for (const rule of rules) {
    if (rule.infix !== undefined) infix.push(rule);
    for (const prefix of rule.prefixes ?? []) {
      const key = prefix.slice(0, 2);
      const list = byStart.get(key) ?? [];
      const entry = list.find((e) => e.rule === rule);
      if (entry) entry.prefixes.push(prefix);
      else list.push({ rule, prefixes: [prefix] });
      byStart.set(key, list);
    }
  }
  return { byStart, infix };
}

/**
 * Finds prefixed and infixed token secrets. The text is cut into tokens (runs of letters, digits
 * and `_-+/.~=`) of 16 characters or more; each token is checked only against the rules whose
 * prefix it starts with or whose infix it contains, so the cost is one fast scan plus a few map
 * lookups, however many rules there are.
 *
 * @example
 * scanTokens('export GH=ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d', indexTokenRules(DEV_TOKEN_RULES));
 * // [{ type: 'GITHUB_TOKEN', start: 10, end: 50, confidence: 0.95 }]
 */
export function scanTokens(text: string, index: TokenIndex): Finding[] {
  const found: Finding[] = [];
  forEachLongRun(text, (start, end) => checkToken(text, start, end, index, found));
  return found;
}

/**
 * Calls `visit` with the bounds of every maximal run of token characters (letters, digits and
 * `_-+/.~=`) at least 16 long, in order. Such a run covers one of every 16 consecutive positions,
 * so only every 16th character is probed; a probe that lands on a token character is widened to
 * its run. Prose, whose words are short, costs a few reads per 16 characters.
 *
 * @example
 * const runs: [number, number][] = [];
 * forEachLongRun('key: sk_live_4eC39HqLyjWDarjtT1zdp7dc!', (s, e) => runs.push([s, e])); // runs: [[5, 37]]
 */
export function forEachLongRun(text: string, visit: (start: number, end: number) => void): void {
  const length = text.length;
  let probe = MIN_TOKEN_LENGTH - 1;
  while (probe < length) {
    if (TOKEN_CHAR[text.charCodeAt(probe)] !== 1) {
      probe += MIN_TOKEN_LENGTH;
      continue;
    }
    let start = probe;
    while (start > 0 && TOKEN_CHAR[text.charCodeAt(start - 1)] === 1) start--;
    let end = probe + 1;
    while (end < length && TOKEN_CHAR[text.charCodeAt(end)] === 1) end++;
    if (end - start >= MIN_TOKEN_LENGTH) visit(start, end);
    // `end` is not a token character: the next run that could be long enough reaches end + 16.
    probe = end + MIN_TOKEN_LENGTH;
  }
}

function checkToken(text: string, start: number, end: number, index: TokenIndex, found: Finding[]): void {
  // `=` and `/` belong to tokens (base64 padding and alphabet, `=` inside SendGrid or PlanetScale
  // keys), so a secret may also start right after one: `GH_TOKEN=ghp_…`, `?access_token=eyJ…`,
  // `https://ghp_…@github.com`.
  for (let at = start; at >= 0 && at < end; at = nextAfterEquals(text, at, end)) {
    for (const { rule, prefixes } of index.byStart.get(text.slice(at, at + 2)) ?? []) {
      if (!prefixes.some((p) => p.length === 2 || text.startsWith(p, at))) continue;
      rule.pattern.lastIndex = at;
      const match = rule.pattern.exec(text);
      if (match) accept(rule, match, 0, found);
    }
  }
  if (index.infix.length > 0) scanInfixes(text, start, end, index.infix, found);
}

function nextAfterEquals(text: string, from: number, end: number): number {
  let i = from + 1;
  while (i < end && text[i] !== '=' && text[i] !== '/') i++;
  while (i < end && (text[i + 1] === '=' || text[i + 1] === '/')) i++;
  return i + 1 < end ? i + 1 : -1;
}

function scanInfixes(
  text: string,
  start: number,
  end: number,
  rules: readonly TokenRule[],
  found: Finding[],
) {
  const token = text.slice(start, end);
  let run: string | undefined;
  let runStart = start;
  for (const rule of rules) {
    if (!token.includes(rule.infix as string)) continue;
    if (run === undefined) {
      // A URL token starts after its scheme's colon: take the scheme back in.
      runStart = start;
      if (text[start - 1] === ':') {
        runStart--;
        while (runStart > 0 && /[a-z]/i.test(text[runStart - 1] as string)) runStart--;
      }
      URL_RUN_END.lastIndex = end;
      const stop = URL_RUN_END.exec(text);
      run = text.slice(runStart, stop ? stop.index : text.length);
    }
    rule.pattern.lastIndex = 0;
    for (let match = rule.pattern.exec(run); match !== null; match = rule.pattern.exec(run)) {
      accept(rule, match, runStart, found);
    }
  }
}

function accept(rule: TokenRule, match: RegExpExecArray, offset: number, found: Finding[]): void {
  const secret = match[1] ?? match[0];
  if (isPlaceholder(secret)) return;
  if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) return;
  if (rule.check && !rule.check(secret)) return;
  const start = offset + match.index + (match[1] === undefined ? 0 : match[0].indexOf(match[1]));
  found.push({ type: rule.type, start, end: start + secret.length, confidence: rule.confidence });
}
