const SIMPLE: Record<string, string> = {
  '\n': '',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * Decodes the escapes of a non-raw Python string literal's body as CPython does (`\x2e`, `\056`,
 * `\u002e`, `\N{FULL STOP}`…), so that text split by escapes reads as the runtime sees it. `\u`,
 * `\U` and `\N` are escapes only outside bytes; an unknown escape keeps its backslash. A named
 * escape is resolved only for the few punctuation names paths are built from; others become
 * U+FFFD.
 *
 * @example
 * decodePythonEscapes('/root/\\x2eaws', false) // '/root/.aws'
 */
export function decodePythonEscapes(body: string, bytes: boolean): string {
  if (!body.includes('\\')) return body;
  return body.replace(
    /\\(?:([0-7]{1,3})|x([\da-fA-F]{2})|u([\da-fA-F]{4})|U([\da-fA-F]{8})|N\{([^}]*)\}|(\r\n|[\s\S]))/g,
    (whole, octal?: string, hex?: string, u4?: string, u8?: string, named?: string, other?: string) => {
      if (octal !== undefined) return String.fromCodePoint(Number.parseInt(octal, 8));
      if (hex !== undefined) return String.fromCodePoint(Number.parseInt(hex, 16));
      if (bytes && (u4 !== undefined || u8 !== undefined || named !== undefined)) return whole;
      if (u4 !== undefined) return String.fromCodePoint(Number.parseInt(u4, 16));
      if (u8 !== undefined) {
        const point = Number.parseInt(u8, 16);
        return point <= 0x10ffff ? String.fromCodePoint(point) : '\ufffd';
      }
      if (named !== undefined) return NAMED[named.toUpperCase()] ?? '\ufffd';
      if (other === '\r\n') return '';
      return other !== undefined && Object.hasOwn(SIMPLE, other) ? (SIMPLE[other] as string) : whole;
    },
  );
}

const NAMED: Record<string, string> = {
  'FULL STOP': '.',
  SOLIDUS: '/',
  'REVERSE SOLIDUS': '\\',
  'LOW LINE': '_',
  'HYPHEN-MINUS': '-',
  TILDE: '~',
  COLON: ':',
  SPACE: ' ',
};
