import { memoByKey } from '../util/memo-by-key.ts';
import { type Assignment, findAssignments } from './assignment-scan.ts';
import { shannonEntropy } from './entropy.ts';
import type { Finding } from './finding.ts';
import { judgeGenericValue } from './generic-secret.ts';
import { classifyKey, keyWords } from './key-classifier.ts';
import { KEYWORD_RULES, type KeywordRule } from './keyword-rules.ts';
import { isDocumentationWord, isPlaceholder } from './placeholder.ts';

// Cheap first test on a raw key: does it mention anything secret-like or a provider keyword?
// Only keys that pass are split into words and classified.
const SECRET_HINT = /pass|pw|secret|token|key|auth|cred|bearer|jwt/;
// Provider keywords by their first three letters, to test only the few that can match; the
// letters also go into a set of numbers so most keys are rejected without building strings.
const KEYWORDS_BY_START = new Map<string, string[]>();
const KEYWORD_TRIGRAMS = new Set<number>();
for (const keyword of new Set(KEYWORD_RULES.flatMap((r) => r.keywords))) {
  const list = KEYWORDS_BY_START.get(keyword.slice(0, 3)) ?? [];
  list.push(keyword);
  KEYWORDS_BY_START.set(keyword.slice(0, 3), list);
  KEYWORD_TRIGRAMS.add(trigram(keyword, 0));
}

function trigram(text: string, i: number): number {
  return (text.charCodeAt(i) << 16) | (text.charCodeAt(i + 1) << 8) | text.charCodeAt(i + 2);
}

const AUTHORIZATION = /^(?:proxy-)?authorization$/i;

// Tool-call arguments reuse a handful of key names, so verdicts are remembered (keys are at most
// 80 characters: see findAssignments).
const isInterestingKey = memoByKey(mentionsSecret, { maxKeyLength: 80 });

function mentionsSecret(key: string): boolean {
  const lower = key.toLowerCase();
  if (SECRET_HINT.test(lower)) return true;
  let candidate = false;
  for (let i = 0; i + 2 < lower.length && !candidate; i++)
    candidate = KEYWORD_TRIGRAMS.has(trigram(lower, i));
  if (!candidate) return false;
  // Provider keywords start a word: at the start, after separators, or at a camelCase hump.
  // Separator runs become one `_`, the form the keyword table uses.
  let normal = '';
  const starts: number[] = [0];
  for (let i = 0; i < key.length; i++) {
    const ch = lower[i] as string;
    // A variable's sigil (`$sonarLogin` in PHP, PowerShell, Perl) separates like `_`.
    if (ch === '_' || ch === '-' || ch === '.' || ch === ' ' || ch === '$') {
      if (!normal.endsWith('_')) normal += '_';
      starts.push(normal.length);
    } else {
      if (i > 0 && key[i] !== ch && key[i - 1] === lower[i - 1]) starts.push(normal.length);
      normal += ch;
    }
  }
  return starts.some((i) =>
    (KEYWORDS_BY_START.get(normal.slice(i, i + 3)) ?? []).some((keyword) => normal.startsWith(keyword, i)),
  );
}

/**
 * Finds secrets by the key they are assigned to: provider keys without a distinctive prefix
 * (`cloudflare_api_key = "…"`, `SUMO_ACCESS_ID=su…`) and generic `password = …`,
 * `"client_secret": "…"`, `Authorization: Bearer …` assignments whose value passes the generic
 * checks, and .npmrc registry credentials (`//registry.npmjs.org/:_authToken=…`). The span is the
 * value (after any auth scheme), not the key.
 *
 * @example
 * findAssignmentSecrets('DB_PASSWORD="s3cr3t-Pa55"');
 * // [{ type: 'GENERIC_SECRET', start: 13, end: 24, confidence: 0.5 }]
 */
export function findAssignmentSecrets(text: string): Finding[] {
  const found: Finding[] = [];
  for (const a of findAssignments(text, isInterestingKey)) {
    const value = text.slice(a.valueStart, a.valueEnd);
    const verdict = judgeAssignment(a.key, value, a.quoted) ?? judgeNpmAuth(text, a, value);
    if (verdict)
      found.push({ ...verdict, start: a.valueStart + verdict.start, end: a.valueStart + verdict.end });
  }
  return found;
}

// An .npmrc credential scoped to a registry: `//registry.npmjs.org/:_authToken=…`,
// `//host/path:_password=…` (base64), `//host/:_auth=…` (base64 of `user:password`).
const NPM_AUTH_KEY = /^_(?:auth|authToken|password)$/;
// Where the `//registry/path:` scope of a key starts: at white space, `=` or a quote (`echo
// "//…:_authToken=…"`), or after a JSON-escaped newline (`".npmrc": "…\n//…"`).
const SCOPE_START = /^(?:\\[nr])?\/\/[\w[]/;
// White space, `=` and quotes: where the walk back to the scope's start stops.
const SCOPE_STOP = new Set([32, 9, 10, 13, 61, 34, 39, 96]);

/**
 * An .npmrc registry credential is one whatever it looks like: the `//registry/:` prefix leaves no
 * doubt that `_password=CorrectHorseBatteryStaple` is not a type annotation or a constant, as an
 * unquoted word after `password=` could be in code. Placeholders (`${NPM_TOKEN}`) still are not.
 */
function judgeNpmAuth(text: string, a: Assignment, value: string): Finding | undefined {
  if (!NPM_AUTH_KEY.test(a.key) || value.length < 6 || value.length > 400 || !isRegistryScoped(text, a)) {
    return undefined;
  }
  if (isPlaceholder(value) || isDocumentationWord(value)) return undefined;
  return { type: 'GENERIC_SECRET', start: 0, end: value.length, confidence: 0.7 };
}

/**
 * Whether the key is written `//registry/path:_key=`: walks back from the value over the operator
 * to the key, then over the scope. The walk stops at white space, `=` or a quote, so it never
 * crosses an earlier assignment and scanning stays linear.
 */
function isRegistryScoped(text: string, a: Assignment): boolean {
  let i = a.valueStart - (a.quoted ? 2 : 1);
  while (text[i] === ' ' || text[i] === '\t') i--;
  if (text[i] !== '=') return false;
  i--;
  while (text[i] === ' ' || text[i] === '\t') i--;
  const keyStart = i + 1 - a.key.length;
  if (text[keyStart - 1] !== ':' || !text.startsWith(a.key, keyStart)) return false;
  let start = keyStart - 1;
  while (start > 0 && !SCOPE_STOP.has(text.charCodeAt(start - 1))) start--;
  return SCOPE_START.test(text.slice(start, keyStart));
}

/**
 * Judges one `key = value` pair, wherever it was found (an assignment, an XML element): a
 * provider keyword rule first, then the generic rule. Offsets in the result are relative to the
 * value.
 *
 * @example
 * judgeAssignment('sumologic_access_id', 'suGyI5imvADdvU', true);
 * // { type: 'SUMOLOGIC_KEY', start: 0, end: 14, confidence: 0.8 }
 */
export function judgeAssignment(key: string, value: string, quoted: boolean): Finding | undefined {
  const provider = matchKeywordRule(keyWords(key), value);
  if (provider) return { type: provider.type, start: 0, end: value.length, confidence: 0.8 };
  const kind = classifyKey(key);
  const verdict = kind && judgeGenericValue(value, kind, key, quoted);
  if (!verdict) return undefined;
  const lastKey = key.split(/\s+/).pop() ?? '';
  const type = !AUTHORIZATION.test(lastKey)
    ? 'GENERIC_SECRET'
    : /^basic\s/i.test(value)
      ? 'BASIC_AUTH'
      : 'AUTH_HEADER';
  return {
    type,
    start: verdict.offset,
    end: verdict.offset + verdict.length,
    confidence: verdict.confidence,
  };
}

function matchKeywordRule(words: readonly string[], value: string): KeywordRule | undefined {
  const joined = `_${words.join('_')}`;
  for (const rule of KEYWORD_RULES) {
    if (!rule.keywords.some((k) => joined.includes(`_${k}`))) continue;
    if (!rule.value.test(value) || isPlaceholder(value)) continue;
    if (shannonEntropy(value) >= (rule.minEntropy ?? 2)) return rule;
  }
  return undefined;
}
