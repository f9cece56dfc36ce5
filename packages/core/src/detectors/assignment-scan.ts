import { isAsciiDigit } from './char-codes.ts';

/**
 * One `key <operator> value` found in text, e.g. `API_TOKEN = "…"` or `"password": "…"`, with the
 * value's offsets so a finding can span the value and not the key.
 *
 * @example
 * const a: Assignment = { key: 'API_TOKEN', valueStart: 11, valueEnd: 17, quoted: true };
 */
export interface Assignment {
  /** The key as written: the quoted key, or up to three words before the operator. */
  key: string;
  /** Offset of the first character of the value (inside its quotes). */
  valueStart: number;
  /** Offset just past the value (before its closing quote). */
  valueEnd: number;
  /** Whether the value was quoted. */
  quoted: boolean;
}

const QUOTES = '"\'`';
const KEY_CHAR = charTable('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.$@-');
const UNQUOTED_STOP = charTable(' \t\n\r\f\v"\'`,;)}]<>\\&');
const MAX_KEY = 80;
const MAX_VALUE = 1000;
// HTTP auth schemes: in `Authorization: Bearer abc` the credential is the word after the scheme.
const AUTH_SCHEME = /^(?:bearer|basic|token|bot|digest|api-?token|sso-key|ssws)$/i;

/**
 * Finds assignments in code, config, logs and prose: `=`, `:`, `:=`, `::=`, `?=`, `.=`, `+=`,
 * `=>`, and `,` between a quoted key and a quoted value (`setProperty("TOKEN", "…")`). Keys may
 * be quoted (also JSON-escaped, `\"key\"`) or bare, and a bare key keeps up to three preceding
 * words so `var apiToken string = "…"` and `the client secret: …` keep their meaning. Values stop
 * at the end of the line; comparisons (`==`, `!=`, `<=`) and URL schemes are not assignments.
 *
 * `accept` sees each key before its value is read, so keys of no interest cost almost nothing.
 *
 * @example
 * findAssignments('export API_TOKEN="abc123"', () => true);
 * // [{ key: 'export API_TOKEN', valueStart: 18, valueEnd: 24, quoted: true }]
 */
export function findAssignments(text: string, accept: (key: string) => boolean): Assignment[] {
  const found: Assignment[] = [];
  const scan = new ValueScan(text);
  // Three `indexOf` cursors instead of one regex: native substring search is an order of
  // magnitude faster, and only the few operator positions cost any work.
  let colon = text.indexOf(':');
  let equals = text.indexOf('=');
  let comma = text.indexOf(',');
  while (colon >= 0 || equals >= 0 || comma >= 0) {
    const p = earliest(colon, earliest(equals, comma));
    if (p === colon) colon = text.indexOf(':', p + 1);
    else if (p === equals) equals = text.indexOf('=', p + 1);
    else {
      comma = text.indexOf(',', p + 1);
      if (!isQuote(text.charCodeAt(previousNonBlank(text, p)))) continue;
    }
    const operator = readOperator(text, p);
    if (!operator) continue;
    const key = readKey(text, operator.start, operator.comma);
    if (key === undefined) continue;
    if (!accept(key.text)) continue;
    const value = readValue(scan, operator.end);
    if (!value || (operator.comma && !value.quoted)) continue;
    if (!key.quoted && value.quoted && closesKeyString(text, key.start, value.valueStart)) continue;
    found.push({
      key: key.text,
      valueStart: value.valueStart,
      valueEnd: value.valueEnd,
      quoted: value.quoted,
    });
  }
  return found;
}

/** The smaller of two `indexOf` results, where -1 means "none". */
function earliest(a: number, b: number): number {
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}

function charTable(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const ch of chars) table[ch.charCodeAt(0)] = 1;
  return table;
}

const SPACE = 32;
const TAB = 9;
const BACKSLASH = 92;

/** Index of the last character before `p` that is not a space or tab (-1 if none). */
function previousNonBlank(text: string, p: number): number {
  let i = p - 1;
  while (i >= 0 && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i--;
  return i;
}

function isQuote(code: number): boolean {
  return code === 34 || code === 39 || code === 96;
}

/**
 * A bare key inside a string whose operator ends it (`"Password:"`, `'token=' + t`): the quote
 * after the operator closes that string rather than opening a value. It is the quote before the
 * key, escaped alike (`\"Password:\"`); `"password=\"hunter2\""` has a value.
 */
function closesKeyString(text: string, keyStart: number, valueStart: number): boolean {
  const quote = text.charCodeAt(valueStart - 1);
  const valueEscaped = text.charCodeAt(valueStart - 2) === BACKSLASH;
  const keyEscaped = text.charCodeAt(keyStart - 2) === BACKSLASH;
  return text.charCodeAt(keyStart - 1) === quote && valueEscaped === keyEscaped;
}

const COMPARISON_BEFORE = charTable('=!<>');
const OPERATOR_PREFIX = charTable(':.?+|');

function readOperator(text: string, p: number): { start: number; end: number; comma: boolean } | undefined {
  const ch = text[p];
  const next = text[p + 1];
  if (ch === ',') return { start: p, end: p + 1, comma: true };
  if (ch === ':') {
    // `:=` and `::=` are handled at their `=`; `::` is a scope operator; `://` a URL scheme;
    // `host:8080/path` a port.
    if (
      next === '=' ||
      next === ':' ||
      text[p - 1] === ':' ||
      (next === '/' && text[p + 2] === '/') ||
      isPortBeforePath(text, p + 1)
    ) {
      return undefined;
    }
    return { start: p, end: p + 1, comma: false };
  }
  if (next === '=' || next === '~' || COMPARISON_BEFORE[text.charCodeAt(p - 1)] === 1) return undefined;
  let start = p;
  while (start > 0 && OPERATOR_PREFIX[text.charCodeAt(start - 1)] === 1) start--;
  return { start, end: next === '>' ? p + 2 : p + 1, comma: false };
}

/** One to five digits and a `/` from `from` on: the port of `host:8080/path`. */
function isPortBeforePath(text: string, from: number): boolean {
  let i = from;
  while (i < from + 5 && isAsciiDigit(text.charCodeAt(i))) i++;
  return i > from && text[i] === '/';
}

/**
 * Reads the key before an operator. After a comma only a quoted identifier is a key
 * (`setProperty("API_TOKEN", "…")`), not the previous item of a list.
 */
function readKey(
  text: string,
  operatorStart: number,
  comma: boolean,
): { text: string; quoted: boolean; start: number } | undefined {
  const i = previousNonBlank(text, operatorStart) + 1;
  const closeCode = text.charCodeAt(i - 1);
  if (isQuote(closeCode)) {
    // A quoted key, possibly JSON-escaped (`\"key\"`). Identifier keys, by far the most common,
    // are read by walking back over key characters; anything else falls back to a search.
    const close = text[i - 1] as string;
    const escaped = text.charCodeAt(i - 2) === BACKSLASH;
    const closeAt = escaped ? i - 2 : i - 1;
    let open = closeAt;
    while (open > 0 && closeAt - open < MAX_KEY && KEY_CHAR[text.charCodeAt(open - 1)] === 1) open--;
    if (text.charCodeAt(open - 1) !== closeCode || (escaped && text.charCodeAt(open - 2) !== BACKSLASH)) {
      if (comma) return undefined;
      const at = text.lastIndexOf(escaped ? `\\${close}` : close, closeAt - 1);
      if (at < 0) return undefined;
      open = at + (escaped ? 2 : 1);
    }
    const key = text.slice(open, closeAt);
    if (key === '' || key.length > MAX_KEY || key.includes('\n')) return undefined;
    return { text: key, quoted: true, start: open };
  }
  if (comma) return undefined;
  const words: string[] = [];
  let keyStart = i;
  let end = i;
  while (words.length < 3 && end > 0) {
    let start = end;
    while (start > 0 && end - start < MAX_KEY && KEY_CHAR[text.charCodeAt(start - 1)] === 1) start--;
    if (start === end) break;
    // `…\nKEY=value` in a JSON string: the `n` belongs to the escaped newline, not the key.
    const escaped = text[start - 1] === '\\' && 'nrt'.includes(text[start] as string);
    keyStart = escaped ? start + 1 : start;
    words.unshift(text.slice(keyStart, end));
    if (escaped) break;
    end = start;
    if (text[end - 1] !== ' ' && text[end - 1] !== '\t') break;
    while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  }
  // A bare key is an identifier: `2024-05-11T10:20` and `12:30` have no key, and
  // `user@host:…` is an address (`@` starts only a key: `@password`).
  const last = words[words.length - 1];
  if (last === undefined || !/^[A-Za-z_$@]/.test(last) || last.indexOf('@') > 0) return undefined;
  return { text: words.join(' '), quoted: false, start: keyStart };
}

function readValue(
  scan: ValueScan,
  from: number,
): { valueStart: number; valueEnd: number; quoted: boolean } | undefined {
  const text = scan.text;
  let i = from;
  while (text[i] === ' ' || text[i] === '\t') i++;
  const escaped = text[i] === '\\' && QUOTES.includes(text[i + 1] ?? '\n');
  const quote = escaped ? text[i + 1] : text[i];
  if (quote !== undefined && QUOTES.includes(quote)) {
    const valueStart = i + (escaped ? 2 : 1);
    const closer = escaped ? `\\${quote}` : quote;
    const close = text.indexOf(closer, valueStart);
    const newline = scan.newline(valueStart);
    if (close < 0 || (newline >= 0 && newline < close) || close - valueStart > MAX_VALUE) return undefined;
    return close > valueStart ? { valueStart, valueEnd: close, quoted: true } : undefined;
  }
  let end = scan.unquotedEnd(i);
  // `}` ends a value inside an object (`{token: abc}`), but a value that opens with `{` is a
  // template (`_authToken={NPM_TOKEN}`) and keeps its brace.
  if (text[i] === '{' && text[end] === '}') end++;
  if (AUTH_SCHEME.test(text.slice(i, end)) && (text[end] === ' ' || text[end] === '\t')) {
    let j = end;
    while (text[j] === ' ' || text[j] === '\t') j++;
    end = Math.max(end, scan.unquotedEnd(j));
  }
  return end > i ? { valueStart: i, valueEnd: end, quoted: false } : undefined;
}

/**
 * Reads where values end, remembering what it has already read: the next newline, and a stretch
 * known to hold no character that ends an unquoted value. Values start further on as the scan
 * goes, so text full of operators (`k=k=k=…`) is read about once rather than once per operator.
 */
class ValueScan {
  /** No character of `UNQUOTED_STOP` in `[clearFrom, clearTo)`. */
  private clearFrom = 0;
  private clearTo = 0;
  /** The first newline at or after `newlineFrom` (-1: none). */
  private newlineFrom = -1;
  private newlineAt = -1;

  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  /** The first newline at or after `from`, or -1. */
  newline(from: number): number {
    const known =
      this.newlineFrom >= 0 && from >= this.newlineFrom && (this.newlineAt < 0 || from <= this.newlineAt);
    if (!known) {
      this.newlineFrom = from;
      this.newlineAt = this.text.indexOf('\n', from);
    }
    return this.newlineAt;
  }

  /** Where an unquoted value from `from` ends: at a stop character, the text's end, or `MAX_VALUE` on. */
  unquotedEnd(from: number): number {
    const text = this.text;
    const inside = from >= this.clearFrom && from < this.clearTo;
    let end = inside ? Math.min(this.clearTo, from + MAX_VALUE) : from;
    while (end < text.length && end - from < MAX_VALUE && UNQUOTED_STOP[text.charCodeAt(end)] !== 1) end++;
    if (!inside) this.clearFrom = from;
    this.clearTo = inside ? Math.max(this.clearTo, end) : end;
    return end;
  }
}
