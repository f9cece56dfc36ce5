import { decodePythonEscapes } from './python-escapes.ts';

/**
 * A Python token: a name (NFKC-normalised, as CPython compares them), an operator, a number, a
 * string literal's decoded content, or the end of a logical line.
 */
export type PyToken =
  | { kind: 'name'; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'number'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'newline'; text: '' };

/** Whether a token is the operator `text`. */
export function isOp(token: PyToken | undefined, text: string): boolean {
  return token?.kind === 'op' && token.text === text;
}

/** The tokens, or why the code is not Python CPython would run. */
export type PyLexResult = { ok: true; tokens: PyToken[] } | { ok: false; error: string };

// CPython starts a name at an ASCII letter, `_` or any non-ASCII character, then checks the whole
// NFKC-normalised name against XID_Start / XID_Continue; anything else is a syntax error.
const NAME_CHAR = /[A-Za-z0-9_]|[^\0-\x7f]/u;
const VALID_NAME = /^[\p{ID_Start}_][\p{ID_Continue}\u00b7\u0387\u1369-\u1371\u19da]*$/u;
/** A name of ASCII characters only: valid as it stands, and NFKC leaves it alone. */
const ASCII_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const STRING_PREFIX = /^(?:[rRuUbBfFtT]|[rR][bBfFtT]|[bBfFtT][rR])$/;
const NUMBER = /0[xXoObB][\da-fA-F_]*|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?/y;
const OPERATOR = /\*\*=?|\/\/=?|<<=?|>>=?|->|\.\.\.|:=|[-+*/%&|^@<>=!]=|[^\s]/uy;
const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);
/**
 * How deeply replacement fields may nest: CPython allows 150 f-strings nested in each other's
 * fields (`MAXFSTRINGLEVEL`) and format specs two fields deep, so deeper code cannot run.
 */
const MAX_FIELD_NESTING = 160;

/**
 * Tokenises Python the way CPython's tokenizer does where it matters for analysis: string
 * prefixes in any case and combination (`rb`, `Rb`, `fR`…), raw strings (a backslash still keeps
 * the next quote inside the string), escapes decoded, f-string replacement fields tokenised as
 * code (nested quotes, `{{` escapes, format specs), and names NFKC-normalised. Comments are
 * dropped. Anything CPython would reject in a way that changes the reading (an unterminated
 * string, an invalid character in a name) is an error, so unreadable code fails closed.
 *
 * @example
 * lexPython('f"{os.system(\'id\')}"') // a string, then ( os . system ( 'id' ) )
 */
export function lexPython(code: string): PyLexResult {
  const lexer = new Lexer(code);
  try {
    lexer.code(false);
    return { ok: true, tokens: lexer.tokens };
  } catch (error) {
    if (error instanceof LexError) return { ok: false, error: error.message };
    throw error;
  }
}

class LexError extends Error {}

class Lexer {
  readonly tokens: PyToken[] = [];
  private i = 0;
  /** How many replacement fields the lexer is inside now. */
  private fields = 0;

  private readonly source: string;

  constructor(source: string) {
    // CPython skips a byte order mark at the start of a file.
    this.source = source.startsWith('\ufeff') ? source.slice(1) : source;
  }

  /** Reads code; in a replacement field, stops before its `}`, `!` conversion or `:` spec. */
  code(field: boolean, multiline = true): void {
    const s = this.source;
    let depth = 0;
    while (this.i < s.length) {
      const ch = s[this.i] as string;
      if (ch === '#') {
        // A comment inside a single-line replacement field is a syntax error; in a multi-line one
        // it would end at the newline like any other.
        if (field && !multiline) throw new LexError('a comment inside an f-string replacement field');
        const end = s.indexOf('\n', this.i);
        this.i = end < 0 ? s.length : end;
        continue;
      }
      if (ch === '\n' || ch === '\r') {
        if (field && !multiline) throw new LexError('a line break inside an f-string replacement field');
        if (!field && depth === 0) this.newline();
        this.i += 1;
        continue;
      }
      if (ch === '\\') {
        // A line continuation: the backslash must end the line.
        const next = s[this.i + 1];
        if (next !== '\n' && next !== '\r') throw new LexError(`a stray backslash at offset ${this.i}`);
        this.i += 2;
        continue;
      }
      if (ch === ' ' || ch === '\t' || ch === '\f') {
        this.i += 1;
        continue;
      }
      if (field && depth === 0) {
        if (ch === '}' || ch === ':') return;
        if (ch === '!' && s[this.i + 1] !== '=') return;
      }
      if (NAME_CHAR.test(ch) && !/\d/.test(ch)) {
        this.nameOrString();
        continue;
      }
      if (ch === '"' || ch === "'") {
        this.string('');
        continue;
      }
      NUMBER.lastIndex = this.i;
      const number = NUMBER.exec(s);
      if (number && number[0].length > 0 && (ch !== '.' || /\d/.test(s[this.i + 1] ?? ''))) {
        this.tokens.push({ kind: 'number', text: number[0] });
        this.i += number[0].length;
        continue;
      }
      OPERATOR.lastIndex = this.i;
      const op = (OPERATOR.exec(s) as RegExpExecArray)[0];
      if (OPEN.has(op)) depth += 1;
      if (CLOSE.has(op)) {
        if (depth === 0 && field) return;
        depth = Math.max(0, depth - 1);
      }
      if (op === ';' && !field) this.newline();
      else this.tokens.push({ kind: 'op', text: op });
      this.i += op.length;
    }
    if (field) throw new LexError('an unterminated f-string replacement field');
    this.newline();
  }

  private newline(): void {
    if (this.tokens.at(-1)?.kind !== 'newline') this.tokens.push({ kind: 'newline', text: '' });
  }

  private nameOrString(): void {
    const s = this.source;
    let end = this.i;
    // ASCII letters, digits and `_` one by one; anything else by code point.
    while (end < s.length && isAsciiNameChar(s.charCodeAt(end))) end += 1;
    while (end < s.length) {
      const point = s.codePointAt(end) as number;
      const char = String.fromCodePoint(point);
      if (!NAME_CHAR.test(char)) break;
      end += char.length;
    }
    const raw = s.slice(this.i, end);
    if (STRING_PREFIX.test(raw) && (s[end] === '"' || s[end] === "'")) {
      this.i = end;
      this.string(raw.toLowerCase());
      return;
    }
    const ascii = ASCII_NAME.test(raw);
    const name = ascii ? raw : raw.normalize('NFKC');
    if (!ascii && !VALID_NAME.test(name))
      throw new LexError(`an invalid character in the name ${JSON.stringify(raw)}`);
    this.tokens.push({ kind: 'name', text: name });
    this.i = end;
  }

  /** A string literal at `this.i` (its opening quote), with its lower-cased prefix. */
  private string(prefix: string): void {
    const s = this.source;
    const start = this.i;
    const quote = s[start] as string;
    const triple = s.startsWith(quote.repeat(3), start);
    const delimiter = triple ? quote.repeat(3) : quote;
    const raw = prefix.includes('r');
    const formatted = prefix.includes('f') || prefix.includes('t');
    this.i = start + delimiter.length;
    if (formatted) {
      this.formatted(delimiter, raw, start);
      return;
    }
    let text = '';
    while (this.i < s.length) {
      const ch = s[this.i] as string;
      if (ch === '\\') {
        // Raw or not, a backslash keeps the next character (a quote, a newline) in the string.
        text += s.slice(this.i, this.i + 2);
        this.i += 2;
        continue;
      }
      if (s.startsWith(delimiter, this.i)) {
        this.i += delimiter.length;
        this.tokens.push({
          kind: 'string',
          text: raw ? text : decodePythonEscapes(text, prefix.includes('b')),
        });
        return;
      }
      if (!triple && (ch === '\n' || ch === '\r')) break;
      text += ch;
      this.i += 1;
    }
    throw new LexError(`an unterminated string starting at offset ${start}`);
  }

  /**
   * An f-string (or t-string) body: literal text, with each replacement field read as code. Any
   * quote may appear inside a field, as Python 3.12 reads it; code an older Python rejects for
   * that reason cannot run there, so reading it the newer way loses nothing.
   */
  private formatted(delimiter: string, raw: boolean, start: number): void {
    const s = this.source;
    const triple = delimiter.length === 3;
    const at = this.tokens.length;
    this.tokens.push({ kind: 'string', text: '' });
    const literal = this.literal(delimiter, raw, triple, false);
    if (!s.startsWith(delimiter, this.i))
      throw new LexError(`an unterminated f-string starting at offset ${start}`);
    this.i += delimiter.length;
    this.tokens[at] = { kind: 'string', text: literal };
  }

  /**
   * Literal text of an f-string up to its closing delimiter (or, in a format spec, up to the
   * field's `}`); each `{…}` field becomes `( tokens )` after the string. Returns the text.
   */
  private literal(delimiter: string, raw: boolean, triple: boolean, spec: boolean): string {
    const s = this.source;
    let text = '';
    while (this.i < s.length) {
      const ch = s[this.i] as string;
      if (!spec && s.startsWith(delimiter, this.i)) return raw ? text : decodePythonEscapes(text, false);
      if (ch === '\\') {
        const next = s[this.i + 1] ?? '';
        if (!raw && next === 'N' && s[this.i + 2] === '{') {
          const close = s.indexOf('}', this.i);
          if (close < 0) throw new LexError('an unterminated \\N{…} escape');
          text += s.slice(this.i, close + 1);
          this.i = close + 1;
          continue;
        }
        // The backslash keeps a quote or newline in the string, but a `{` after it still opens a
        // replacement field.
        text += next === '{' || next === '}' ? ch : s.slice(this.i, this.i + 2);
        this.i += next === '{' || next === '}' ? 1 : 2;
        continue;
      }
      if (!triple && (ch === '\n' || ch === '\r')) break;
      if (ch === '{' || ch === '}') {
        if (!spec && s[this.i + 1] === ch) {
          text += ch;
          this.i += 2;
          continue;
        }
        if (ch === '}') {
          if (spec) return text;
          throw new LexError(`a single '}' in an f-string at offset ${this.i}`);
        }
        this.field(delimiter, raw, triple);
        continue;
      }
      if (spec && s.startsWith(delimiter, this.i)) break;
      text += ch;
      this.i += 1;
    }
    throw new LexError('an unterminated f-string');
  }

  /** A replacement field at `this.i` (its `{`): `( expression )`, then conversion and spec. */
  private field(delimiter: string, raw: boolean, triple: boolean): void {
    const s = this.source;
    if (this.fields >= MAX_FIELD_NESTING) throw new LexError('f-string replacement fields nested too deeply');
    this.fields += 1;
    this.i += 1;
    this.tokens.push({ kind: 'op', text: '(' });
    this.code(true, triple);
    this.tokens.push({ kind: 'op', text: ')' });
    if (s[this.i] === '!') {
      this.i += 1;
      while (this.i < s.length && /\w/.test(s[this.i] as string)) this.i += 1;
    }
    if (s[this.i] === ':') {
      this.i += 1;
      this.literal(delimiter, raw, triple, true);
    }
    if (s[this.i] !== '}')
      throw new LexError(`an unterminated f-string replacement field at offset ${this.i}`);
    this.i += 1;
    this.fields -= 1;
  }
}

/** Whether a UTF-16 code unit is an ASCII letter, digit or `_`. */
function isAsciiNameChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95
  );
}

const KEYWORDS = new Set(
  'False None True and as assert async await break case class continue def del elif else except finally for from global if import in is lambda match nonlocal not or pass raise return try type while with yield'.split(
    ' ',
  ),
);

/**
 * Whether tokens could be a Python program: two names in a row (`const x`, `new Date`) are a
 * syntax error unless one is a keyword, so code written in another language rarely passes.
 */
export function plausiblePython(tokens: PyToken[]): boolean {
  for (let i = 1; i < tokens.length; i++) {
    const a = tokens[i - 1] as PyToken;
    const b = tokens[i] as PyToken;
    if (a.kind === 'name' && b.kind === 'name' && !KEYWORDS.has(a.text) && !KEYWORDS.has(b.text))
      return false;
  }
  return true;
}
