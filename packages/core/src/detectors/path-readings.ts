/** One way some layer between an agent and the file system may read a path. */
export interface PathReading {
  /** The path as that layer sees it. */
  text: string;
  /** How it was derived from the original, for block reasons: `'as written'`, `'percent-decoded'`, … */
  how: string;
}

/** Percent-decoding rounds: a proxy, a framework and a handler may each decode once. */
const maxRounds = 3;

/**
 * Look-alikes of `/`, `\` and `.` that NFKC leaves alone (∕ ⁄ ∖ ⧸ ⧹) or that some decoders map
 * without normalising (／ ＼ ． ․).
 */
const lookAlikes: Readonly<Record<string, string>> = {
  '\u2215': '/',
  '\u2044': '/',
  '\uFF0F': '/',
  '\u29F8': '/',
  '\u2216': '\\',
  '\uFF3C': '\\',
  '\u29F9': '\\',
  '\uFF0E': '.',
  '\u2024': '.',
};
const lookAlikePattern = new RegExp(`[${Object.keys(lookAlikes).join('')}]`, 'gu');

const nonAscii = /[^\p{ASCII}]/u;
const escapePattern = /%[uU]([0-9a-fA-F]{4})|%([0-9a-fA-F]{2})/g;
const unitEscape = /%[uU][0-9a-fA-F]{4}/;
const encoder = new TextEncoder();
const standardDecoder = new TextDecoder('utf-8');

/**
 * Every reading of a path a traversal check must consider: as written; after up to three
 * rounds of percent-decoding (`%XX`, and IIS `%uXXXX` or not), each decoding its bytes as standard
 * UTF-8, as IIS-style UTF-8 that accepts over-long and malformed forms (`%c0%ae` → `.`), and as
 * UTF-8 with invalid bytes dropped (`%c0%2e` → `.`); each of those with Unicode look-alikes folded
 * (NFKC plus the slashes and dots NFKC keeps) and cut at the first NUL. A `%` not followed by
 * two hex digits stays literal, so `%%32%65` needs two rounds. The simplest readings come first.
 *
 * @example
 * pathReadings('%c0%ae%c0%ae/x').map((r) => r.text) // ['%c0%ae%c0%ae/x', '\uFFFD\uFFFD\uFFFD\uFFFD/x', '../x', '/x']
 */
export function pathReadings(path: string): PathReading[] {
  // ASCII without `%` or NUL has no other reading: NFKC and the look-alike folding change only
  // non-ASCII characters, and there is nothing to decode or cut.
  if (!path.includes('%') && !path.includes('\0') && !nonAscii.test(path))
    return [{ text: path, how: 'as written' }];
  const readings = new Map<string, string>();
  let frontier: PathReading[] = [];
  const expand = (text: string, how: string, into: PathReading[]) => {
    const folded = fold(text);
    const candidates: PathReading[] = [
      { text, how },
      { text: folded, how: `${how}, look-alikes folded` },
      { text: cutAtNul(text), how: `${how}, cut at NUL` },
      { text: cutAtNul(folded), how: `${how}, look-alikes folded, cut at NUL` },
    ];
    for (const candidate of candidates) {
      if (readings.has(candidate.text)) continue;
      readings.set(candidate.text, candidate.how);
      into.push(candidate);
    }
  };
  expand(path, 'as written', frontier);
  for (let round = 1; round <= maxRounds && frontier.length > 0; round++) {
    const next: PathReading[] = [];
    for (const reading of frontier) {
      const prefix = reading.how === 'as written' ? '' : `${reading.how}, then `;
      // A decoder that knows only `%XX` leaves `%uXXXX` as text (`a%u002fb/../..` climbs two
      // levels), and one that knows only `%uXXXX` leaves `%XX`: each is a reading of its own.
      const kinds = unitEscape.test(reading.text) ? ESCAPE_KINDS : ESCAPE_KINDS.slice(0, 1);
      for (const kind of kinds) {
        const bytes = decodeEscapes(reading.text, kind);
        if (!bytes) continue;
        const how = `${prefix}percent-decoded${kind === 'both' ? '' : ` (${kind} only)`}`;
        expand(standardDecoder.decode(bytes), how, next);
        expand(decodeUtf8(bytes, true), `${how} as IIS UTF-8`, next);
        expand(decodeUtf8(bytes, false), `${how} dropping invalid UTF-8`, next);
      }
    }
    frontier = next;
  }
  return [...readings].map(([text, how]) => ({ text, how }));
}

type EscapeKind = 'both' | '%XX' | '%uXXXX';
const ESCAPE_KINDS: EscapeKind[] = ['both', '%XX', '%uXXXX'];

/**
 * One round of decoding `%XX`, `%uXXXX` or both to bytes, or undefined when there is nothing to
 * decode; escapes of the other kind stay as text.
 */
function decodeEscapes(text: string, kind: EscapeKind): Uint8Array | undefined {
  const bytes: number[] = [];
  let pending = '';
  let last = 0;
  let found = false;
  const flush = () => {
    for (const byte of encoder.encode(pending)) bytes.push(byte);
    pending = '';
  };
  for (const match of text.matchAll(escapePattern)) {
    pending += text.slice(last, match.index);
    last = match.index + match[0].length;
    const [, unit, byte] = match;
    if (unit === undefined ? kind === '%uXXXX' : kind === '%XX') {
      pending += match[0];
      continue;
    }
    found = true;
    // %uXXXX is a UTF-16 code unit; gathering units before encoding keeps surrogate pairs whole.
    if (unit !== undefined) pending += String.fromCharCode(Number.parseInt(unit, 16));
    else if (byte !== undefined) {
      flush();
      bytes.push(Number.parseInt(byte, 16));
    }
  }
  if (!found) return undefined;
  pending += text.slice(last);
  flush();
  return Uint8Array.from(bytes);
}

/**
 * Decodes UTF-8 the way lenient servers did. With `iis`, as IIS did before MS00-078: the bits of
 * a sequence are taken without checking that it is minimal or that its trailing bytes are
 * continuation bytes, so `c0 ae` is `.`, `c0 af` is `/`, `c1 9c` and `c1 1c` are `\`. Without
 * it, malformed and over-long sequences are dropped instead of replaced, so `c0 2e` is `.`.
 */
function decodeUtf8(bytes: Uint8Array, iis: boolean): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    const length = sequenceLength(lead, iis);
    if (length === 1 || i + length > bytes.length) {
      if (lead < 0x80) out += String.fromCharCode(lead);
      i += 1;
      continue;
    }
    let codePoint = lead & (0xff >> (length + 1));
    let wellFormed = true;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k] ?? 0;
      wellFormed &&= (next & 0xc0) === 0x80;
      codePoint = codePoint * 64 + (next & 0x3f);
    }
    if (!iis && !wellFormed) {
      // Drop the lead byte only; what follows may be plain ASCII, as in `%c0%2e`.
      i += 1;
      continue;
    }
    const minimal = codePoint >= (minimumCodePoint[length] ?? 0);
    const inRange = codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff);
    if (inRange && (iis || minimal)) out += String.fromCodePoint(codePoint);
    i += length;
  }
  return out;
}

const minimumCodePoint: Readonly<Record<number, number>> = { 2: 0x80, 3: 0x800, 4: 0x10000 };

/** Bytes in the sequence a lead byte starts; 1 for ASCII and for bytes that start nothing. */
function sequenceLength(lead: number, iis: boolean): number {
  if (lead >= 0xc0 && lead < 0xe0) return 2;
  if (lead >= 0xe0 && lead < 0xf0) return 3;
  if (lead >= 0xf0 && lead < 0xf8) return 4;
  // Five- and six-byte forms were never valid UTF-8, but IIS read them.
  if (iis && lead >= 0xf8 && lead < 0xfc) return 5;
  if (iis && lead >= 0xfc && lead < 0xfe) return 6;
  return 1;
}

function fold(text: string): string {
  return text.normalize('NFKC').replace(lookAlikePattern, (char) => lookAlikes[char] ?? char);
}

function cutAtNul(text: string): string {
  const nul = text.indexOf('\0');
  return nul < 0 ? text : text.slice(0, nul);
}
