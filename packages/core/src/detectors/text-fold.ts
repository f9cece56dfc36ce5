import type { Finding } from './finding.ts';
import { resolveOverlaps } from './resolve-overlaps.ts';

/**
 * A text with what hides a value from the detectors undone, and where each of its code units
 * came from in the original.
 */
export interface FoldedText {
  /** The folded text. */
  text: string;
  /** `from[i]`: offset in the original of what folded unit `i` was read from. */
  from: Int32Array;
  /** `until[i]`: offset in the original just past what folded unit `i` was read from. */
  until: Int32Array;
  /** `changed[i]`: 1 when unit `i` differs from the original or hidden units were dropped before it. */
  changed: Uint8Array;
}

// Every character folding acts on is outside Latin-1 or is `%`, `\` or the soft hyphen. A test
// for a character outside Latin-1 fails at once on a one-byte string (all ASCII text), and each
// search for one character runs at memchr speed, so plain text costs four quick tests.
const NON_LATIN1 = /[\u0100-\uFFFF]/;
// What `foldText` folds: invisible characters, decimal digits of other scripts (fullwidth,
// Arabic-Indic, mathematical…), `%XX` (ASCII only) and JSON `\uXXXX` escapes.
const FOLDABLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]|(?![0-9])\p{Nd}|%[0-7][0-9A-Fa-f]|\\u[0-9A-Fa-f]{4}/u;

/**
 * Whether a text holds anything {@link foldText} would change. Cheap on plain ASCII text, which
 * is what nearly every argument is.
 *
 * @example
 * mayFold('jane.doe%40example.com'); // true
 * mayFold('plain text'); // false
 */
export function mayFold(text: string): boolean {
  return (
    (NON_LATIN1.test(text) || text.includes('%') || text.includes('\\') || text.includes('\u00AD')) &&
    FOLDABLE.test(text)
  );
}

// Zero-width space, non-joiner and joiner, word joiner, byte-order mark and soft hyphen: they
// render as nothing, so one inside a token, a card number or an address hides it from a pattern
// while the reader (and often the receiving API) still sees the value.
const isInvisible = (code: number) =>
  code === 0x00ad || (code >= 0x200b && code <= 0x200d) || code === 0x2060 || code === 0xfeff;

const DECIMAL_DIGIT = /^\p{Nd}$/u;
const digitValues = new Map<number, number>();

/**
 * The value of a decimal digit of any script. Unicode assigns decimal digits in runs of ten from
 * zero (some runs adjoin, as the mathematical digits do), so the distance from the start of the
 * run, modulo ten, is the value.
 */
function digitValue(code: number): number {
  let value = digitValues.get(code);
  if (value === undefined) {
    let zero = code;
    while (code - zero < 60 && DECIMAL_DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
    value = (code - zero) % 10;
    digitValues.set(code, value);
  }
  return value;
}

const hexAt = (text: string, at: number, length: number): number => {
  const hex = text.slice(at, at + length);
  return hex.length === length && /^[0-9A-Fa-f]+$/.test(hex) ? Number.parseInt(hex, 16) : -1;
};

// What `readAt` read: a code point and how many units of the original it took.
let readLength = 1;

/** The code point at `at`, with `%XX` (ASCII) and `\uXXXX` (surrogate pairs too) decoded. */
function readAt(text: string, at: number): number {
  const unit = text.charCodeAt(at);
  if (unit === 0x25) {
    const byte = hexAt(text, at + 1, 2);
    // Only ASCII: a multi-byte UTF-8 sequence spells no digit, `@` or token character.
    if (byte >= 0 && byte < 0x80) {
      readLength = 3;
      return byte;
    }
  } else if (unit === 0x5c && text.charCodeAt(at + 1) === 0x75) {
    const code = hexAt(text, at + 2, 4);
    if (code >= 0) {
      readLength = 6;
      if (code >= 0xd800 && code <= 0xdbff && text.startsWith('\\u', at + 6)) {
        const low = hexAt(text, at + 8, 4);
        if (low >= 0xdc00 && low <= 0xdfff) {
          readLength = 12;
          return (code - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        }
      }
      return code;
    }
  }
  const code = text.codePointAt(at) as number;
  readLength = code > 0xffff ? 2 : 1;
  return code;
}

/**
 * A copy of `text` as a reader sees it: invisible characters dropped, decimal digits of any script
 * read as ASCII digits, `%XX` and `\uXXXX` escapes decoded. Undefined when nothing changes.
 *
 * @example
 * foldText('4111%201111%201111%201111')?.text; // '4111 1111 1111 1111'
 */
export function foldText(text: string): FoldedText | undefined {
  const from = new Int32Array(text.length);
  const until = new Int32Array(text.length);
  const changed = new Uint8Array(text.length);
  let out = '';
  let length = 0;
  let runStart = 0;
  let dropped = false;
  let any = false;
  for (let at = 0; at < text.length; ) {
    const code = readAt(text, at);
    const read = readLength;
    let replacement: string | undefined;
    if (isInvisible(code)) replacement = '';
    else if (code > 0x7f && DECIMAL_DIGIT.test(String.fromCodePoint(code)))
      replacement = String(digitValue(code));
    // An escape (`%40`, `\u0040`) is longer than what it stands for.
    else if (read > 2) replacement = String.fromCodePoint(code);
    if (replacement === undefined) {
      // Kept as it is: the units are copied with the run they belong to.
      for (let i = 0; i < read; i++) {
        from[length] = at + i;
        until[length] = read === 2 ? at + 2 : at + 1;
        if (dropped) changed[length] = 1;
        dropped = false;
        length++;
      }
    } else {
      any = true;
      out += text.slice(runStart, at) + replacement;
      runStart = at + read;
      for (let i = 0; i < replacement.length; i++) {
        from[length] = at;
        until[length] = at + read;
        changed[length] = 1;
        length++;
      }
      dropped = replacement === '';
    }
    at += read;
  }
  if (!any) return undefined;
  out += text.slice(runStart);
  return { text: out, from: from.subarray(0, length), until: until.subarray(0, length), changed };
}

/**
 * Adds to `findings` (those of `text` itself) what `scan` finds in the folded copy of `text` and
 * could not find in `text`: each such finding covers a folded character, and its span is mapped
 * back onto `text`, so the whole hidden value is redacted. Where it overlaps a finding of `text`
 * (the part before a zero-width space), the folded reading, which sees the whole value, wins.
 *
 * @example
 * withFolded('jane.doe%40example.com', [], (t) => detectPii(t)); // one EMAIL_ADDRESS, 0–22
 */
export function withFolded(text: string, findings: Finding[], scan: (text: string) => Finding[]): Finding[] {
  const folded = foldText(text);
  if (folded === undefined) return findings;
  const extra: Finding[] = [];
  for (const finding of scan(folded.text)) {
    let changed = false;
    for (let i = finding.start; i < finding.end && !changed; i++) changed = folded.changed[i] === 1;
    if (!changed) continue;
    extra.push({
      ...finding,
      start: folded.from[finding.start] as number,
      end: folded.until[finding.end - 1] as number,
    });
  }
  if (extra.length === 0) return findings;
  // Findings as detectors return them are in position order without overlaps, and mapping them
  // back onto `text` keeps them so: then no `resolveOverlaps` is needed, which on thousands of
  // findings costs more than the rest.
  const kept = inOrder(extra) ? extra : resolveOverlaps(extra);
  if (!inOrder(findings)) {
    for (const finding of findings) {
      if (!kept.some((k) => k.start < finding.end && finding.start < k.end)) kept.push(finding);
    }
    return kept.length > 1 ? resolveOverlaps(kept) : kept;
  }
  // One pass over both lists finds whether a finding of `text` overlaps a folded one (the first
  // that ends after it starts), and a second merges those that do not, in position order.
  const added: Finding[] = [];
  let k = 0;
  for (const finding of findings) {
    while (k < kept.length && (kept[k] as Finding).end <= finding.start) k++;
    const next = kept[k];
    if (!next || next.start >= finding.end) added.push(finding);
  }
  const merged: Finding[] = [];
  let a = 0;
  for (const finding of added) {
    while (a < kept.length && (kept[a] as Finding).start < finding.start) merged.push(kept[a++] as Finding);
    merged.push(finding);
  }
  while (a < kept.length) merged.push(kept[a++] as Finding);
  return merged;
}

/**
 * Whether findings are in position order, none empty and none overlapping the next: what
 * `resolveOverlaps` returns, and what it returns unchanged.
 */
function inOrder(findings: readonly Finding[]): boolean {
  for (let i = 0; i < findings.length; i++) {
    const finding = findings[i] as Finding;
    if (finding.start >= finding.end) return false;
    if (i > 0 && (findings[i - 1] as Finding).end > finding.start) return false;
  }
  return true;
}
